import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hostedMcpTool } from '@openai/agents-core';
import {
  OpenAIRealtimeWebSocket,
  RealtimeAgent,
  RealtimeSession,
  tool,
  type RealtimeSessionOptions,
} from '@openai/agents-realtime';
import { frames, toneThenSilence } from './support/audio';
import { startStandalone, type Standalone } from './support/standalone';
import { agentsKnows, allProblems } from './support/validate';

/**
 * `@openai/agents-realtime` (RealtimeSession over its OpenAIRealtimeWebSocket transport),
 * unchanged, against the standalone simulator: each flow completes its turn, the SDK raises
 * no error, and every server event passes the SDK's own schema.
 */
let simulator: Standalone;
beforeAll(async () => {
  simulator = await startStandalone(['--pacing', 'instant']);
});
afterAll(async () => {
  // A correct client, run through every flow above, makes no mistake the explainer reports.
  const findings = simulator?.findings() ?? [];
  await simulator?.stop();
  expect(findings).toEqual([]);
});

interface Run {
  session: RealtimeSession;
  events: { type: string }[];
  errors: unknown[];
  turnsDone: () => number;
  untilTurns: (count: number) => Promise<void>;
}
const open: RealtimeSession[] = [];
afterEach(() => {
  for (const session of open.splice(0)) session.close();
});

