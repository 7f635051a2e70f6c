import type { HarkApi, NoticeMessage, WindowTalkSource } from '@shared/ipc';
import { MicCapture } from '../audio/capture';
import type { MicError } from '../audio/mic-errors';
import { playEarcon } from '../audio/earcons';
import { Player, type PlaybackStatus } from '../audio/playback';
import { audioUse } from '../audio/audio-context';
import { requestAudioPort } from '../audio/audio-ports';

/** Release the microphone after this long without a talk turn. */
const MIC_IDLE_CLOSE_MS = 60_000;

/**
 * The renderer half of the voice loop: the mic, the speaker, the meters. Presses go to
 * main, which decides the turn (for every source, global hotkeys included) and tells this
 * side when the microphone streams.
 */
export class VoiceStore {
  /** Main says the turn is listening: the mic streams. */
  talking = $state(false);
  /** Audio is leaving the machine right now. */
  micLive = $state(false);
  inputLevel = $state(0);
  outputLevel = $state(0);
  playback = $state<PlaybackStatus>({
    itemId: null,
    playedMs: 0,
    bufferedMs: 0,
    underruns: 0,
    playing: false,
    reportedByWorklet: false,
  });

  private readonly mic: MicCapture;
  private readonly player: Player;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private meterFrame = 0;
  private captureId = 0;
  private heldSource: WindowTalkSource | null = null;

  constructor(
    private readonly api: HarkApi,
    private readonly onNotice: (notice: NoticeMessage) => void,
    private readonly micOptions: () => { deviceId?: string; voiceProcessing: boolean },
    private readonly earcons: () => boolean = () => false,
  ) {
    this.mic = new MicCapture(
      {
        onFrame: (pcm) => api.sendAudioFrame(pcm),
        onLevel: (rms) => (this.inputLevel = rms),
        onError: (error) => this.onMicError(error),
      },
      () => requestAudioPort(api, 'capture'),
    );
    // The worklet reports only while audio is buffered or playing, and once when it drains:
    // an idle window sends main nothing.
    this.player = new Player(
      (status) => {
        this.playback = status;
        if (status.itemId && !status.reportedByWorklet) {
          api.reportPlayback({
            itemId: status.itemId,
            playedMs: status.playedMs,
            bufferedMs: status.bufferedMs,
            underruns: status.underruns,
          });
        }
      },
      () => requestAudioPort(api, 'playback'),
    );
  }

  /**
   * Subscribe to main's audio and capture decisions; returns the unsubscribe. Only one
   * window owns the audio: a second one (the mini window) passes `ownsAudio: false` and
   * just shows the talk state, or the mic would be opened twice and replies played twice.
   */
  connect(ownsAudio = true): () => void {
    if (!ownsAudio) {
      const off = this.api.onCapture((on) => (this.talking = on));
      return off;
    }
    const offs = [
      this.api.onOutputAudio((m) => this.player.push(m.itemId, m.pcm)),
      this.api.onOutputDone(() => this.player.end()),
      this.api.onOutputStop(() => this.player.stop()),
      this.api.onOutputHold((held) => this.player.hold(held)),
      this.api.onCapture((on) => void (on ? this.startCapture() : this.stopCapture())),
    ];
    const tick = (): void => {
      this.outputLevel = this.player.level();
      if (!this.micLive && !this.mic.isOpen) this.inputLevel = 0;
      // Nothing plays or listens (a fresh window, or the idle time has passed): the meters
      // sleep until audio is used again, rather than ask for frames that show silence.
      if (audioUse.quiet) {
        this.outputLevel = 0;
        this.inputLevel = 0;
        this.meterFrame = 0;
      } else this.meterFrame = requestAnimationFrame(tick);
    };
    this.meterFrame = requestAnimationFrame(tick);
    const wakeMeters = (): void => {
      if (this.meterFrame === 0) this.meterFrame = requestAnimationFrame(tick);
    };
    const offWake = audioUse.onWake(wakeMeters);
    const offAudio = audioUse.watch((suspended) => {
      if (suspended) {
        this.outputLevel = 0;
        this.inputLevel = 0;
      } else wakeMeters();
    });
    return () => {
      offs.forEach((off) => off());
      offAudio();
      offWake();
      cancelAnimationFrame(this.meterFrame);
      this.mic.close();
    };
  }

  /** The talk button or Space went down. */
  press(source: WindowTalkSource, ownsAudio = true): void {
    if (this.heldSource) return;
    this.heldSource = source;
    if (ownsAudio) {
      // Resume a suspended context now, so the microphone's first samples are not lost to it.
      audioUse.wake();
      // Talking over the reply silences it here at once; main cancels it on the server.
      this.player.stop();
      void this.player.start();
    }
    void this.api.talkStart(source);
  }

  /** The talk button or Space came up (or the window lost focus while it was held). */
  release(): void {
    const source = this.heldSource;
    if (!source) return;
    this.heldSource = null;
    void this.api.talkStop(source);
  }

  /** Close the mic so the next turn opens it with new options. */
  reopenMic(): void {
    if (!this.talking) this.mic.close();
  }

  private async startCapture(): Promise<void> {
    const id = ++this.captureId;
    this.talking = true;
    audioUse.set('capture', true);
    this.player.stop(); // a global-hotkey press is a barge-in too
    void this.player.start();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const open = await this.mic.open(this.micOptions());
    if (id !== this.captureId || !this.talking) return; // the turn ended while the mic was opening
    if (!open) {
      // The reason is already on screen; the turn is dropped without a "too short" hint.
      this.talking = false;
      this.heldSource = null;
      audioUse.set('capture', false);
      void this.api.talkCancel();
      return;
    }
    this.mic.setSending(true);
    this.micLive = true;
    if (this.earcons()) playEarcon('start');
  }

  private stopCapture(): void {
    if (this.micLive && this.earcons()) playEarcon('stop');
    this.captureId++;
    this.talking = false;
    this.mic.setSending(false);
    this.micLive = false;
    audioUse.set('capture', false);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.mic.close(), MIC_IDLE_CLOSE_MS);
  }

  private onMicError(error: MicError): void {
    this.onNotice({ level: 'error', title: error.title, text: error.text });
    // A lost device ends the turn: what was said so far is committed.
    if (error.problem === 'device-lost' && this.talking) void this.api.talkEnd();
  }
}
