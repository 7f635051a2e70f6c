import { audioContext } from './audio-context';

type SinkContext = AudioContext & { setSinkId?: (sinkId: string) => Promise<void> };

/**
 * Send replies to a chosen speaker ('' for the system default). Chromium's
 * AudioContext.setSinkId; where it is missing or the device is gone, the reply keeps
 * playing on the default and the caller hears why.
 */
export async function setOutputDevice(deviceId: string): Promise<string | null> {
  const context = audioContext() as SinkContext;
  if (typeof context.setSinkId !== 'function')
    return 'This window cannot choose a speaker; replies play on the system default.';
  try {
    await context.setSinkId(deviceId);
    return null;
  } catch (error) {
    return `The chosen speaker could not be used (${error instanceof Error ? error.message : String(error)}); replies play on the system default.`;
  }
}
