import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/main/cli/doctor';
import { parseDoctorArgs, UsageError } from '../../../src/main/cli/doctor-args';
import { encodeWavPcm16 } from '../../../src/shared/audio/wav';
import { greet, startTestServer, type TestServer } from '../../support/servers';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function doctor(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; lines: string[]; json: Record<string, unknown> | null }> {
  const lines: string[] = [];
  const code = await runDoctor(argv, env, (line) => lines.push(...line.split('\n')));
  const last = lines.filter(Boolean).at(-1) ?? '';
  return { code, lines, json: parseJsonLine(last) };
}

function parseJsonLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

describe('doctor against the embedded simulator', () => {
  it('completes the round trip and ends with the JSON summary', async () => {
    const { code, json } = await doctor(['--json', '--fast']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, close: null, diagnosis: null, provider: 'simulator' });
    expect(json!.sentEvents).toMatchObject({
      'session.update': 1,
      'input_audio_buffer.commit': 1,
      'response.create': 1,
    });
    expect((json!.sentEvents as Record<string, number>)['input_audio_buffer.append']).toBe(196);
    expect(json!.audioSentMs).toBeGreaterThan(3800);
    expect(json!.responseAudioMs).toBe(json!.audioSentMs);
    expect(typeof json!.firstAudioDeltaMs).toBe('number');
  });

  it('prints a human report by default', async () => {
    const { code, lines } = await doctor(['--fast']);
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/session\.updated/);
    expect(lines.join('\n')).toMatch(/✓ Round trip complete/);
  });

  it('resamples any WAV it is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-doctor-'));
    const file = join(dir, 'tone.wav');
    const samples = new Int16Array(16000).map((_, i) => Math.round(8000 * Math.sin(i / 5)));
    await writeFile(file, encodeWavPcm16(samples, 16000)); // 1 s at 16 kHz
    const { code, json } = await doctor(['--json', '--fast', '--wav', file, '--chunk-ms', '100']);
    expect(code).toBe(0);
    expect(json!.audioSentMs).toBe(1000);
    expect((json!.sentEvents as Record<string, number>)['input_audio_buffer.append']).toBe(10);
  });

  it('refuses a file that is not a WAV with exit 2 and a clear message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hark-doctor-'));
    const file = join(dir, 'x.wav');
    await writeFile(file, 'hello');
    const { code, json } = await doctor(['--json', '--wav', file]);
    expect(code).toBe(2);
    expect(json!.diagnosis).toMatch(/Not a WAV file/);
    expect((await doctor(['--wav', join(dir, 'missing.wav')])).lines.join('\n')).toMatch(
      /No such file/,
    );
  });
});

