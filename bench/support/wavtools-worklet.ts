import { StreamProcessorWorklet } from 'wavtools/lib/worklets/stream_processor.js';

/** wavtools' StreamProcessor as an object we can drive: its published source, run as is. */
export interface WavtoolsStreamProcessor {
  port: { onmessage: ((event: { data: unknown }) => void) | null };
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: object): boolean;
}

/**
 * Evaluate wavtools' worklet source (the string its WavStreamPlayer loads into an
 * AudioWorklet) with the two globals an AudioWorkletGlobalScope gives it.
 */
export function wavtoolsStreamProcessor(): WavtoolsStreamProcessor {
  let registered: (new () => WavtoolsStreamProcessor) | null = null;
  class AudioWorkletProcessor {
    port = { onmessage: null, postMessage: () => undefined };
  }
  const registerProcessor = (_name: string, ctor: new () => WavtoolsStreamProcessor): void => {
    registered = ctor;
  };
  new Function('AudioWorkletProcessor', 'registerProcessor', StreamProcessorWorklet)(
    AudioWorkletProcessor,
    registerProcessor,
  );
  if (!registered) throw new Error('wavtools did not register its stream processor');
  return new (registered as new () => WavtoolsStreamProcessor)();
}