async function connect(
  agent: RealtimeAgent,
  options: Partial<Omit<RealtimeSessionOptions, 'transport'>> = {},
): Promise<Run> {
  const session = new RealtimeSession(agent, {
    transport: new OpenAIRealtimeWebSocket({ url: simulator.url }),
    ...options,
  });
  open.push(session);
  const events: { type: string }[] = [];
  const errors: unknown[] = [];
  let done = 0;
  const waiters: (() => void)[] = [];
  session.on('transport_event', (event) => events.push(event as { type: string }));
  session.on('error', (error) => errors.push(error));
  session.transport.on('turn_done', () => {
    done++;
    waiters.splice(0).forEach((w) => w());
  });
  await session.connect({ apiKey: 'sk-simulated', url: simulator.url });
  const untilTurns = async (count: number): Promise<void> => {
    const deadline = Date.now() + 8000;
    while (done < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${done} of ${count} turns ended; errors: ${JSON.stringify(errors)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
    // Let the SDK handle what followed response.done (retrieve, history updates).
    await new Promise((r) => setTimeout(r, 50));
  };
  return { session, events, errors, turnsDone: () => done, untilTurns };
}

function expectClean(run: Run): void {
  expect(run.errors).toEqual([]);
  expect(allProblems(run.events)).toEqual([]);
  expect(run.events.filter((e) => e.type === 'error')).toEqual([]);
  // Most events were checked against the SDK's strict schema, not only its generic one.
  expect(run.events.filter((e) => agentsKnows(e.type)).length).toBe(run.events.length);
}

const agent = (
  extra: Partial<ConstructorParameters<typeof RealtimeAgent>[0]> = {},
): RealtimeAgent => new RealtimeAgent({ name: 'Peer', instructions: 'Answer briefly.', ...extra });

describe('@openai/agents-realtime against the standalone simulator', () => {
  it('push-to-talk: audio, commit, response.create; the reply is the user audio with a transcript', async () => {
    const run = await connect(agent(), {
      config: { audio: { input: { turnDetection: null, transcription: null } } },
    });
    let replyBytes = 0;
    run.session.on('audio', (event) => (replyBytes += event.data.byteLength));
    const speech = toneThenSilence(500, 0);
    for (const frame of frames(speech)) run.session.sendAudio(frame);
    run.session.transport.sendEvent({ type: 'input_audio_buffer.commit' });
    run.session.transport.sendEvent({ type: 'response.create' });
    await run.untilTurns(1);
    expect(replyBytes).toBe(speech.byteLength);
    const assistant = run.session.history.find(
      (i) => i.type === 'message' && i.role === 'assistant',
    );
    expect(assistant).toMatchObject({ status: 'completed' });
    expect(JSON.stringify(assistant)).toMatch(/I heard 0\.5 seconds of audio/);
    expect(run.session.history.some((i) => i.type === 'message' && i.role === 'user')).toBe(true);
    expectClean(run);
  });

  it('text turn: sendMessage gets a spoken reply quoting the text', async () => {
    const run = await connect(agent());
    run.session.sendMessage('Hello from the agents SDK');
    await run.untilTurns(1);
    const assistant = run.session.history.find(
      (i) => i.type === 'message' && i.role === 'assistant',
    );
    expect(JSON.stringify(assistant)).toContain('you wrote “Hello from the agents SDK”');
    expect(run.session.usage.outputTokens).toBeGreaterThan(0);
    expect(run.session.usage.inputTokens).toBeGreaterThan(0);
    expectClean(run);
  });

  it('its default session (semantic_vad + transcription): speech is detected, transcribed, retrieved and answered', async () => {
    const run = await connect(agent());
    await expect.poll(() => run.events.filter((e) => e.type === 'session.updated').length).toBe(2);
    const updated = run.events.filter((e) => e.type === 'session.updated').at(-1) as
      | { session: { audio: { input: { turn_detection: { type: string; eagerness: string } } } } }
      | undefined;
    expect(updated?.session.audio.input.turn_detection).toMatchObject({
      type: 'semantic_vad',
      eagerness: 'auto',
    });
    for (const frame of frames(toneThenSilence(600, 900))) run.session.sendAudio(frame);
    await run.untilTurns(1);
    const types = run.events.map((e) => e.type);
    expect(types).toContain('input_audio_buffer.speech_started');
    expect(types).toContain('conversation.item.input_audio_transcription.completed');
    expect(types).toContain('conversation.item.retrieved');
    const user = run.session.history.find((i) => i.type === 'message' && i.role === 'user');
    expect(JSON.stringify(user)).toMatch(/simulated transcript of \d\.\d s of audio/);
    expectClean(run);
  });

  it('a function tool named in the message is called, executed by the SDK, and its result answered', async () => {
    const calls: string[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(city);
        return `Sunny and 21 °C in ${city}`;
      },
    });
    const run = await connect(agent({ tools: [getWeather] }));
    run.session.sendMessage('Please use get_weather with city=Paris.');
    await run.untilTurns(2);
    expect(calls).toEqual(['Paris']);
    const types = run.events.map((e) => e.type);
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types).toContain('response.function_call_arguments.done');
    const call = run.session.history.find((i) => i.type === 'function_call');
    expect(call).toMatchObject({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    const answers = run.session.history.filter(
      (i) => i.type === 'message' && i.role === 'assistant',
    );
    expect(JSON.stringify(answers.at(-1))).toContain(
      'The get_weather tool returned: Sunny and 21 °C in Paris',
    );
    expectClean(run);
  });

  it('a remote MCP tool: listed, approval requested and granted, called, and its output answered', async () => {
    const docs = hostedMcpTool({
      serverLabel: 'docs',
      serverUrl: 'https://mcp.example/sse',
      requireApproval: 'always',
    });
    const run = await connect(agent({ tools: [docs] }));
    const approvals: string[] = [];
    run.session.on('tool_approval_requested', (_context, _agent, request) => {
      const raw = request.approvalItem.rawItem;
      approvals.push('name' in raw ? raw.name : raw.type);
      void run.session.approve(request.approvalItem);
    });
    await expect
      .poll(() => run.session.availableMcpTools.map((t) => t.name))
      .toEqual(['echo', 'add']);
    run.session.sendMessage('Please echo text="hello MCP"');
    // 1: the approval request; 2: the call (after the approval); 3: the answer the SDK asks for.
    await run.untilTurns(3);
    expect(approvals).toEqual(['echo']);
    const call = run.session.history.find((i) => i.type === 'mcp_call');
    expect(call).toMatchObject({ name: 'echo', output: 'hello MCP' });
    const answer = run.session.history
      .filter((i) => i.type === 'message' && i.role === 'assistant')
      .at(-1);
    expect(JSON.stringify(answer)).toContain('The echo tool returned: hello MCP');
    expectClean(run);
  });
});
