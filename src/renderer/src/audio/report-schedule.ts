/**
 * When the playback worklet tells the page what it played. Reports cost an IPC message and
 * a health update each, so they flow only while audio is buffered or playing: at once when
 * playback starts (the first sample is leaving), every few quanta while it plays, once
 * when the buffer drains ("drained": nothing buffered), and once after a barge-in clear.
 * Idle, it says nothing at all.
 */
export class ReportSchedule {
  private quanta = 0;
  /** Something was buffered or playing at the last quantum. */
  private active = false;
  private wasPlaying = false;
  private clearPending = false;

  constructor(private readonly everyQuanta = 8) {}

  /** The ring was cleared (barge-in): report the silence on the next quantum, if there was sound. */
  cleared(): void {
    if (this.active) this.clearPending = true;
  }

  /** Call after each render quantum; true when a report is due now. */
  afterRender(bufferedSamples: number, playing: boolean): boolean {
    const busy = bufferedSamples > 0 || playing;
    const started = playing && !this.wasPlaying;
    this.wasPlaying = playing;
    if (this.clearPending || started || (this.active && !busy)) {
      this.clearPending = false;
      this.active = busy;
      this.quanta = 0;
      return true;
    }
    this.active = busy;
    if (!busy) return false;
    return ++this.quanta % this.everyQuanta === 0;
  }
}
