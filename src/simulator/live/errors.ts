import type { Error as LiveError } from 'openai/resources/live/live';
import type { WireError } from '../wire-errors';

export type { LiveError };

/** A Live `error` object: `param` only when there is one (the types say optional, not null). */
export function liveError(
  code: string,
  message: string,
  param?: string | null,
  type = 'invalid_request_error',
): LiveError {
  return { type, code, message, ...(param ? { param } : {}) };
}

/** The shared zod-issue wording (OpenAI API codes), in Live's shape. */
export function fromWireError(error: WireError): LiveError {
  return liveError(error.code, error.message, error.param, error.type);
}

/** A feature of the service the simulator does not model, said plainly. */
export function notSimulated(what: string, param?: string): LiveError {
  return liveError('not_simulated', `${what} is not simulated by Hark's simulator.`, param);
}
