import type { TokenCounts } from './assistant';

/** Dollars for people: small amounts keep their significant digits. */
export function formatCost(dollars: number): string {
  if (dollars < 0.01) return `$${dollars.toFixed(4)}`;
  return `$${dollars.toFixed(dollars < 1 ? 3 : 2)}`;
}

export function totalTokens(counts: TokenCounts): number {
  return (
    counts.inputText +
    counts.inputAudio +
    counts.inputImage +
    counts.outputText +
    counts.outputAudio
  );
}

/** "1,234 tokens (900 audio in, 34 text in, 300 audio out; 200 cached)". */
export function describeTokens(counts: TokenCounts): string {
  const parts: string[] = [];
  const add = (n: number, label: string): void => {
    if (n > 0) parts.push(`${n.toLocaleString('en-US')} ${label}`);
  };
  add(counts.inputAudio, 'audio in');
  add(counts.inputText, 'text in');
  add(counts.inputImage, 'image in');
  add(counts.outputAudio, 'audio out');
  add(counts.outputText, 'text out');
  const cached =
    counts.inputCached > 0 ? `; ${counts.inputCached.toLocaleString('en-US')} cached` : '';
  return `${totalTokens(counts).toLocaleString('en-US')} tokens${parts.length ? ` (${parts.join(', ')}${cached})` : ''}`;
}
