import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveClient } from './support/live-client';

const CLI = resolve(import.meta.dirname, '../../../src/simulator/cli.ts');

function launch(args: string[]): {
  child: ChildProcess;
  output: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stderr: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.once('exit', (code) => done({ code, stdout, stderr })),
  );
  return { child, output, stderr: () => stderr };
}

// Each test starts the CLI through tsx (1–2 s; more on a loaded machine).
describe('the simulator CLI: GPT-Live', { timeout: 30_000 }, () => {
  it('--help names the GPT-Live route, its flags and the endings on cue', async () => {
    const { output } = launch(['--help']);
    const { stdout, code } = await output;
    expect(code).toBe(0);
    expect(stdout).toContain('/v1/live/sessions');
    expect(stdout).toContain('--live-speed');
    expect(stdout).toContain('--live-max-session');
    expect(stdout).toContain('simulate connection lost');
  });

  it('serves GPT-Live on the same port, with the session-length limit from --live-max-session', async () => {
    const run = launch(['--live-speed', '10', '--live-max-session', '2']);
    const liveUrl = await new Promise<string>((found, fail) => {
      const timer = setInterval(() => {
        const match = /GPT-Live: (ws:\/\/\S+)/.exec(run.stderr());
        if (match) {
          clearInterval(timer);
          found(match[1]!);
        }
      }, 50);
      run.output.then(() => fail(new Error(`the CLI exited: ${run.stderr()}`)), fail);
    });
    expect(liveUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/live\/sessions$/);
    const client = await LiveClient.connect(liveUrl);
    await client.start();
    const closed = await client.next('session.closed');
    expect(closed.reason).toBe('expired');
    expect(client.invalid).toEqual([]);
    run.child.kill('SIGTERM');
    expect((await run.output).stderr).toMatch(/GPT-Live sess_/);
  });

  it('refuses a bad --live-speed with exit code 2', async () => {
    const { stderr, code } = await launch(['--live-speed', '0']).output;
    expect(code).toBe(2);
    expect(stderr).toContain('--live-speed must be a number in (0, 100]');
  });
});
