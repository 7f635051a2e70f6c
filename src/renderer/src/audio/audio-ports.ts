import { AUDIO_PORT_MESSAGE, type AudioPortKind } from '@shared/audio-port-protocol';
import type { HarkApi } from '@shared/ipc';

/** Long enough for main to answer under load; a page without ports plays over IPC meanwhile. */
const PORT_WAIT_MS = 3000;

/**
 * Ask main for a fresh audio port of `kind` and wait for it. It arrives as a window
 * message from this page's own origin (Electron's preload cannot hand a MessagePort
 * through the context bridge; the web preview's bridge uses the same route). Resolves null
 * where there are no ports (an adapter without them, or no answer in time).
 */
export function requestAudioPort(api: HarkApi, kind: AudioPortKind): Promise<MessagePort | null> {
  if (!api.requestAudioPort) return Promise.resolve(null);
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      const data = event.data as { type?: unknown; kind?: unknown } | null;
      if (event.source !== window || event.origin !== location.origin) return;
      if (data?.type !== AUDIO_PORT_MESSAGE || data.kind !== kind || !event.ports[0]) return;
      done(event.ports[0]);
    };
    const timer = setTimeout(() => done(null), PORT_WAIT_MS);
    const done = (port: MessagePort | null): void => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(port);
    };
    window.addEventListener('message', onMessage);
    api.requestAudioPort!(kind);
  });
}
