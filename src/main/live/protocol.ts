/**
 * GPT-Live wire types, from the `openai` package (type-only: nothing of the SDK runs here).
 * `node_modules/openai/src/resources/live/live.ts` is the authority; /work/shared/live-notes.md
 * gathers what it does not say.
 */
import type {
  ClientEvent,
  InitialItem,
  ResponsesDelegationConfig,
  ServerEvent,
  SessionConfig,
} from 'openai/resources/live/live';

export type {
  ClientEvent as LiveClientEvent,
  ErrorEvent as LiveErrorEvent,
  InitialItem,
  ServerEvent as LiveServerEvent,
  SessionClosedEvent,
  SessionConfig as LiveSessionConfig,
  SessionStartedEvent,
} from 'openai/resources/live/live';

export type LiveServerEventType = ServerEvent['type'];
export type LiveClientEventType = ClientEvent['type'];

/** A tool for the Responses backend. MCP keeps the Responses shape (label, URL, token, approval). */
export type BackendTool = NonNullable<ResponsesDelegationConfig['tools']>[number];

export type StartSession = SessionConfig;
export type StartupItem = InitialItem;

/** `session.closed.reason` (L:3543-3548). */
export type LiveCloseReason =
  'close_requested' | 'expired' | 'content' | 'remote_hangup' | 'connection_lost';

/** The published audio format Hark uses on both sides: mono PCM16 at 24 kHz. */
export const LIVE_AUDIO_FORMAT = { type: 'audio/pcm', rate: 24000 } as const;

/** The models GPT-Live offers (the types list `gpt-live-1`; `gpt-live-1.1` is on its model page). */
export const LIVE_MODELS = ['gpt-live-1.1', 'gpt-live-1'] as const;

/**
 * The Responses model GPT-Live delegates to unless the settings name another: the default
 * LiveKit's GPT-Live plugin documents (docs/gpt-live.md says why this one).
 */
export const DEFAULT_BACKEND_MODEL = 'gpt-5.6-luna';

/** Per-session caps on what `response.item.create` may append (field report, live-notes §3 c1.9). */
export const RESPONSE_INPUT_MAX_BYTES = 32_768;
export const RESPONSE_INPUT_MAX_ITEMS = 128;
/** `session.start.input`: at most this many messages (L:3603-3608). */
export const STARTUP_INPUT_MAX_ITEMS = 128;
