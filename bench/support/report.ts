/** One figure of the bench: a flat JSON key, a table row, and the line docs/benchmarks.md explains. */
export interface Figure {
  key: string;
  label: string;
  /** null: could not be measured here; `note` says why. */
  value: number | null;
  unit: string;
  /** Lower is better unless `atLeast`. */
  target?: number;
  atLeast?: boolean;
  note?: string;
}

export function figure(
  key: string,
  label: string,
  value: number | null,
  unit: string,
  extra: Omit<Figure, 'key' | 'label' | 'value' | 'unit'> = {},
): Figure {
  return { key, label, value: value === null ? null : round(value), unit, ...extra };
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4;
  return Number(value.toFixed(digits));
}

export function meets(f: Figure): boolean | null {
  if (f.target === undefined || f.value === null) return null;
  return f.atLeast ? f.value >= f.target : f.value <= f.target;
}

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = meets(f);
    const mark = ok === null ? ' ' : ok ? '✓' : '✗';
    const value = f.value === null ? 'n/a' : String(f.value);
    const target = f.target === undefined ? '' : `${f.atLeast ? '≥' : '≤'} ${f.target}`;
    return [mark, f.label, value, f.unit, target, f.note ?? ''];
  });
  const widths = [1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      [
        r[0],
        r[1]!.padEnd(widths[0]!),
        r[2]!.padStart(widths[1]!),
        r[3]!.padEnd(widths[2]!),
        r[4]!.padEnd(8),
        r[5],
      ]
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The last line of `--json`: one flat object. */
export function flat(
  figures: readonly Figure[],
  meta: Record<string, string | number | boolean>,
): string {
  const out: Record<string, number | string | boolean | null> = { ...meta };
  for (const f of figures) out[f.key] = f.value;
  return JSON.stringify(out);
}
