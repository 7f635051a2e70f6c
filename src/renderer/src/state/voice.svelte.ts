import type { HarkApi, NoticeMessage } from '@shared/ipc';
import { MicCapture } from '../audio/capture';
import type { MicError } from '../audio/mic-errors';
import { Player, type PlaybackStatus } from '../audio/playback';

/** Release the microphone after this long without a talk turn. */
const MIC_IDLE_CLOSE_MS = 60_000;

/**
 * The renderer half of the voice loop: hold-to-talk, the mic, the speaker, the meters.
 * Main owns the connection; this only captures, plays and reports.
 */
export class VoiceStore {
  talking = $state(false);
  /** Audio is leaving the machine right now. */
  micLive = $state(false);
  inputLevel = $state(0);
  outputLevel = $state(0);
  micError = $state<MicError | null>(null);
  playback = $state<PlaybackStatus>({
    itemId: null,
    playedMs: 0,
    bufferedMs: 0,
    underruns: 0,
    playing: false,
  });

  private readonly mic: MicCapture;
  private readonly player: Player;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private meterFrame = 0;
  private pressId = 0;

  constructor(
    private readonly api: HarkApi,
    private readonly onNotice: (notice: NoticeMessage) => void,
    private readonly micOptions: () => { deviceId?: string; voiceProcessing: boolean },
  ) {
    this.mic = new MicCapture({
      onFrame: (pcm) => api.sendAudioFrame(pcm),
      onLevel: (rms) => (this.inputLevel = rms),
      onError: (error) => this.onMicError(error),
    });
    this.player = new Player((status) => {
      this.playback = status;
      if (status.itemId) {
        api.reportPlayback({
          itemId: status.itemId,
          playedMs: status.playedMs,
          bufferedMs: status.bufferedMs,
          underruns: status.underruns,
        });
      }
    });
  }

  /** Subscribe to main's audio; returns the unsubscribe. */
  connect(): () => void {
    const offs = [
      this.api.onOutputAudio((m) => this.player.push(m.itemId, m.pcm)),
      this.api.onOutputDone(() => this.player.end()),
      this.api.onOutputStop(() => this.player.stop()),
    ];
    const tick = (): void => {
      this.outputLevel = this.player.level();
      if (!this.micLive && !this.mic.isOpen) this.inputLevel = 0;
      this.meterFrame = requestAnimationFrame(tick);
    };
    this.meterFrame = requestAnimationFrame(tick);
    return () => {
      offs.forEach((off) => off());
      cancelAnimationFrame(this.meterFrame);
      this.mic.close();
    };
  }

  async press(): Promise<void> {
    if (this.talking) return;
    const id = ++this.pressId;
    this.talking = true;
    this.micError = null;
    this.player.stop(); // the user talks over the reply: silence it here at once
    void this.player.start();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    void this.api.talkStart();
    const open = await this.mic.open(this.micOptions());
    if (id !== this.pressId || !this.talking) return; // released while the mic was opening
    if (!open) {
      // The reason is already on screen; the turn is dropped without a "too short" hint.
      this.talking = false;
      void this.api.talkCancel();
      return;
    }
    this.mic.setSending(true);
    this.micLive = true;
  }

  /** Close the mic so the next press opens it with new options. */
  reopenMic(): void {
    if (!this.talking) this.mic.close();
  }

  release(): void {
    if (!this.talking) return;
    this.talking = false;
    this.mic.setSending(false);
    this.micLive = false;
    void this.api.talkStop();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.mic.close(), MIC_IDLE_CLOSE_MS);
  }

  private onMicError(error: MicError): void {
    this.micError = error;
    this.onNotice({ level: 'error', title: error.title, text: error.text });
    // A lost device ends the turn: what was said so far is committed.
    if (error.problem === 'device-lost' && this.talking) this.release();
  }
}
