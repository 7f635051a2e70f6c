/**
 * The one table that turns close codes, HTTP statuses and server error codes into
 * sentences a user can act on. Everything that explains a failure goes through here.
 */
import { shapeRedactor } from './redaction';

export interface ServerErrorInfo {
  type: string;
  code: string | null;
  message: string;
  /** The client event_id the server blamed, when it said. */
  eventId: string | null;
  /** The type of the client event with that id, when Hark still remembers it. */
  causedBy: string | null;
}

export interface FailureFacts {
  /** WebSocket close code; null when the socket never opened. */
  code: number | null;
  reason: string;
  /** HTTP status of a refused upgrade. */
  httpStatus?: number | undefined;
  /** Retry-After of a refused upgrade, in seconds. */
  retryAfterSeconds?: number | undefined;
  /** A network-level error (ECONNREFUSED, ENOTFOUND, TLS …). */
  networkError?: string | undefined;
  /** The system proxy the socket went through, when there was one. */
  proxy?: string | undefined;
  /** The last client event sent before the failure. */
  afterClientEvent: string | null;
  /** How many input_audio_buffer.append events had been sent on this socket. */
  appendsSent: number;
  /** Milliseconds from the first append to the close; null when none was sent. */
  msSinceFirstAppend?: number | null | undefined;
  /** The last `error` event the server sent (or the one in a refused upgrade's body). */
  serverError: ServerErrorInfo | null;
  /** True when Hark itself closed the socket (user action, end of a doctor run). */
  closedByClient?: boolean | undefined;
}

export interface Diagnosis {
  /** A sentence or two saying what happened and what to do. */
  text: string;
  /** Retrying cannot help; a person must change something. */
  permanent: boolean;
  /** Short label for the health pill. */
  title: string;
}

const PERMANENT_ERROR_CODES = new Set([
  'invalid_api_key',
  'model_not_found',
  'insufficient_quota',
  // GPT-Live (live-notes §5): billing and account states no retry can change.
  'credit_balance_exhausted',
  'billing_hard_limit_reached',
  'account_deactivated',
]);

/** Error codes after which retrying cannot help: a person must change something. */
export function isPermanentErrorCode(code: string | null): boolean {
  return code !== null && PERMANENT_ERROR_CODES.has(code);
}
const PERMANENT_HTTP = new Set([400, 401, 403, 404]);

export const CLOSE_CODE_MEANINGS: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code',
  1006: 'abnormal closure (no close frame)',
  1007: 'invalid frame payload',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
  1012: 'service restart',
  1013: 'try again later',
  3000: 'closed by the service (see the reason)',
  4000: 'beta API shape disabled',
};

/** A close reason of the form `<type>.<code>`, e.g. `invalid_request_error.invalid_api_key`. */
export function parseCloseReason(reason: string): { type: string; code: string } | null {
  const match = /^([a-z][a-z_]*)\.([a-z0-9][a-z0-9_]*)$/.exec(reason.trim());
  return match ? { type: match[1]!, code: match[2]! } : null;
}

export function describeCloseCode(code: number | null): string {
  if (code === null) return 'no WebSocket (upgrade refused)';
  return CLOSE_CODE_MEANINGS[code] ?? (code >= 4000 ? 'application-defined' : 'unknown');
}