describe('doctor against failing servers', () => {
  it('explains a 401 once, without retrying and without printing the key', async () => {
    const key = 'sk-this-must-never-be-printed-1234';
    const s = await startTestServer({
      refuse: () => ({
        status: 401,
        body: JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${key}.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      }),
    });
    servers.push(s);
    const human = await doctor(['--url', s.url, '--fast'], { OPENAI_API_KEY: key });
    const json = await doctor(['--url', s.url, '--json', '--fast'], { OPENAI_API_KEY: key });
    expect(human.code).toBe(1);
    expect(human.lines.join('\n')).toMatch(/API key was rejected/);
    expect(json.json).toMatchObject({
      ok: false,
      permanent: true,
      close: { code: null, httpStatus: 401 },
    });
    expect(s.connections).toBe(2); // one attempt per run
    expect([...human.lines, ...json.lines].join('\n')).not.toContain(key);
  });

  it('never prints a key given with a trailing newline or space, nor one in the URL path or query', async () => {
    const key = 'distinctKEY9876543210zyxwv';
    const echo = (request: { url?: string; headers: Record<string, unknown> }) => ({
      status: 401,
      body: JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${key}; you sent ${String(request.headers.authorization)} to ${request.url}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    });
    const s = await startTestServer({ refuse: echo });
    servers.push(s);
    const base = s.url.replace('/v1/realtime?model=gpt-realtime', '');
    const runs = [
      await doctor(['--url', s.url, '--fast'], { OPENAI_API_KEY: `${key}\n` }),
      await doctor(['--url', s.url, '--fast', '--json', '--api-key', `${key} `]),
      await doctor(['--url', `${base}/v1/${key}/realtime?model=m`, '--fast']),
      await doctor(['--url', `${base}/v1/realtime?model=m&k=${key}`, '--fast', '--json']),
      await doctor(['--url', `${base}/v1/realtime?model=m&k=${key}`, '--fast', '--verbose']),
    ];
    expect(s.connections).toBe(runs.length);
    // The server really received it each time (so each run had something to leak).
    expect(s.headers[0]!.authorization).toBe(`Bearer ${key}`);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.lines.join('\n')).not.toContain(key);
      expect(run.lines.join('\n')).not.toContain(key.slice(0, 16));
    }
  });

  it('names the event after which the server closed 1000', async () => {
    const s = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => event.type === 'input_audio_buffer.append' && socket.close(1000)),
    });
    servers.push(s);
    const { code, json } = await doctor(['--url', s.url, '--json', '--fast']);
    expect(code).toBe(1);
    expect(json).toMatchObject({
      ok: false,
      close: { code: 1000, reason: '', afterClientEvent: 'input_audio_buffer.append' },
    });
    expect(json!.diagnosis).toMatch(/first input_audio_buffer\.append/);
  });

  it('fails when the server answers with an error event', async () => {
    const s = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type === 'response.create') {
            socket.send(
              JSON.stringify({
                type: 'error',
                event_id: 'e',
                error: {
                  type: 'invalid_request_error',
                  code: 'insufficient_quota',
                  message: 'You exceeded your quota',
                  event_id: event.event_id,
                },
              }),
            );
          }
        }),
    });
    servers.push(s);
    const { code, json } = await doctor(['--url', s.url, '--json', '--fast']);
    expect(code).toBe(1);
    expect(json!.diagnosis).toMatch(/no quota left/);
    expect(json!.diagnosis).toMatch(/response\.create/);
  });
});

describe('doctor against a server that never completes the handshake', () => {
  it('says which half of the handshake was missing', async () => {
    const s = await startTestServer({ onSocket: () => undefined });
    servers.push(s);
    const lines: string[] = [];
    const { runDoctor: run } = await import('../../../src/main/cli/doctor');
    const code = await run(['--url', s.url, '--json', '--fast', '--timeout', '1'], {}, (l) =>
      lines.push(l),
    );
    expect(code).toBe(1);
    const json = JSON.parse(lines.at(-1)!) as { diagnosis: string; close: unknown };
    expect(json.diagnosis).toMatch(/never sent session\.created/);
    expect(json.close).not.toBeNull();
  }, 20_000);
});

describe('parseDoctorArgs', () => {
  it('defaults to the simulator, and to custom with --url', () => {
    expect(parseDoctorArgs([], {}).provider).toBe('simulator');
    expect(parseDoctorArgs(['--url', 'ws://x'], {}).provider).toBe('custom');
  });
  it('takes the key from OPENAI_API_KEY', () => {
    expect(parseDoctorArgs(['--provider', 'openai'], { OPENAI_API_KEY: 'k' }).apiKey).toBe('k');
  });
  it('rejects unknown options and bad values', () => {
    expect(() => parseDoctorArgs(['--nope'], {})).toThrow(UsageError);
    expect(() => parseDoctorArgs(['--provider', 'x'], {})).toThrow(/--provider/);
    expect(() => parseDoctorArgs(['--chunk-ms', '500'], {})).toThrow(/--chunk-ms/);
  });
  it('exits 2 with usage for bad arguments', async () => {
    const { code, lines } = await doctor(['--provider', 'nope']);
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/Usage: npm run doctor/);
  });
});
