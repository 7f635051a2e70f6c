/**
 * How many bytes of audio per second of wall time a client streams. A client that streams a
 * live source sends audio at its true rate: 32,000 B/s of "24 kHz PCM16" is 16 kHz audio.
 * A run is a stretch of appends with no gap over RUN_GAP_MS. Microphones, timers and networks
 * deliver in bursts (a late timer catches up), so the rate is the least-squares slope of
 * bytes received against time over the whole run, not its two ends, and a run is judged only
 * at the end of a burst — when the next event comes after a pause — once it has lasted
 * MIN_RUN_MS. A client uploading a
 * file faster than real time is not a mistake and is not reported; only a stream slower than
 * its declared format is.
 */
const RUN_GAP_MS = 600;
const BURST_GAP_MS = 5;
const MIN_RUN_MS = 3_000;
const MIN_APPENDS = 10;
/** A measured rate this close to a common sample rate's is taken as that rate. */
const MATCH = 0.06;
const COMMON_RATES = [8_000, 11_025, 12_000, 16_000, 22_050];

export interface RateVerdict {
  bytesPerSecond: number;
  declaredBytesPerSecond: number;
  /** The sample rate the stream matches, when it matches a common one. */
  likelyRate: number | null;
}

export class ByteRate {
  private runStart = -1;
  private last = -1;
  /** Bytes after the run's first append, up to and including the last one. */
  private bytesAfterFirst = 0;
  private appends = 0;
  /** Sums for the slope of (time since the run began, bytes so far): n is `appends`. */
  private sumT = 0;
  private sumB = 0;
  private sumTT = 0;
  private sumTB = 0;
  private judged = false;

  /**
   * Records one append at `atMs`; returns a verdict once, when the run so far (which ended
   * at the previous append) is long enough to judge. `slow` says it is slower than declared.
   */
  append(
    bytes: number,
    atMs: number,
    declaredBytesPerSecond: number,
  ): { verdict: RateVerdict; slow: boolean } | null {
    const judged = this.judge(atMs, declaredBytesPerSecond);
    if (this.last < 0 || atMs - this.last > RUN_GAP_MS) {
      this.runStart = atMs;
      this.bytesAfterFirst = 0;
      this.appends = 0;
      this.sumT = this.sumB = this.sumTT = this.sumTB = 0;
    } else {
      this.bytesAfterFirst += bytes;
    }
    const t = (atMs - this.runStart) / 1000;
    this.appends++;
    this.sumT += t;
    this.sumB += this.bytesAfterFirst;
    this.sumTT += t * t;
    this.sumTB += t * this.bytesAfterFirst;
    this.last = atMs;
    return judged;
  }

  /** The stream stopped (a commit or clear): the next append begins a new run. */
  endRun(): void {
    this.last = -1;
  }

  /** Another kind of event (a commit, say) ends a burst too. */
  other(
    atMs: number,
    declaredBytesPerSecond: number,
  ): { verdict: RateVerdict; slow: boolean } | null {
    return this.judge(atMs, declaredBytesPerSecond);
  }

  private judge(
    atMs: number,
    declaredBytesPerSecond: number,
  ): { verdict: RateVerdict; slow: boolean } | null {
    if (this.judged || this.last < 0 || atMs - this.last < BURST_GAP_MS) return null;
    const elapsed = this.last - this.runStart;
    if (elapsed < MIN_RUN_MS || this.appends < MIN_APPENDS) return null;
    this.judged = true;
    const n = this.appends;
    const bytesPerSecond =
      (n * this.sumTB - this.sumT * this.sumB) / (n * this.sumTT - this.sumT * this.sumT);
    const bytesPerSample = declaredBytesPerSecond >= 16_000 ? 2 : 1; // PCM16 or G.711
    const samplesPerSecond = bytesPerSecond / bytesPerSample;
    const likelyRate =
      COMMON_RATES.find((rate) => Math.abs(samplesPerSecond - rate) / rate <= MATCH) ?? null;
    return {
      verdict: { bytesPerSecond, declaredBytesPerSecond, likelyRate },
      slow: bytesPerSecond < declaredBytesPerSecond * (1 - 2 * MATCH),
    };
  }
}