export function diagnose(facts: FailureFacts): Diagnosis {
  // Close reasons name the error as `<type>.<code>` (3000 and 4000 closes carry them).
  const reasonError = parseCloseReason(facts.reason);
  // Server text was redacted where it entered (connection.ts); secret shapes are caught here too.
  const serverSays = facts.serverError
    ? ` The server said: "${shapeRedactor.text(facts.serverError.message)}".`
    : reasonError
      ? ` The close reason was "${facts.reason.trim()}".`
      : '';
  const errorCode = facts.serverError?.code ?? reasonError?.code ?? null;

  // A refusal without the service's JSON error body came from the proxy, not the service.
  if (facts.proxy && (facts.networkError || (facts.httpStatus && !facts.serverError)))
    return diagnoseProxy(facts.proxy, facts);
  if (facts.httpStatus !== undefined) return diagnoseHttp(facts, serverSays);
  if (facts.networkError) return diagnoseNetwork(facts.networkError);

  if (
    (facts.code === 4000 && (!reasonError || reasonError.code === 'beta_api_shape_disabled')) ||
    facts.reason.includes('beta_api_shape_disabled')
  ) {
    return {
      title: 'Beta protocol refused',
      permanent: true,
      text:
        'The server closed the connection with 4000 (beta_api_shape_disabled): the beta protocol is disabled. ' +
        'The client sent the "OpenAI-Beta: realtime=v1" header or beta-shaped events. Remove that header and use the GA ' +
        'session shape (session.type "realtime", audio.input.format {type:"audio/pcm", rate:24000}). Hark never sends it; ' +
        'if you see this through a proxy, the proxy adds it.',
    };
  }

  if (errorCode) {
    const byCode = diagnoseServerError(errorCode, serverSays);
    if (byCode) return byCode;
  }
  if (reasonError && (facts.code === 3000 || (facts.code ?? 0) >= 4000)) {
    return {
      title: 'Closed by the service',
      permanent: PERMANENT_ERROR_CODES.has(reasonError.code),
      text: `The service closed the connection with ${facts.code} because of ${reasonError.code.replaceAll('_', ' ')} (${reasonError.type}.${reasonError.code}).${facts.afterClientEvent ? ` Hark had just sent ${facts.afterClientEvent}.` : ''}`,
    };
  }

  switch (facts.code) {
    case 1000:
      if (facts.closedByClient) {
        return { title: 'Closed', permanent: false, text: 'Hark closed the connection.' };
      }
      if (
        facts.afterClientEvent === 'input_audio_buffer.append' &&
        !facts.reason &&
        closedOnFirstAudio(facts)
      ) {
        return {
          title: 'Closed after first audio',
          permanent: false,
          text:
            'The server closed the connection normally (1000) with no reason right after the first ' +
            'input_audio_buffer.append. That pattern means the server would not accept the audio message: most often it ' +
            'arrived as a binary WebSocket frame instead of a JSON text frame, or the session was configured with the beta ' +
            'shape. Check that every event is one JSON text frame, that "audio" is base64 of 24 kHz mono PCM16, and that ' +
            'session.update used audio.input.format {type:"audio/pcm", rate:24000}. Run `npm run doctor -- --url <same URL>` ' +
            'to compare with a client that does all three.',
        };
      }
      return {
        title: 'Closed by server',
        permanent: false,
        text:
          `The server closed the connection normally (1000)${facts.reason ? ` saying "${facts.reason}"` : ' without a reason'}` +
          `${facts.afterClientEvent ? ` after Hark sent ${facts.afterClientEvent}` : ''}. Reconnecting starts a new session.${serverSays}`,
      };
    case 1001:
      return {
        title: 'Server going away',
        permanent: false,
        text:
          'The server is going away (1001): the session expired (60 min on OpenAI, 30 min on Azure) or the service is ' +
          `restarting. Hark reconnects with a new session; the conversation starts fresh.${serverSays}`,
      };
    case 1006:
      return {
        title: 'Connection lost',
        permanent: false,
        text:
          'The connection dropped without a close frame (1006): the network went away, a proxy or firewall cut it, ' +
          'or the machine slept. Hark reconnects; check your network if this repeats.',
      };
    case 1002:
    case 1003:
    case 1007:
      return {
        title: 'Protocol error',
        permanent: false,
        text:
          `The server closed the connection because of what it received (${facts.code}, ${describeCloseCode(facts.code)})` +
          `${facts.afterClientEvent ? ` after ${facts.afterClientEvent}` : ''}. Every event must be one JSON text frame with ` +
          `valid UTF-8.${serverSays}`,
      };
    case 1008:
      return {
        title: 'Policy violation',
        permanent: true,
        text: `The server closed the connection for a policy violation (1008)${facts.reason ? `: "${facts.reason}"` : ''}. Check the key's permissions and the account's status.${serverSays}`,
      };
    case 1009:
      return {
        title: 'Message too big',
        permanent: false,
        text:
          'A message was larger than the receiver accepts (1009). If Hark closed it, the server sent an oversized frame; ' +
          'if the server did, an audio append was too large (keep appends under 15 MiB; Hark sends 20 ms frames).',
      };
    case 1011:
    case 1012:
    case 1013:
      return {
        title: 'Server error',
        permanent: false,
        text: `The server had an internal problem (${facts.code}, ${describeCloseCode(facts.code)}). Hark retries with backoff; this is not something on your side.${serverSays}`,
      };
    default:
      return {
        title: 'Disconnected',
        permanent: false,
        text: `The connection closed with code ${facts.code ?? 'none'} (${describeCloseCode(facts.code)})${facts.reason ? `: "${facts.reason}"` : ''}${facts.afterClientEvent ? ` after Hark sent ${facts.afterClientEvent}` : ''}.${serverSays}`,
      };
  }
}

/** The window in which a close still answers the first append: appends keep flowing meanwhile. */
export const FIRST_AUDIO_WINDOW_MS = 1500;

function closedOnFirstAudio(facts: FailureFacts): boolean {
  if (facts.appendsSent <= 1) return true;
  return (
    facts.msSinceFirstAppend !== null &&
    facts.msSinceFirstAppend !== undefined &&
    facts.msSinceFirstAppend <= FIRST_AUDIO_WINDOW_MS
  );
}

