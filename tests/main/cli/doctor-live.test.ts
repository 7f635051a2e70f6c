/**
 * `npm run doctor -- --engine live`: the GPT-Live round trip with the doctor's JSON contract
 * and exit codes, against the embedded simulator and scripted servers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/main/cli/doctor';
import { parseDoctorArgs, UsageError } from '../../../src/main/cli/doctor-args';
import { error, startLiveServer, type LiveServer } from '../live/support/scripted-live';

const servers: LiveServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function doctor(argv: string[]) {
  const lines: string[] = [];
  const code = await runDoctor(argv, {}, (line) => lines.push(...line.split('\n')));
  let json: Record<string, unknown> | null;
  try {
    json = JSON.parse(lines.filter(Boolean).at(-1) ?? '') as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { code, lines, json };
}

describe('doctor --engine live', () => {
  it('runs start, speech, the spoken reply and close against the simulator (exit 0)', async () => {
    const { code, json } = await doctor(['--engine', 'live', '--json', '--fast']);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      ok: true,
      close: null,
      diagnosis: null,
      provider: 'simulator',
      model: 'gpt-live-1.1',
    });
    const sent = json!.sentEvents as Record<string, number>;
    expect(sent['session.start']).toBe(1);
    expect(sent['session.close']).toBe(1);
    expect(sent['input_audio_buffer.commit']).toBeUndefined();
    expect(json!.responseAudioMs as number).toBeGreaterThan(0);
    expect(json!.endpoint).toMatch(/\/v1\/live\/sessions$/);
  }, 30_000);

  it('a startup error is diagnosed in plain words (exit 1)', async () => {
    const server = await startLiveServer({
      onStart: (socket) => (
        socket.send(JSON.stringify(error('credit_balance_exhausted', 'No credit.'))),
        false
      ),
    });
    servers.push(server);
    const { code, json } = await doctor([
      '--engine',
      'live',
      '--url',
      server.url,
      '--json',
      '--fast',
    ]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, permanent: true });
    expect(json!.diagnosis).toMatch(/no credit left \(credit_balance_exhausted\)/);
  });

  it('refuses an unknown engine (exit 2) and Azure for GPT-Live', async () => {
    expect(() => parseDoctorArgs(['--engine', 'duplex'], {})).toThrow(UsageError);
    const { code, lines } = await doctor([
      '--engine',
      'live',
      '--provider',
      'azure',
      '--api-key',
      'k',
      '--azure-resource',
      'r',
    ]);
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/not available on Azure/);
  });
});

describe('the doctor’s plain-words summary', () => {
  it('says what GPT-Live’s first audio is timed from (no response.create), and Realtime keeps its own words', async () => {
    const { code, lines } = await doctor(['--engine', 'live', '--fast']);
    expect(code).toBe(0);
    const summary = lines.find((l) => l.startsWith('✓ Round trip complete'))!;
    expect(summary).toMatch(
      /first audio \d+ ms after the end of the speech \(GPT-Live answers by itself; nothing requests a reply\)\.$/,
    );
    // Nothing in a GPT-Live report names a Realtime event Hark never sent.
    expect(lines.join('\n')).not.toMatch(/response\.create|input_audio_buffer|commit/);

    const realtime = await doctor(['--fast']);
    expect(realtime.code).toBe(0);
    expect(realtime.lines.find((l) => l.startsWith('✓ Round trip complete'))).toMatch(
      /first audio \d+ ms after response\.create\.$/,
    );
  }, 30_000);
});
