import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const CLI = resolve(import.meta.dirname, '../../src/simulator/cli.ts');

/** Run the CLI until it prints its first stdout line (or exits); then stop it. */
function run(
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number | null; url: string | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let url: string | null = null;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', async (d: Buffer) => {
      stdout += d.toString();
      if (url || !stdout.includes('\n') || !stdout.startsWith('ws')) return;
      url = stdout.split('\n')[0]!;
      // Prove the printed URL serves, then stop.
      const ws = new WebSocket(url, { rejectUnauthorized: false });
      ws.once('message', () => {
        ws.close();
        setTimeout(() => child.kill('SIGTERM'), 100);
      });
    });
    child.once('exit', (code) => done({ stdout, stderr, code, url }));
  });
}

// Each test starts the CLI through tsx (1–2 s; more on a loaded machine).
describe('the simulator CLI', { timeout: 30_000 }, () => {
  it('--url-only prints exactly the URL line and nothing else, even with connections', async () => {
    const result = await run(['--url-only']);
    expect(result.stdout).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime\?model=gpt-realtime\n$/);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('--tls serves wss:// and says how to trust the certificate', async () => {
    const result = await run(['--tls']);
    expect(result.url).toMatch(/^wss:\/\//);
    expect(result.stderr).toMatch(/NODE_EXTRA_CA_CERTS=\S+cert\.pem/);
    expect(result.stderr).toMatch(/connection 1 opened/);
  });

  it('refuses bad options with a clear message and exit code 2', async () => {
    const bad = await run(['--pacing', 'warp']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--pacing must be one of realtime, fast-stream, instant, got "warp"',
    );
    const orphan = await run(['--cert-file', '/tmp/x.pem']);
    expect(orphan.stderr).toContain('--cert-file needs --tls');
  });
});