function diagnoseHttp(facts: FailureFacts, serverSays: string): Diagnosis {
  const status = facts.httpStatus!;
  const permanent = PERMANENT_HTTP.has(status);
  switch (status) {
    case 400:
      return {
        title: 'Request refused',
        permanent,
        text: `The server refused the connection request (HTTP 400): the URL or its query is malformed — check the model parameter.${serverSays}`,
      };
    case 401:
      return {
        title: 'API key rejected',
        permanent,
        text: `The API key was rejected (HTTP 401). Check that it is complete and not revoked, and that it belongs to this provider (an Azure key does not work on OpenAI).${serverSays}`,
      };
    case 403:
      return {
        title: 'Access denied',
        permanent,
        text: `The key is valid but may not use the Realtime API here (HTTP 403): check the project's permissions, the organisation, or the region.${serverSays}`,
      };
    case 404:
      return {
        title: 'Model or URL not found',
        permanent,
        text: `Nothing answers at that address (HTTP 404): the model or Azure deployment name is wrong, or the path is not /v1/realtime (Azure: /openai/v1/realtime).${serverSays}`,
      };
    case 429:
      return {
        title: 'Rate limited',
        permanent: false,
        text: `Too many requests (HTTP 429)${facts.retryAfterSeconds !== undefined ? `; the server asks to wait ${facts.retryAfterSeconds} s` : ''}. If it persists, check your quota and billing.${serverSays}`,
      };
    default:
      if (status >= 500) {
        return {
          title: 'Server error',
          permanent: false,
          text: `The service failed to open a session (HTTP ${status}). This is on the server's side; Hark retries with backoff.${serverSays}`,
        };
      }
      return {
        title: `HTTP ${status}`,
        permanent,
        text: `The server refused the WebSocket upgrade with HTTP ${status}.${serverSays}`,
      };
  }
}

function diagnoseProxy(proxy: string, facts: FailureFacts): Diagnosis {
  const why =
    facts.httpStatus === 407
      ? 'asks for a login (HTTP 407), which Hark cannot give; ask your IT to allow the Realtime host without one'
      : facts.httpStatus
        ? `refused the connection with HTTP ${facts.httpStatus}; it may block the Realtime host or WebSockets`
        : `could not be used (${facts.networkError})`;
  return {
    title: 'Proxy refused',
    permanent: false,
    text: `Hark connects through the system proxy ${proxy}, and it ${why}. Check the proxy settings of your system.`,
  };
}

function diagnoseNetwork(error: string): Diagnosis {
  const text = (() => {
    if (/ECONNREFUSED/.test(error))
      return 'Nothing is listening at that address (connection refused). Check the URL and port, or start the server.';
    if (/ENOTFOUND|EAI_AGAIN/.test(error))
      return 'The host name could not be resolved. Check the URL and your network or DNS.';
    if (/ETIMEDOUT|timed out|timeout/i.test(error))
      return 'The connection timed out. Check your network, proxy or firewall.';
    if (/ECONNRESET|socket hang up/.test(error))
      return 'The connection was reset before it opened. A proxy or firewall may be interfering.';
    if (/certificate|CERT_|SSL|TLS/i.test(error))
      return 'The TLS handshake failed (certificate problem). A corporate proxy may be intercepting HTTPS.';
    return 'The connection could not be opened.';
  })();
  return { title: 'Network error', permanent: false, text: `${text} (${error})` };
}

/** What each server error code that ends a session means, in plain words. */
const SERVER_ERROR_WORDS: Record<string, { title: string; text: string }> = {
  invalid_api_key: {
    title: 'API key rejected',
    text: 'The API key was rejected (invalid_api_key). Check it in Settings.',
  },
  model_not_found: {
    title: 'Model not found',
    text: 'The model does not exist or this key cannot use it (model_not_found). Check the model name.',
  },
  insufficient_quota: {
    title: 'Out of quota',
    text: "The account has no quota left (insufficient_quota). Add credit or raise the limit in the provider's billing settings.",
  },
  session_expired: {
    title: 'Session expired',
    text: 'The session reached its maximum length (session_expired: 60 min on OpenAI, 30 min on Azure). Hark opens a new one.',
  },
  rate_limit_exceeded: {
    title: 'Rate limited',
    text: 'The rate limit was reached (rate_limit_exceeded). Hark waits and retries.',
  },
  server_error: {
    title: 'Server error',
    text: 'The server had an internal error (server_error). Hark retries.',
  },
};

function diagnoseServerError(code: string, serverSays: string): Diagnosis | null {
  const words = Object.hasOwn(SERVER_ERROR_WORDS, code) ? SERVER_ERROR_WORDS[code]! : null;
  if (!words) return null;
  return {
    title: words.title,
    permanent: PERMANENT_ERROR_CODES.has(code),
    text: `${words.text}${serverSays}`,
  };
}

