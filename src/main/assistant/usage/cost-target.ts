import type { RealtimeResponse } from 'openai/resources/realtime/realtime';

/** Where a reply's cost is shown: its message, else the tool calls it made. */
export interface CostTarget {
  /** The reply's (last) assistant message item, when it had one. */
  itemId: string | null;
  /** The function calls of the reply, in order: a reply that only calls tools is billed too. */
  callIds: string[];
}

/** What in `response.done`'s output a reply's cost belongs to. */
export function costTarget(response: Pick<RealtimeResponse, 'output'>): CostTarget {
  const output = response.output ?? [];
  const itemId = [...output].reverse().find((item) => item.type === 'message')?.id ?? null;
  const callIds = output.flatMap((item) =>
    item.type === 'function_call' && item.call_id ? [item.call_id] : [],
  );
  return { itemId, callIds };
}
