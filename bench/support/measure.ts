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

/** Median, over batches, of the mean CPU cost of one call, in µs. */
export function microsPerCall(fn: () => unknown, options: TimingOptions): number {
  const batches: number[] = [];
  let sink: unknown;
  for (let i = 0; i < Math.min(200, options.iterations); i++) sink = fn(); // warm up the JIT
  for (let b = 0; b < options.batches; b++) {
    const start = cpuMicros();
    for (let i = 0; i < options.iterations; i++) sink = fn();
    batches.push((cpuMicros() - start) / options.iterations);
  }
  keep(sink);
  return percentile(batches, 50);
}

/**
 * Hark against a peer on the same input, batches interleaved (Hark, peer, Hark, …) so that
 * a slow patch of the machine hits both. Each side's cost is its fastest batch: on a shared
 * machine noise only ever adds time, so the minimum is the steadiest estimate of the work
 * itself. Each batch starts after a full collection. Ratio = Hark's cost ÷ the peer's.
 */
export function compare(
  hark: () => unknown,
  peer: () => unknown,
  options: TimingOptions,
): { harkUs: number; peerUs: number; ratio: number } {
  const harkBatches: number[] = [];
  const peerBatches: number[] = [];
  const one = { ...options, batches: 1 };
  microsPerCall(hark, { ...one, iterations: Math.min(500, options.iterations) });
  microsPerCall(peer, { ...one, iterations: Math.min(500, options.iterations) });
  for (let b = 0; b < options.batches; b++) {
    collectGarbage();
    harkBatches.push(microsPerCall(hark, one));
    collectGarbage();
    peerBatches.push(microsPerCall(peer, one));
  }
  const harkUs = Math.min(...harkBatches);
  const peerUs = Math.min(...peerBatches);
  return { harkUs, peerUs, ratio: harkUs / peerUs };
}

/**
 * A full collection between batches (the bench runs with --expose-gc), so that each batch
 * starts from the same heap and one side's garbage is never collected on the other's time.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
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
