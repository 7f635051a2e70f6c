import { describe, expect, it } from 'vitest';
import { ApprovalGate } from '../../../../src/main/assistant/tools/approvals';

const details = {
  tool: 'copy',
  source: 'function' as const,
  summary: 'Copy “x”',
  allowAlways: true,
};
const typing = { ...details, tool: 'type_text', allowAlways: false };

describe('ApprovalGate', () => {
  it('parks a request until it is answered once', async () => {
    const gate = new ApprovalGate();
    const { id, outcome } = gate.request(details, 1);
    expect(gate.pending()).toEqual([{ id, ...details }]);
    expect(gate.answer({ id: id!, decision: 'once' })).toEqual({ ok: true });
    expect(await outcome).toBe('approved');
    expect(gate.pending()).toEqual([]);
    expect(gate.isAlwaysAllowed('copy')).toBe(false);
  });

  it('refuses a second answer and an unknown id', () => {
    const gate = new ApprovalGate();
    const { id } = gate.request(details, 1);
    gate.answer({ id: id!, decision: 'deny' });
    expect(gate.answer({ id: id!, decision: 'once' }).ok).toBe(false);
    expect(gate.answer({ id: 'appr_nope', decision: 'once' }).ok).toBe(false);
  });

  it('does not ask again for a tool allowed always, until it is forgotten', async () => {
    const gate = new ApprovalGate(['copy']);
    const first = gate.request(details, 1);
    expect(first.id).toBeNull();
    expect(await first.outcome).toBe('approved');
    gate.forget('copy');
    expect(gate.request(details, 1).id).not.toBeNull();
  });

  it('expires requests from older connections only', async () => {
    const gate = new ApprovalGate();
    const old = gate.request(details, 1);
    const current = gate.request(details, 2);
    gate.expireBefore(2);
    expect(await old.outcome).toBe('expired');
    expect(gate.pending().map((p) => p.id)).toEqual([current.id]);
  });

  it('refuses "always" for a tool that must be approved each time, and keeps asking', async () => {
    const gate = new ApprovalGate();
    const { id, outcome } = gate.request(typing, 1);
    const refused = gate.answer({ id: id!, decision: 'always' });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('each time') });
    expect(gate.isAlwaysAllowed('type_text')).toBe(false);
    // Still waiting: the user can answer once (or deny).
    expect(gate.pending().map((p) => p.id)).toEqual([id]);
    expect(gate.answer({ id: id!, decision: 'once' })).toEqual({ ok: true });
    expect(await outcome).toBe('approved');
    expect(gate.request(typing, 1).id).not.toBeNull();
  });

  it('ignores an "always" stored for such a tool by an older version', () => {
    const gate = new ApprovalGate(['type_text']);
    expect(gate.request(typing, 1).id).not.toBeNull();
  });
});
