import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

const CLI = resolve(import.meta.dirname, '../../../src/simulator/cli.ts');

export interface Standalone {
  url: string;
  /** With `--tls`: the certificate file the CLI printed (for NODE_EXTRA_CA_CERTS / `ca`). */
  certFile: string | null;
  /** What `--explain` found in the clients so far (a correct client: nothing). */
  findings(): Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * The simulator as a user starts it: the CLI in its own process, its URL read from the first
 * stdout line and, with `--tls`, the certificate path from its NODE_EXTRA_CA_CERTS hint.
 */
export async function startStandalone(args: string[] = []): Promise<Standalone> {
  // Every peer runs with the explainer on: a client that makes no mistakes gets no finding.
  const dir = mkdtempSync(join(tmpdir(), 'hark-peer-'));
  const explained = join(dir, 'findings.jsonl');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--explain-json', explained, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  const wantsCert = args.includes('--tls');
  const ready = new Promise<{ url: string; certFile: string | null }>((resolveReady, reject) => {
    let url: string | null = null;
    let certFile: string | null = null;
    const settle = (): void => {
      if (url && (!wantsCert || certFile)) resolveReady({ url, certFile });
    };
    createInterface({ input: child.stdout! }).once('line', (line) => {
      url = line.trim();
      settle();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr.push(line);
      const hint = /NODE_EXTRA_CA_CERTS=(\S+)/.exec(line);
      if (hint) {
        certFile = hint[1]!;
        settle();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`the simulator CLI exited (${code}): ${stderr.join('\n')}`)),
    );
    setTimeout(
      () => reject(new Error(`the simulator CLI printed no URL: ${stderr.join('\n')}`)),
      15_000,
    );
  });
  const { url, certFile } = await ready;
  return {
    url,
    certFile,
    findings: () =>
      readFileSync(explained, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}
