import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyEventLike } from '../../../../src/shared/chord';
import {
  HookSupervisor,
  type HookChild,
  type HookState,
} from '../../../../src/main/desktop/hotkeys/hook-supervisor';
import { forkHookChild } from '../../../support/hook-child';

// Real child processes (Node's fork standing in for Electron's utilityProcess) running the
// real hook-process entry with fake hooks that abort, hang, throw, wedge or work.
const fixture = (name: string) => resolve(import.meta.dirname, 'fixtures', `${name}-hook.cjs`);

function supervise(
  hook: string,
  options: ConstructorParameters<typeof HookSupervisor>[1] = {},
  env: NodeJS.ProcessEnv = {},
) {
  const states: HookState[] = [];
  const keys: { kind: string; event: KeyEventLike }[] = [];
  const children: (HookChild & { pid: number | undefined })[] = [];
  const supervisor = new HookSupervisor(
    () => {
      const child = forkHookChild(fixture(hook), env);
      children.push(child);
      return child;
    },
    { startTimeoutMs: 8_000, restartDelaysMs: [20, 20], ...options },
  );
  supervisor.start({
    keydown: (event) => keys.push({ kind: 'keydown', event }),
    keyup: (event) => keys.push({ kind: 'keyup', event }),
    state: (state) => states.push(state),
  });
  const until = async (done: () => boolean, ms = 20_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) throw new Error(`timed out; states: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const final = () => states.some((s) => !s.running && s.final);
  return { supervisor, states, keys, children, until, final };
}

// Each child loads TypeScript through tsx: allow for a loaded 2-core machine.
describe('HookSupervisor with a real hook process', { timeout: 30_000 }, () => {
  it('a working hook runs in another process and its keys arrive in main', async () => {
    const mark = join(mkdtempSync(join(tmpdir(), 'hark-hook-')), 'stopped');
    const { supervisor, states, keys, children, until } = supervise(
      'working',
      {},
      { HARK_STOP_MARK: mark },
    );
    await until(() => keys.length === 2);
    expect(states).toEqual([{ running: true }]);
    expect(children[0]!.pid).not.toBe(process.pid);
    expect(keys.map((k) => k.kind)).toEqual(['keydown', 'keyup']);
    // Only the matcher's fields cross the boundary.
    expect(keys[0]!.event).toEqual({
      keycode: 57,
      ctrlKey: true,
      altKey: true,
      shiftKey: false,
      metaKey: false,
    });
    supervisor.stop();
    await until(() => existsSync(mark));
    expect(readFileSync(mark, 'utf8')).toBe('stopped');
  });

  it('a hook that aborts the process: main lives on, restarts are bounded, the notice says so', async () => {
    const { states, children, until, final } = supervise('abort');
    await until(final);
    expect(children).toHaveLength(3); // the first try and two restarts, no more
    expect(states.filter((s) => s.running)).toEqual([]);
    const last = states.at(-1) as Extract<HookState, { running: false }>;
    expect(last.problem).toMatch(/stopped \(killed\)|stopped \(exit code/);
    expect(last.problem).toMatch(/gave up after 3 tries/);
    expect(last.problem).toMatch(/toggle hotkey/);
    expect(states.slice(0, 2).every((s) => !s.running && !s.final)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(children).toHaveLength(3);
  });

  it('a hook whose start() never returns is killed after the start timeout', async () => {
    const { states, children, until, final } = supervise('hang', {
      startTimeoutMs: 3_000,
      restartDelaysMs: [],
    });
    await until(final);
    expect(children).toHaveLength(1);
    expect((states.at(-1) as { problem: string }).problem).toMatch(/did not start within 3 s/);
  });

  it('a hook that throws on start reports why', async () => {
    const { states, until, final } = supervise('throw', { restartDelaysMs: [] });
    await until(final);
    expect((states.at(-1) as { problem: string }).problem).toMatch(
      /could not start \(Couldn't find per display information\)/,
    );
  });

  it('a hook process that stops answering after it started is replaced', async () => {
    const { states, children, until } = supervise('wedge', {
      pingIntervalMs: 300,
      restartDelaysMs: [20],
    });
    await until(() => children.length === 2 && states.filter((s) => s.running).length === 2);
    expect(states[0]).toEqual({ running: true });
    expect((states[1] as { problem: string }).problem).toMatch(/stopped answering/);
  });
});

describe('HookSupervisor with scripted children', () => {
  class Scripted implements HookChild {
    sent: unknown[] = [];
    killed = false;
    private onMessageListener: (m: unknown) => void = () => undefined;
    private onExitListener: (code: number | null) => void = () => undefined;
    postMessage(message: unknown): void {
      this.sent.push(message);
    }
    onMessage(listener: (m: unknown) => void): void {
      this.onMessageListener = listener;
    }
    onExit(listener: (code: number | null) => void): void {
      this.onExitListener = listener;
    }
    kill(): void {
      this.killed = true;
    }
    say(message: unknown): void {
      this.onMessageListener(message);
    }
    exit(code: number | null): void {
      this.onExitListener(code);
    }
  }

  it('ignores malformed messages and keys before "started"', () => {
    const child = new Scripted();
    const logs: string[] = [];
    const keys: unknown[] = [];
    const supervisor = new HookSupervisor(() => child, { log: (m) => logs.push(m) });
    supervisor.start({
      keydown: (e) => keys.push(e),
      keyup: () => undefined,
      state: () => undefined,
    });
    const press = { keycode: 57, ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
    child.say({ type: 'keydown', event: press });
    child.say({ type: 'keydown', event: { keycode: 'x' } });
    child.say('garbage');
    expect(keys).toEqual([]);
    expect(logs.filter((l) => /malformed/.test(l))).toHaveLength(2);
    child.say({ type: 'started' });
    child.say({ type: 'keydown', event: press });
    expect(keys).toEqual([press]);
    supervisor.stop();
    expect(child.sent).toContainEqual({ type: 'stop' });
  });

  it('a spawn that throws is a problem, not an exception; stop() ends the restarts', async () => {
    const states: HookState[] = [];
    let spawns = 0;
    const supervisor = new HookSupervisor(
      () => {
        spawns++;
        throw new Error('no utility process');
      },
      { restartDelaysMs: [30, 30] },
    );
    supervisor.start({
      keydown: () => undefined,
      keyup: () => undefined,
      state: (s) => states.push(s),
    });
    expect(spawns).toBe(1);
    expect((states[0] as { problem: string }).problem).toMatch(/no utility process/);
    supervisor.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(spawns).toBe(1);
  });

  it('an exit after "stop" is not a failure', () => {
    const child = new Scripted();
    const states: HookState[] = [];
    const supervisor = new HookSupervisor(() => child);
    supervisor.start({
      keydown: () => undefined,
      keyup: () => undefined,
      state: (s) => states.push(s),
    });
    child.say({ type: 'started' });
    supervisor.stop();
    child.exit(0);
    expect(states).toEqual([{ running: true }]);
  });
});
