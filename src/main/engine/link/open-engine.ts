/**
 * The engine factory: the link hands over the whole startup (persona, voice, tools and the
 * conversation so far) and gets a session of the engine the endpoint speaks.
 */
import { LiveSession, type LiveSessionOptions } from '../../live/session';
import { DEFAULT_BACKEND_MODEL, type BackendTool } from '../../live/protocol';
import { RealtimeSession, type SessionOptions } from '../../realtime/session';
import type { SessionSettings } from '../../realtime/session-config';
import type { EngineSession, StartupTurn } from '../engine';
import type { Endpoint } from '../providers';

export interface EngineSessionSettings extends SessionSettings {
  /** GPT-Live: the Responses model that runs tools and reasoning. */
  backendModel?: string;
  /** The conversation so far; GPT-Live takes it in `session.start`. */
  history?: StartupTurn[];
}

export function openEngineSession(
  endpoint: Endpoint,
  settings: EngineSessionSettings,
  options: SessionOptions & LiveSessionOptions,
): EngineSession {
  if (endpoint.engine === 'live') {
    return new LiveSession(
      endpoint,
      {
        model: endpoint.model,
        instructions: settings.instructions,
        voice: settings.voice,
        backendModel: settings.backendModel || DEFAULT_BACKEND_MODEL,
        // Realtime's function and MCP declarations are the Responses shapes the backend takes.
        tools: (settings.tuning?.tools ?? []) as BackendTool[],
        history: settings.history ?? [],
      },
      options,
    );
  }
  return new RealtimeSession(endpoint, settings, options);
}
