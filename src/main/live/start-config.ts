/**
 * The one `session.start` of a GPT-Live session. Everything in it is immutable for the
 * session's life (model, persona, voice, audio format, history); the object is strict, so
 * unset fields are left out rather than sent as null.
 */
import type { StartupTurn } from '../engine/engine';
import {
  LIVE_AUDIO_FORMAT,
  STARTUP_INPUT_MAX_ITEMS,
  type BackendTool,
  type StartSession,
  type StartupItem,
} from './protocol';

export interface StartSettings {
  model: string;
  instructions: string;
  voice: string;
  backendModel: string;
  tools: BackendTool[];
  history: StartupTurn[];
}

export function buildSessionStart(settings: StartSettings): StartSession {
  const input = startupInput(settings.history);
  return {
    model: settings.model as StartSession['model'],
    ...(settings.instructions.trim() ? { instructions: settings.instructions } : {}),
    audio: { format: LIVE_AUDIO_FORMAT, output: { voice: settings.voice } },
    delegation: {
      type: 'responses',
      responses: {
        model: settings.backendModel,
        ...(settings.tools.length > 0
          ? { tools: settings.tools, tool_choice: 'auto' as const }
          : {}),
      },
    },
    ...(input.length > 0 ? { input } : {}),
  } as StartSession;
}

/** The conversation as startup messages: the newest 128, one text part each, blanks left out. */
export function startupInput(history: StartupTurn[]): StartupItem[] {
  return history
    .filter((turn) => turn.text.trim())
    .slice(-STARTUP_INPUT_MAX_ITEMS)
    .map((turn) =>
      turn.role === 'user'
        ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.text }] }
        : {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: turn.text }],
          },
    );
}
