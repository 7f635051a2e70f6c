let counter = 0;

/** Ids shaped like the service's (`event_…`, `item_…`, `resp_…`), unique within the process. */
export function newId(prefix: string): string {
  counter++;
  return `${prefix}_sim${Date.now().toString(36)}${counter.toString(36).padStart(5, '0')}`;
}
