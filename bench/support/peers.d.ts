// wavtools publishes its playback worklet as a source string; its types sit under dist/.
declare module 'wavtools/lib/worklets/stream_processor.js' {
  export const StreamProcessorWorklet: string;
}
