import type { ModelPrice, PriceTable } from '../../../shared/assistant';

export { DEFAULT_PRICES } from '../../../shared/assistant';

const DATED_SNAPSHOT = /^-\d{4}-\d{2}-\d{2}$/;

/**
 * The price of a model: its own entry, or its family's for a dated snapshot
 * ("gpt-realtime-2025-08-28"). A model missing from the table has no price: Hark then
 * shows token counts without a price rather than a wrong one.
 */
export function priceFor(table: PriceTable, model: string): ModelPrice | null {
  if (Object.hasOwn(table, model)) return table[model]!;
  for (const [name, price] of Object.entries(table)) {
    if (model.startsWith(name) && DATED_SNAPSHOT.test(model.slice(name.length))) return price;
  }
  return null;
}
