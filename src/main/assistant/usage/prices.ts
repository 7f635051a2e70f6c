import type { ModelPrice, PriceTable } from '../../../shared/assistant';

/**
 * US dollars per million tokens, as OpenAI published them for the Realtime models (late
 * 2025). Prices change: the user can edit the table in settings, and a model missing from
 * it shows token counts without a price rather than a wrong one.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-realtime': {
    textInput: 4,
    textCachedInput: 0.4,
    textOutput: 16,
    audioInput: 32,
    audioCachedInput: 0.4,
    audioOutput: 64,
    imageInput: 5,
    imageCachedInput: 0.5,
  },
  'gpt-realtime-mini': {
    textInput: 0.6,
    textCachedInput: 0.06,
    textOutput: 2.4,
    audioInput: 10,
    audioCachedInput: 0.3,
    audioOutput: 20,
    imageInput: 0.8,
    imageCachedInput: 0.08,
  },
};

const DATED_SNAPSHOT = /^-\d{4}-\d{2}-\d{2}$/;

/** The price of a model: its own entry, or its family's for a dated snapshot ("gpt-realtime-2025-08-28"). */
export function priceFor(table: PriceTable, model: string): ModelPrice | null {
  if (Object.hasOwn(table, model)) return table[model]!;
  for (const [name, price] of Object.entries(table)) {
    if (model.startsWith(name) && DATED_SNAPSHOT.test(model.slice(name.length))) return price;
  }
  return null;
}
