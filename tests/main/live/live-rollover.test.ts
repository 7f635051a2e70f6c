/**
 * GPT-Live sessions end at `expires_at` with `session.closed {expired}`. Hark rolls over to a
 * new session (seeded with the conversation, as a reconnect is) shortly before that deadline,
 * when the conversation is idle; while it is busy the rollover waits, and a session that
 * expires anyway is replaced at once. Against the simulator with a short session length.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/assistant';
import type { HealthState } from '../../../src/shared/health';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import { VoiceController } from '../../../src/main/voice/voice-controller';

const controllers: VoiceController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
});

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

interface Start {
  session: { input?: { role: string; content: { text: string }[] }[] };
}

/** `maxSessionMs` on the simulator's Live clock, which runs `speed` times real time. */
function make(maxSessionMs: number, speed = 1) {
  const controller = new VoiceController({
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'simulator',
      engine: 'live',
    }),
    secrets: new MemorySecretStore(null),
    simulator: { live: { maxSessionMs, speed } },
    rolloverMarginMs: 60_000, // capped at a quarter of a session this short
    assistant: {
      desktop: { ...NO_DESKTOP, canOpenUrls: true, openExternal: async () => undefined },
    },
  });
  controllers.push(controller);
  const states: HealthState[] = [];
  controller.on('health', (h) => states.at(-1) !== h.state && states.push(h.state));
  const starts: Start[] = [];
  const closes: { session: number; reason: string }[] = [];
  /** How many sessions had been started when each close arrived (the wire's own order). */
  const startsAtClose: number[] = [];
  controller.tapWire((r) => {
    if (r.direction === 'sent' && r.type === 'session.start')
      starts.push(r.event as unknown as Start);
    if (r.direction === 'received' && r.type === 'session.closed')
      startsAtClose.push(starts.length);
    if (r.direction === 'received' && r.type === 'session.closed')
      closes.push({
        session: r.session,
        reason: (r.event as unknown as { reason: string }).reason,
      });
  });
  const approvals: ApprovalRequest[] = [];
  controller.assistant.on('approval-request', (a) => approvals.push(a));
  return { controller, states, starts, closes, startsAtClose, approvals };
}

const seeded = (start: Start | undefined): string[] =>
  (start?.session.input ?? []).map((m) => `${m.role}: ${m.content[0]!.text}`);

describe('GPT-Live: rolling over before expires_at', () => {
  it('idle: a new session, seeded with the conversation, takes over before the old one expires', async () => {
    // 10 s of wall time (40 s at 4×): the rollover is due at ≈ 7.5 s.
    const { controller, states, starts, closes } = make(40_000, 4);
    const t0 = Date.now();
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    controller.sendText('Remember the number forty two.');
    await until(() => starts.length === 2, 12_000);
    const rolledAt = Date.now() - t0;
    // Before the 10 s deadline (about a quarter of it ahead), not at once.
    expect(rolledAt).toBeGreaterThan(6000);
    expect(rolledAt).toBeLessThan(10_000);
    expect(seeded(starts[1])).toContain('user: Remember the number forty two.');
    // The old session was closed by Hark, politely — it never expired — and the user saw
    // nothing: no reconnecting, no offline.
    await until(() => closes.length === 1);
    expect(closes[0]).toEqual({ session: 1, reason: 'close_requested' });
    expect(states.slice(states.indexOf('ready'))).not.toContain('reconnecting');
    expect(controller.snapshot().health.counters.reconnects).toBe(0);
  }, 20_000);

  it('busy (a tool waits for approval): no rollover mid-delegation; expired anyway, it reconnects at once, seeded', async () => {
    const { controller, starts, closes, startsAtClose, approvals } = make(3000);
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    controller.sendText('Please use open_url url=https://example.com/');
    await until(() => approvals.length === 1);
    // The rollover fell due (≈ 2.25 s) while the approval waited: the session was kept, so
    // the server's close came while it was still the only one (the reconnect right after may
    // be quick enough to be seen together with the close).
    await until(() => closes.length === 1, 6000);
    expect(startsAtClose[0]).toBe(1);
    expect(closes[0]).toEqual({ session: 1, reason: 'expired' });
    // Expired anyway: a new session at once, seeded with the conversation.
    await until(() => starts.length === 2, 3000);
    expect(seeded(starts[1])).toContain('user: Please use open_url url=https://example.com/');
    await until(() => controller.snapshot().health.state === 'ready');
  }, 20_000);

  it('busy, then idle before the deadline: the rollover happens at that idle moment', async () => {
    // 12 s of wall time (96 s at 8×): the rollover is due at ≈ 9 s.
    const { controller, starts, closes, approvals } = make(96_000, 8);
    const t0 = Date.now();
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    controller.sendText('Please use open_url url=https://example.com/');
    await until(() => approvals.length === 1);
    // Due at ≈ 9 s; still waiting for the user at 10 s.
    await until(() => Date.now() - t0 > 10_000, 12_000);
    expect(starts).toHaveLength(1);
    controller.assistant.answerApproval({ id: approvals[0]!.id, decision: 'deny' });
    await until(() => starts.length === 2, 3000);
    await until(() => closes.length === 1);
    expect(closes[0]!.reason).toBe('close_requested');
  }, 20_000);
});
