/**
 * A hostile server floods Hark with 4,000 calls that each need the user's approval. Main
 * stays responsive (event-loop lag measured with perf_hooks.monitorEventLoopDelay), at most
 * MAX_PARKED_APPROVALS wait, the rest are answered to the model as errors at once, the
 * window receives a bounded number of bytes (what forwardAssistantEvents would send it),
 * nothing runs without an answer, and the user's disconnect cancels every waiting call —
 * told to the model — so a late answer runs nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';
import { AssistantService } from '../../../src/main/assistant/assistant-service';
import { forwardAssistantEvents } from '../../../src/main/assistant/assistant-handlers';
import { HistoryStore } from '../../../src/main/assistant/history/history-store';
import { MemoryMcpSecretStore } from '../../../src/main/assistant/memory-stores';
import { MAX_PARKED_APPROVALS } from '../../../src/main/assistant/tools/approvals';
import type { DesktopActions } from '../../../src/main/assistant/tools/desktop-actions';

const FLOOD = 4_000;
/** Frames a socket read may hand over at once before main gets to breathe. */
const FRAMES_PER_READ = 50;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hark-flood-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function setUp() {
  const executed: string[] = [];
  const desktop: DesktopActions = {
    readClipboard: () => (executed.push('read_clipboard'), 'clip'),
    writeClipboard: () => void executed.push('copy_to_clipboard'),
    openExternal: async () => void executed.push('open_url'),
    pasteKeystroke: async () => void executed.push('type_text'),
    canType: true,
  };
  const service = new AssistantService({
    settings: { load: () => ({ ...DEFAULT_ASSISTANT_SETTINGS }), save: () => undefined },
    history: new HistoryStore(dir),
    mcpSecrets: new MemoryMcpSecretStore(),
    desktop,
    redactor: { text: (v) => v },
    model: () => 'gpt-realtime',
  });
  const toModel: { type: string; item?: { type?: string; call_id?: string; output?: string } }[] =
    [];
  const followUps: number[] = [];
  service.attach(
    {
      send: (event) => (toModel.push(event as (typeof toModel)[number]), 'evt'),
      requestResponse: () => void followUps.push(1),
    },
    1,
  );
  const window = { bytes: 0, messages: 0, requests: 0 };
  forwardAssistantEvents(service, (name, payload) => {
    window.messages++;
    window.bytes += Buffer.byteLength(JSON.stringify(payload));
    if (name === 'approval-request') window.requests++;
  });
  return { service, executed, toModel, followUps, window };
}

