import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, AssistantStatus } from '../../../src/shared/assistant';
import type { HarkApi } from '../../../src/shared/ipc';
import { AssistantStore } from '../../../src/renderer/src/state/assistant.svelte';
import { TranscriptStore } from '../../../src/renderer/src/state/transcript.svelte';

const typing: ApprovalRequest = {
  id: 'appr_1',
  tool: 'type_text',
  source: 'function',
  summary: 'Type “hi”',
  allowAlways: false,
};

function status(pending: ApprovalRequest[]): AssistantStatus {
  return {
    sessionCost: null,
    responses: 0,
    idleCapAt: null,
    idlePaused: false,
    spendCapReached: false,
    rateLimits: [],
    pendingApprovals: pending,
  };
}

/** Main's side of the answer, as the gate behaves: "always" refused for typing. */
function fakeApi(pending: ApprovalRequest[]): HarkApi {
  return {
    answerApproval: async ({ id, decision }: { id: string; decision: string }) => {
      if (!pending.some((p) => p.id === id)) return { ok: false, error: 'no longer waiting' };
      if (decision === 'always')
        return { ok: false, error: '“type_text” must be approved each time' };
      pending.splice(0);
      return { ok: true };
    },
    getAssistant: async () => ({ status: status([...pending]) }),
  } as unknown as HarkApi;
}

describe('AssistantStore answers', () => {
  it('keeps a request whose "always" was refused, with the reason, then settles it once', async () => {
    const pending = [typing];
    const store = new AssistantStore(fakeApi(pending), new TranscriptStore());
    store.approvals = [typing];
    await store.answer('appr_1', 'always');
    expect(store.approvals.map((a) => a.id)).toEqual(['appr_1']);
    expect(store.approvalError).toContain('each time');
    await store.answer('appr_1', 'once');
    expect(store.approvals).toEqual([]);
    expect(store.approvalError).toBeNull();
  });

  it('drops a request that expired before the answer arrived', async () => {
    const store = new AssistantStore(fakeApi([]), new TranscriptStore());
    store.approvals = [typing];
    await store.answer('appr_1', 'once');
    expect(store.approvals).toEqual([]);
    expect(store.approvalError).toBe('no longer waiting');
  });
});
