/** Timing helpers shared by the bench suites. */

export interface TimingOptions {
  /** Calls per batch. */
  iterations: number;
  /** Batches; the median batch is reported, so one noisy batch moves nothing. */
  batches: number;
}

/** CPU time of this process in µs: time spent descheduled (a busy 2-core machine) is not counted. */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Median, over batches, of the calling thread's time for one call in µs. A batch's time is
 * the lower of its process CPU time and its wall-clock time, both upper bounds of the
 * thread's: CPU time adds V8's background threads (concurrent marking, the sweeping of
 * freed ArrayBuffers, run beside it on the other core: real work, but off this thread, and
 * billed to whichever batch it overlapped, it made one side's batches swing 1–3×), wall time
 * adds time descheduled.
 */
export function microsPerCall(fn: () => unknown, options: TimingOptions): number {
  const batches: number[] = [];
  let sink: unknown;
  for (let i = 0; i < Math.min(200, options.iterations); i++) sink = fn(); // warm up the JIT
  for (let b = 0; b < options.batches; b++) {
    const cpuStart = cpuMicros();
    const wallStart = performance.now();
    for (let i = 0; i < options.iterations; i++) sink = fn();
    const wall = (performance.now() - wallStart) * 1000;
    const cpu = cpuMicros() - cpuStart;
    batches.push(Math.min(cpu, wall) / options.iterations);
  }
  keep(sink);
  return percentile(batches, 50);
}

/**
 * Hark against a peer on the same input, batches interleaved (Hark, peer, Hark, …) so that
 * a slow patch of the machine hits both. Each side's cost is its fastest batch: on a shared
 * machine noise only ever adds time, so the minimum is the steadiest estimate of the work
 * itself. Ratio = Hark's cost ÷ the peer's. (A full collection before each batch was tried:
 * the collector's background sweeping then ran into the next batch and made it worse.)
 */
export function compare(
  hark: () => unknown,
  peer: () => unknown,
  options: TimingOptions,
): { harkUs: number; peerUs: number; ratio: number } {
  const harkBatches: number[] = [];
  const peerBatches: number[] = [];
  const one = { ...options, batches: 1 };
  // Warmed up alternately, as measured, until the JIT has settled on both (a short warm-up
  // left some peers' code switching between tiers mid-comparison).
  for (let round = 0; round < 5; round++) {
    microsPerCall(hark, one);
    microsPerCall(peer, one);
  }
  for (let b = 0; b < options.batches; b++) {
    harkBatches.push(microsPerCall(hark, one));
    peerBatches.push(microsPerCall(peer, one));
  }
  const harkUs = Math.min(...harkBatches);
  const peerUs = Math.min(...peerBatches);
  return { harkUs, peerUs, ratio: harkUs / peerUs };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let blackHole: unknown;
/** Keep a result alive so the JIT cannot drop the work that made it. */
export function keep(value: unknown): void {
  blackHole = value;
}
export function kept(): unknown {
  return blackHole;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
