/* global window, document */
/**
 * Bench instrumentation, installed in the page before the app loads (page.addInitScript):
 * it changes nothing the app does. It records the times of presses and releases, every
 * playback report the worklet posts, the AudioContext's state changes, and the bridge
 * messages in both directions (the web preview's WebSocket stands where Electron's IPC is).
 * Plain JavaScript: it runs in the page as is.
 */
(() => {
  const state = {
    presses: [],
    releases: [],
    /** {at, frame, itemId, playedSamples, bufferedSamples, playing} */
    reports: [],
    /** {state, at} */
    contextStates: [],
    sent: 0,
    received: 0,
    /** Main → page events by name ("audio" for reply audio). */
    receivedEvents: {},
    /** Arrival times of reply audio (binary bridge messages). */
    audioIn: [],
    audioInEpochs: [],
    /** Times the page told the playback worklet to clear (barge-in). */
    clears: [],
    /** The context's baseLatency (s): the audio device's callback period, roughly. */
    baseLatency: null,
  };
  window.__probe = state;
  const now = () => performance.now();
  const isDrained = (r) => !r.playing && r.bufferedSamples === 0;
  /** Small in-page queries, so the bench's polling costs the page next to nothing. */
  window.__probeQuery = {
    counts: () => ({
      presses: state.presses.length,
      releases: state.releases.length,
      reports: state.reports.length,
    }),
    releaseAt: (n) => state.releases[n] ?? null,
    pressAt: (n) => state.presses[n] ?? null,
    /** The first report at or after `since` that is playing, or drained. */
    reportAfter: (since, kind) => {
      let found = null;
      for (let i = state.reports.length - 1; i >= 0 && state.reports[i].at >= since; i--) {
        const r = state.reports[i];
        if (kind === 'playing' ? r.playing : isDrained(r)) found = r;
      }
      return found;
    },
    /** The last report, once it says drained and nothing followed for a while (an underrun drains too). */
    playedOut: (since, quietMs) => {
      const last = state.reports[state.reports.length - 1];
      return last && last.at >= since && isDrained(last) && now() - last.at > quietMs ? last : null;
    },
    lastReport: () => state.reports[state.reports.length - 1] ?? null,
  };
  /** The context's frame as the page sees it at each press (audio rendered so far). */
  state.pressFrames = [];
  /** Date.now() at each press and release: the clock the worklet stamps its reports with. */
  state.pressEpochs = [];
  state.releaseEpochs = [];
  let context = null;
  document.addEventListener(
    'pointerdown',
    () => {
      state.presses.push(now());
      state.pressEpochs.push(Date.now());
      state.pressFrames.push(context ? Math.round(context.currentTime * context.sampleRate) : null);
    },
    { capture: true },
  );
  document.addEventListener(
    'pointerup',
    () => {
      state.releases.push(now());
      state.releaseEpochs.push(Date.now());
    },
    { capture: true },
  );

  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        state.received++;
        let name = 'audio';
        if (typeof event.data !== 'string') {
          state.audioIn.push(now());
          state.audioInEpochs.push(Date.now());
        } else {
          try {
            const message = JSON.parse(event.data);
            name = message.event ?? 'reply';
          } catch {
            name = 'unparsed';
          }
        }
        state.receivedEvents[name] = (state.receivedEvents[name] ?? 0) + 1;
      });
    }
    send(data) {
      state.sent++;
      super.send(data);
    }
  };

  const NativeContext = window.AudioContext;
  window.AudioContext = class extends NativeContext {
    constructor(options) {
      super(options);
      state.baseLatency = this.baseLatency;
      state.contextStates.push({ state: this.state, at: now() });
      this.addEventListener('statechange', () =>
        state.contextStates.push({ state: this.state, at: now() }),
      );
    }
  };

  const NativeNode = window.AudioWorkletNode;
  window.AudioWorkletNode = class extends NativeNode {
    constructor(audioContext, name, options) {
      super(audioContext, name, options);
      if (name !== 'hark-playback') return;
      context = audioContext;
      const post = this.port.postMessage.bind(this.port);
      this.port.postMessage = (message, transfer) => {
        if (message && message.type === 'clear') state.clears.push(now());
        post(message, transfer);
      };
      this.port.addEventListener('message', (event) => {
        const m = event.data;
        if (m.type !== 'progress') return;
        state.reports.push({
          at: now(),
          frame: m.frame,
          sentAt: m.sentAt,
          audioAt: m.audioAt ?? null,
          itemId: m.itemId,
          playedSamples: m.playedSamples,
          bufferedSamples: m.bufferedSamples,
          playing: m.playing,
        });
      });
    }
  };
})();
