/** Every way the microphone can fail, each with words a user can act on. */
export type MicProblem =
  | 'unsupported'
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'device-lost'
  | 'silent'
  | 'suspended'
  | 'failed';

export interface MicError {
  problem: MicProblem;
  title: string;
  text: string;
}

const MESSAGES: Record<MicProblem, Omit<MicError, 'problem'>> = {
  unsupported: {
    title: 'No microphone access here',
    text: 'This window cannot use a microphone (no media devices API). Run Hark as the desktop app or in a current browser.',
  },
  'permission-denied': {
    title: 'Microphone permission denied',
    text: 'Hark may not use the microphone. Allow it in your system settings (macOS: Privacy & Security → Microphone; Windows: Privacy → Microphone), then press Talk again.',
  },
  'no-device': {
    title: 'No microphone found',
    text: 'No input device is connected, or the selected one is gone. Plug in a microphone or choose another device.',
  },
  'device-busy': {
    title: 'Microphone busy',
    text: 'The microphone is in use by another application or could not be started. Close the other app or choose another device.',
  },
  'device-lost': {
    title: 'Microphone disconnected',
    text: 'The microphone stopped delivering audio (unplugged or disabled). What you said so far was sent; reconnect it and press Talk again.',
  },
  silent: {
    title: 'The microphone delivers only silence',
    text: 'The input is exactly zero, which usually means the system blocks the microphone for Hark (macOS: Privacy & Security → Microphone) or the device is muted in hardware.',
  },
  suspended: {
    title: 'Audio is paused',
    text: 'The system suspended audio for this window. Click anywhere in Hark to resume it.',
  },
  failed: {
    title: 'The microphone could not start',
    text: 'Starting the microphone failed.',
  },
};

export function micError(problem: MicProblem, detail?: string): MicError {
  const message = MESSAGES[problem];
  return {
    problem,
    title: message.title,
    text: detail && problem === 'failed' ? `${message.text} (${detail})` : message.text,
  };
}

/** Map a getUserMedia rejection to a problem. */
export function classifyGetUserMediaError(error: unknown): MicError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return micError('permission-denied');
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return micError('no-device');
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return micError('device-busy');
    default:
      return micError('failed', error instanceof Error ? error.message : String(error));
  }
}
