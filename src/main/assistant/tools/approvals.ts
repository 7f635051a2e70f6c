import { randomBytes } from 'node:crypto';
import { Emitter } from '../../../shared/emitter';
import type { ApprovalAnswer, ApprovalRequest } from '../../../shared/assistant';

/**
 * `expired`: its connection or response is gone; `cancelled`: the user ended the session
 * (disconnect, new session, quit); `overflow`: too many were already waiting, never shown.
 */
export type ApprovalOutcome = 'approved' | 'denied' | 'expired' | 'cancelled' | 'overflow';

/** Requests waiting for the user at most; more are refused at once (a flood cannot pile up). */
export const MAX_PARKED_APPROVALS = 16;

interface Parked {
  request: ApprovalRequest;
  generation: number;
  settle: (outcome: ApprovalOutcome) => void;
}

interface ApprovalEvents extends Record<string, unknown> {
  /** The window should ask the user. */
  requested: ApprovalRequest;
  /** The request is gone (answered, expired): the window drops its prompt. */
  settled: { id: string; outcome: ApprovalOutcome };
}

/**
 * Calls that need the user's consent wait here until the window answers: once, always for
 * this tool (until Hark restarts or the user forgets it), or deny. A request belongs to the
 * connection it arrived on: when that connection is gone its call cannot be answered any
 * more, so the request expires and a late answer is refused. At most MAX_PARKED_APPROVALS
 * wait at once; the window hears of each request and each settlement (not the whole list).
 */
export class ApprovalGate extends Emitter<ApprovalEvents> {
  private readonly parked = new Map<string, Parked>();
  private readonly alwaysAllowed = new Set<string>();

  constructor(initiallyAllowed: Iterable<string> = []) {
    super();
    for (const name of initiallyAllowed) this.alwaysAllowed.add(name);
  }

  /** Tools the user allowed for good (persisted by the caller if it wants to). */
  allowedTools(): string[] {
    return [...this.alwaysAllowed];
  }

  forget(tool: string): void {
    this.alwaysAllowed.delete(tool);
  }

  isAlwaysAllowed(tool: string): boolean {
    return this.alwaysAllowed.has(tool);
  }

  pending(): ApprovalRequest[] {
    return [...this.parked.values()].map((p) => ({ ...p.request }));
  }

  /** Ask (or not, when the tool is always allowed). */
  request(
    details: Omit<ApprovalRequest, 'id'>,
    generation: number,
  ): { id: string | null; outcome: Promise<ApprovalOutcome> } {
    // A tool that must be approved each time ignores an old "always" (an earlier version's
    // settings, a hand-edited file).
    if (details.allowAlways && this.alwaysAllowed.has(details.tool))
      return { id: null, outcome: Promise.resolve('approved') };
    if (this.parked.size >= MAX_PARKED_APPROVALS)
      return { id: null, outcome: Promise.resolve('overflow') };
    const id = `appr_${randomBytes(8).toString('hex')}`;
    const request: ApprovalRequest = { id, ...details };
    const outcome = new Promise<ApprovalOutcome>((resolve) => {
      this.parked.set(id, { request, generation, settle: resolve });
    });
    this.emit('requested', { ...request });
    return { id, outcome };
  }

  /** The user's answer. Refused for a request that is unknown, already settled or expired. */
  answer(answer: ApprovalAnswer): { ok: true } | { ok: false; error: string } {
    const parked = this.parked.get(answer.id);
    if (!parked)
      return {
        ok: false,
        error: 'That request is no longer waiting (it was answered or expired).',
      };
    if (answer.decision === 'always') {
      // Refused here, not only hidden in the window: the request stays open for another answer.
      if (!parked.request.allowAlways)
        return {
          ok: false,
          error: `“${parked.request.tool}” must be approved each time: choose Allow once or Deny.`,
        };
      this.alwaysAllowed.add(parked.request.tool);
    }
    this.settle(answer.id, answer.decision === 'deny' ? 'denied' : 'approved');
    return { ok: true };
  }

  /** A new connection: requests from older ones can no longer be answered. */
  expireBefore(generation: number): void {
    for (const [id, parked] of this.parked)
      if (parked.generation < generation) this.settle(id, 'expired');
  }

  /** Drop one request (its response was cancelled by a barge-in). */
  expire(id: string): void {
    if (this.parked.has(id)) this.settle(id, 'expired');
  }

  expireAll(): void {
    for (const id of [...this.parked.keys()]) this.settle(id, 'expired');
  }

  /** The user ended the session: nothing waiting can be answered any more. */
  cancelAll(): void {
    for (const id of [...this.parked.keys()]) this.settle(id, 'cancelled');
  }

  get size(): number {
    return this.parked.size;
  }

  /** As many wait as may: the next request is refused with `overflow`. */
  get full(): boolean {
    return this.parked.size >= MAX_PARKED_APPROVALS;
  }

  private settle(id: string, outcome: ApprovalOutcome): void {
    const parked = this.parked.get(id);
    if (!parked) return;
    this.parked.delete(id);
    parked.settle(outcome);
    this.emit('settled', { id, outcome });
  }
}