function call(i: number): RealtimeServerEvent {
  const tools = [
    ['copy_to_clipboard', JSON.stringify({ text: `payload ${i} ${'x'.repeat(200)}` })],
    ['type_text', JSON.stringify({ text: `typed ${i}` })],
    ['open_url', JSON.stringify({ url: `https://example.com/${i}` })],
    ['read_clipboard', '{}'],
  ] as const;
  const [name, args] = tools[i % tools.length]!;
  return {
    type: 'response.function_call_arguments.done',
    event_id: `evt_${i}`,
    response_id: `resp_${Math.floor(i / 50)}`,
    item_id: `item_${i}`,
    output_index: 0,
    call_id: `call_${i}`,
    name,
    arguments: args,
  } as RealtimeServerEvent;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The flood, as frames arrive from a socket: FRAMES_PER_READ per turn of the event loop. */
async function flood() {
  const setup = setUp();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const started = performance.now();
  for (let i = 0; i < FLOOD; i++) {
    setup.service.onServerEvent(call(i));
    if (i % FRAMES_PER_READ === FRAMES_PER_READ - 1) await tick();
  }
  await tick();
  const floodMs = performance.now() - started;
  lag.disable();
  return { ...setup, floodMs, maxLagMs: lag.max / 1e6 };
}

describe('a flood of approval-needing calls', { timeout: 60_000 }, () => {
  it(`${FLOOD} calls: main stays responsive, ${MAX_PARKED_APPROVALS} wait, the rest are refused at once; disconnect cancels`, async () => {
    // A neighbour on a shared CI machine can stall this process too: the flood is run up to
    // three times and the best run must stay under 100 ms (a real stall fails every run).
    const lags: number[] = [];
    let run!: Awaited<ReturnType<typeof flood>>;
    for (let attempt = 0; attempt < 3 && !(lags.length && Math.min(...lags) < 100); attempt++) {
      if (run) await run.service.dispose();
      run = await flood();
      lags.push(run.maxLagMs);
    }
    const { service, executed, toModel, followUps, window } = run;
    console.info(
      `[approval flood] ${FLOOD} calls in ${run.floodMs.toFixed(0)} ms; max event-loop lag ${lags.map((l) => l.toFixed(1)).join(' / ')} ms; ` +
        `to the window: ${window.messages} messages, ${(window.bytes / 1024).toFixed(0)} KiB; parked ${service.status().pendingApprovals.length}`,
    );
    expect(Math.min(...lags)).toBeLessThan(100);
    const outputs = () => toModel.filter((e) => e.item?.type === 'function_call_output');
    expect(service.status().pendingApprovals).toHaveLength(MAX_PARKED_APPROVALS);
    expect(window.requests).toBe(MAX_PARKED_APPROVALS);
    expect(outputs()).toHaveLength(FLOOD - MAX_PARKED_APPROVALS);
    expect(
      outputs().every((e) => /already waiting for the user's approval/.test(e.item!.output!)),
    ).toBe(true);
    expect(executed).toEqual([]);
    // Each call costs the window one short "failed" line, not the whole list per change.
    expect(window.bytes).toBeLessThan(FLOOD * 1_000);

    // A late "allow" for a refused call has nothing to answer.
    const answer = service.answerApproval({ id: 'appr_0000000000000000', decision: 'once' });
    expect(answer.ok).toBe(false);

    // The user disconnects: every waiting call is cancelled and the model told so, now.
    const parked = service.status().pendingApprovals.map((p) => p.id);
    service.cancelPendingCalls();
    expect(service.status().pendingApprovals).toEqual([]);
    expect(outputs()).toHaveLength(FLOOD);
    expect(
      outputs()
        .slice(-MAX_PARKED_APPROVALS)
        .every((e) => /ended the session/.test(e.item!.output!)),
    ).toBe(true);
    for (const id of parked)
      expect(service.answerApproval({ id, decision: 'once' }).ok).toBe(false);
    await tick();
    expect(executed).toEqual([]);
    expect(followUps).toEqual([]);

    await service.dispose();
  });

  it('an approved call still runs, once; a new conversation cancels the rest and tells the model', async () => {
    const { service, executed, toModel } = setUp();
    for (let i = 0; i < 3; i++) service.onServerEvent(call(i * 4)); // copy_to_clipboard
    const [first, ...rest] = service.status().pendingApprovals;
    expect(service.answerApproval({ id: first!.id, decision: 'once' }).ok).toBe(true);
    await expect.poll(() => executed).toEqual(['copy_to_clipboard']);
    service.newConversation();
    const outputs = toModel.filter((e) => e.item?.type === 'function_call_output');
    expect(outputs.filter((e) => /new conversation/.test(e.item!.output!))).toHaveLength(
      rest.length,
    );
    for (const r of rest)
      expect(service.answerApproval({ id: r.id, decision: 'once' }).ok).toBe(false);
    await tick();
    expect(executed).toEqual(['copy_to_clipboard']);
    await service.dispose();
  });

  it('quitting cancels what waits and tells the model', async () => {
    const { service, executed, toModel } = setUp();
    service.onServerEvent(call(1));
    expect(service.status().pendingApprovals).toHaveLength(1);
    await service.dispose();
    expect(toModel.at(-1)!.item!.output).toMatch(/quitting/);
    expect(executed).toEqual([]);
  });
});
