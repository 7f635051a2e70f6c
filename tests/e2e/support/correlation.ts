/** Peak normalised cross-correlation of two signals over all lags, via FFT. */
export function peakCorrelation(a: Float64Array, b: Float64Array): { peak: number; lag: number } {
  const n = nextPow2(a.length + b.length);
  const re1 = new Float64Array(n);
  const im1 = new Float64Array(n);
  const re2 = new Float64Array(n);
  const im2 = new Float64Array(n);
  re1.set(a);
  re2.set(b);
  fft(re1, im1, false);
  fft(re2, im2, false);
  // A · conj(B)
  for (let i = 0; i < n; i++) {
    const r = re1[i]! * re2[i]! + im1[i]! * im2[i]!;
    const im = im1[i]! * re2[i]! - re1[i]! * im2[i]!;
    re1[i] = r;
    im1[i] = im;
  }
  fft(re1, im1, true);
  const energy = Math.sqrt(sumSquares(a) * sumSquares(b));
  let peak = 0;
  let lag = 0;
  for (let i = 0; i < n; i++) {
    const value = re1[i]! / n / energy;
    if (value > peak) {
      peak = value;
      lag = i < n / 2 ? i : i - n;
    }
  }
  return { peak, lag };
}

function sumSquares(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

function nextPow2(v: number): number {
  let n = 1;
  while (n < v) n <<= 1;
  return n;
}

/** In-place iterative radix-2 FFT. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / size;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let start = 0; start < n; start += size) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < size / 2; k++) {
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

/** 10 ms RMS envelope: what survives voice processing (AGC, noise suppression) is the rhythm of speech. */
export function envelope(x: Float64Array, rate = 24000, windowMs = 10): Float64Array {
  const size = Math.round((rate * windowMs) / 1000);
  const out = new Float64Array(Math.floor(x.length / size));
  for (let w = 0; w < out.length; w++) {
    let sum = 0;
    for (let i = w * size; i < (w + 1) * size; i++) sum += x[i]! * x[i]!;
    out[w] = Math.sqrt(sum / size);
  }
  return out;
}

/** Pearson correlation at the best lag within ±maxLag windows. */
export function bestLagPearson(a: Float64Array, b: Float64Array, maxLag: number): number {
  let best = -1;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < b.length; i++) {
      const j = i + lag;
      if (j >= 0 && j < a.length) pairs.push([a[j]!, b[i]!]);
    }
    if (pairs.length < 10) continue;
    const n = pairs.length;
    const ma = pairs.reduce((s, p) => s + p[0], 0) / n;
    const mb = pairs.reduce((s, p) => s + p[1], 0) / n;
    let cov = 0;
    let va = 0;
    let vb = 0;
    for (const [x, y] of pairs) {
      cov += (x - ma) * (y - mb);
      va += (x - ma) ** 2;
      vb += (y - mb) ** 2;
    }
    const r = cov / Math.sqrt(va * vb || 1);
    if (r > best) best = r;
  }
  return best;
}

/**
 * Cross-correlation that a glitch of the fake capture device (which, on a loaded machine,
 * now and then drops or repeats 10 ms) cannot sink: the signals are aligned globally, then
 * each 250 ms segment of the reference is matched within ±20 ms of that alignment, and the
 * segments' peak correlations are averaged, weighted by their energy. A wrong rate, wrong
 * sample format or garbled conversion still fails every segment.
 */
export function segmentalCorrelation(
  received: Float64Array,
  reference: Float64Array,
  rate = 24000,
): number {
  const { lag } = peakCorrelation(received, reference);
  const size = Math.round(rate * 0.25);
  const slack = Math.round(rate * 0.02);
  const segments: { energy: number; peak: number }[] = [];
  for (let start = 0; start + size <= reference.length; start += size) {
    const ref = reference.subarray(start, start + size);
    let refEnergy = 0;
    for (const v of ref) refEnergy += v * v;
    segments.push({ energy: refEnergy, peak: 0 });
    const segment = segments.at(-1)!;
    for (let shift = lag - slack; shift <= lag + slack; shift++) {
      const from = start + shift;
      if (from < 0 || from + size > received.length) continue;
      let dot = 0;
      let energy = 0;
      for (let i = 0; i < size; i++) {
        const r = received[from + i]!;
        dot += r * ref[i]!;
        energy += r * r;
      }
      const value = dot / Math.sqrt(energy * refEnergy || 1);
      if (value > segment.peak) segment.peak = value;
    }
  }
  const loudest = Math.max(...segments.map((s) => s.energy));
  const voiced = segments.filter((s) => s.energy > loudest * 0.01);
  const total = voiced.reduce((n, s) => n + s.energy, 0);
  return voiced.reduce((n, s) => n + s.peak * s.energy, 0) / total;
}
