/**
 * Partial secrets and bounded cost: any 12-character run of a known key goes (with or
 * without its prefix, continued across two pieces of one stream), and a hostile 15 MB frame
 * is cut before it is redacted, so the output — and the work — stays bounded.
 */
import { describe, expect, it } from 'vitest';
import {
  DEEP_BUDGET,
  KEY_REDACTED,
  MAX_REDACTED_CHARS,
  MIN_FRAGMENT,
  Redactor,
} from '../../../src/main/engine/redaction';
import { DeltaRedactor } from '../../../src/main/engine/delta-redaction';
import type { IncomingEvent } from '../../../src/main/realtime/protocol';

const KEY = 'sk-proj-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv';
const redactor = new Redactor([KEY]);

describe('fragments of a known secret', () => {
  it('every run of 12 characters goes; 11 stay (they could be any word)', () => {
    for (let i = 0; i + MIN_FRAGMENT <= KEY.length; i++) {
      const piece = KEY.slice(i, i + MIN_FRAGMENT);
      expect(redactor.text(`x ${piece} y`)).toBe(`x ${KEY_REDACTED} y`);
    }
    expect(redactor.text(KEY.slice(8, 19))).toBe(KEY.slice(8, 19));
    expect(redactor.text(`no prefix: ${KEY.slice(8)}.`)).toBe(`no prefix: ${KEY_REDACTED}.`);
  });

  it('a run continued from what went out just before is cut where it continues', () => {
    const first = `see ${KEY.slice(10, 17)}`;
    const second = `${KEY.slice(17, 24)} there`;
    expect(redactor.text(second)).toBe(second); // alone, 7 characters: nothing to see
    expect(redactor.text(second, first)).toBe(`${KEY_REDACTED} there`);
  });

  it('a stream keeps no 12 characters together when split at any point into two deltas', () => {
    const piece = KEY.slice(9, 29);
    for (let cut = 1; cut < piece.length; cut++) {
      const deltas = new DeltaRedactor(redactor);
      const base = {
        type: 'response.output_text.delta',
        item_id: 'i',
        content_index: 0,
        response_id: 'r',
      };
      const out = [
        ...deltas.process({
          ...base,
          event_id: 'a',
          delta: `(${piece.slice(0, cut)}`,
        } as IncomingEvent),
        ...deltas.process({
          ...base,
          event_id: 'b',
          delta: `${piece.slice(cut)})`,
        } as IncomingEvent),
        ...deltas.process({
          type: 'response.output_text.done',
          event_id: 'c',
          item_id: 'i',
          content_index: 0,
          response_id: 'r',
          text: `(${piece})`,
        } as IncomingEvent),
      ];
      const shown = out
        .filter((e) => e.type.endsWith('.delta'))
        .map((e) => e.delta)
        .join('');
      for (let i = 0; i + MIN_FRAGMENT <= KEY.length; i++)
        expect(shown, `cut ${cut}`).not.toContain(KEY.slice(i, i + MIN_FRAGMENT));
    }
  });
});

describe('bounded work per frame', () => {
  it('a 15 MB secret-like frame is cut before it is redacted', () => {
    for (const big of [
      `token=${'a'.repeat(15e6)}`,
      KEY.slice(3).repeat(15e6 / 36),
      'Bearer '.repeat(2e6),
    ]) {
      const started = performance.now();
      const out = redactor.deep({ type: 'error', error: { message: big, param: big } });
      const ms = performance.now() - started;
      const size = JSON.stringify(out).length;
      expect(size).toBeLessThan(DEEP_BUDGET.chars + MAX_REDACTED_CHARS + 1_000);
      expect(JSON.stringify(out)).toMatch(/characters cut/);
      console.info(
        `[redaction] ${(big.length / 1e6).toFixed(0)} MB frame → ${size} characters in ${ms.toFixed(0)} ms`,
      );
    }
  });

  it('a frame of 100,000 strings stops being walked at the budget', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `item ${i}`);
    const out = redactor.deep({ many }) as { many: string[] };
    expect(out.many.filter((s) => s.startsWith('item')).length).toBeLessThan(DEEP_BUDGET.nodes);
  });
});