/** Plain words for an `error` event that did not close the socket. */
export function explainServerError(error: ServerErrorInfo): string {
  error = { ...error, message: shapeRedactor.text(error.message) };
  const cause = error.causedBy ? ` (in answer to ${error.causedBy})` : '';
  const hints: Record<string, string> = {
    input_audio_buffer_commit_empty:
      'The turn was too short: at least 100 ms of audio is needed before a commit.',
    conversation_already_has_active_response:
      'A reply was already in progress, so the new one was not started.',
    response_cancel_not_active: 'There was no reply in progress to cancel.',
    invalid_event: 'The server did not accept an event Hark sent.',
    unknown_parameter:
      'The server did not recognise a field Hark sent; the protocol may have changed.',
    session_expired: 'The session reached its maximum length; a new one is needed.',
    rate_limit_exceeded: 'The rate limit was reached.',
    insufficient_quota: 'The account has no quota left.',
    invalid_api_key: 'The API key was rejected.',
    model_not_found: 'The model was not found.',
    server_error: 'The server had an internal error.',
    // GPT-Live
    function_call_outputs_required:
      'The backend was asked to go on before every tool call had its answer; Hark answers each call, so this one is waiting for a result.',
    response_input_buffer_full:
      "The session's budget for tool results and typed messages (128 items, 32,768 bytes) is spent; start a new conversation to use tools again.",
    credit_balance_exhausted: 'The account has no credit left.',
  };
  const hint =
    (error.code && hints[error.code]) ??
    (APPEND_TOO_LONG.test(error.message)
      ? 'A note Hark added to the conversation was over the 500-token limit for one append; it was not taken.'
      : 'The server reported an error.');
  return `${hint}${cause} Server: "${error.message}"${error.code ? ` [${error.code}]` : ''}.`;
}

// ── GPT-Live ───────────────────────────────────────────────────────────────

/** "Context append text must not exceed 500 tokens" (field report): an append was too long. */
const APPEND_TOO_LONG = /must not exceed 500 tokens/i;

/** `session.closed.reason`, in plain words (live-notes §5). */
export function diagnoseLiveClosed(reason: string): Diagnosis {
  switch (reason) {
    case 'close_requested':
      return {
        title: 'Closed',
        permanent: false,
        text: 'The GPT-Live session was closed as asked.',
      };
    case 'expired':
      return {
        title: 'Session expired',
        permanent: false,
        text: 'The GPT-Live session reached its maximum length (expired). Hark starts a new one and gives it the conversation so far.',
      };
    case 'content':
      return {
        title: 'Stopped by the safety filter',
        permanent: true,
        text: "GPT-Live's safety filter ended the session (content). Hark does not reconnect by itself: start a new conversation, or connect again to continue this one.",
      };
    case 'remote_hangup':
      return {
        title: 'Ended by the service',
        permanent: false,
        text: 'The service ended the GPT-Live session (remote_hangup). Hark starts a new one with the conversation so far.',
      };
    case 'connection_lost':
      return {
        title: 'Connection lost',
        permanent: false,
        text: 'GPT-Live lost the connection to the session (connection_lost). Hark starts a new one with the conversation so far.',
      };
    default:
      return {
        title: 'Session ended',
        permanent: false,
        text: `The GPT-Live session ended (${reason.slice(0, 60) || 'no reason given'}). Hark starts a new one.`,
      };
  }
}

/** An `error` instead of `session.started`: the session never began. */
export function diagnoseLiveStartup(error: ServerErrorInfo): Diagnosis {
  const message = shapeRedactor.text(error.message);
  const says = ` The server said: "${message}".`;
  if (error.code === 'credit_balance_exhausted')
    return {
      title: 'Out of credit',
      permanent: true,
      text: `GPT-Live would not start: the account has no credit left (credit_balance_exhausted). Add credit in the provider's billing settings.${says}`,
    };
  if (/instructions must not exceed/i.test(message))
    return {
      title: 'Instructions too long',
      permanent: true,
      text: `GPT-Live would not start: the assistant's instructions are over its 16,384-token limit. Shorten them in ⚙ Assistant.${says}`,
    };
  if (
    /not supported in realtime mode|not supported (on|at|by) this endpoint|live\/sessions/i.test(
      message,
    ) ||
    error.code === 'model_not_supported'
  )
    return {
      title: 'Model on the wrong endpoint',
      permanent: true,
      text: `The model is not served at this URL: GPT-Live models answer at /v1/live/sessions and Realtime models at /v1/realtime. Check the engine and the URL in Settings.${says}`,
    };
  const byCode = error.code ? diagnoseServerError(error.code, says) : null;
  if (byCode) return byCode;
  return {
    title: 'GPT-Live would not start',
    permanent: true,
    text: `The server refused to start the GPT-Live session${error.code ? ` (${error.code})` : ''}. Check the model, voice and instructions in Settings.${says}`,
  };
}
