import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

// Every supervisor stopped and every child killed after each test, whatever happened.
const running: { supervisor: HookSupervisor; children: HookChild[] }[] = [];
afterEach(() => {
  for (const { supervisor, children } of running.splice(0)) {
    supervisor.stop();
    for (const child of children) child.kill();
  }
});

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
  running.push({ supervisor, children });
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

  it('a hook that aborts the process: main lives on and keeps trying at the capped wait, never giving up', async () => {
    const { states, children, until, final } = supervise('abort', { restartDelaysMs: [20, 40] });
    // The first try, a restart after 20 ms, then every 40 ms (the cap) for good.
    await until(() => children.length >= 5);
    expect(final()).toBe(false);
    expect(states.filter((s) => s.running)).toEqual([]);
    const failures = states as Extract<HookState, { running: false }>[];
    expect(failures.every((s) => !s.final && typeof s.nextTryAt === 'number')).toBe(true);
    const last = failures.at(-1)!;
    expect(last.problem).toMatch(/stopped \(killed\)|stopped \(exit code/);
    expect(last.problem).toMatch(/Retrying in 40 ms \(at \d{1,2}:\d{2}/);
    expect(last.problem).toMatch(/toggle hotkey/);
    expect(failures[0]!.problem).toMatch(/Retrying in 20 ms/);
  });

  it('retryNow skips a long wait (resume, unlock, a display change)', async () => {
    const { supervisor, states, children, until } = supervise('abort', {
      restartDelaysMs: [20, 600_000],
    });
    await until(() => children.length === 2 && states.length === 2);
    const waiting = states.at(-1) as Extract<HookState, { running: false }>;
    expect(waiting.problem).toMatch(/Retrying in 10 min/);
    expect(waiting.nextTryAt! - Date.now()).toBeGreaterThan(500_000);
    supervisor.retryNow();
    await until(() => children.length === 3);
    // While a child runs (or starts), there is nothing to skip.
    supervisor.retryNow();
    await new Promise((r) => setTimeout(r, 100));
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

const ENTRY = resolve(import.meta.dirname, '../../../../src/main/desktop/hotkeys/hook-process.ts');
const tapLog = () => join(mkdtempSync(join(tmpdir(), 'hark-tap-')), 'taps.jsonl');
const taps = (log: string): unknown[] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown)
    : [];

describe('keyTap through a real hook process', { timeout: 30_000 }, () => {
  it("presses the platform's paste chord in the hook process and answers", async () => {
    const log = tapLog();
    const { supervisor, states, keys, until } = supervise('typing', {}, { HARK_TAP_LOG: log });
    await until(() => states.some((s) => s.running));
    await expect(supervisor.keyTap('paste')).resolves.toBeUndefined();
    const modifier = process.platform === 'darwin' ? 3675 : 29;
    expect(taps(log)).toEqual([{ key: 47, modifiers: [modifier] }]);
    // The hook sees its own key presses, like any others (the matcher ignores Ctrl+V).
    await until(() => keys.length === 2);
    expect(keys[0]!.event.keycode).toBe(47);
    await supervisor.keyTap('paste');
    expect(taps(log)).toHaveLength(2);
  });

  it('a hook that refuses to press keys: the reason, plainly', async () => {
    const { supervisor, states, until } = supervise('typing', {}, { HARK_TAP_MODE: 'throw' });
    await until(() => states.some((s) => s.running));
    await expect(supervisor.keyTap('paste')).rejects.toThrow(
      'No keys could be pressed: XTest extension missing',
    );
  });

  it('a hook that hangs in keyTap: the tap fails after its timeout, main carries on', async () => {
    const { supervisor, states, until } = supervise(
      'typing',
      { keyTapTimeoutMs: 400 },
      { HARK_TAP_MODE: 'hang' },
    );
    await until(() => states.some((s) => s.running));
    const started = Date.now();
    await expect(supervisor.keyTap('paste')).rejects.toThrow(
      'No keys could be pressed: the keyboard hook did not answer a key press within 400 ms',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    // The stuck hook was ended, so a press it had queued cannot land later.
    expect(states.at(-1)).toMatchObject({ running: false });
  });

  it('no hook running: fails at once, naming why', async () => {
    const { supervisor, until, final } = supervise('throw', { restartDelaysMs: [] });
    await until(final);
    await expect(supervisor.keyTap('paste')).rejects.toThrow(
      /No keys could be pressed: the keyboard hook could not start \(Couldn't find per display/,
    );
    const idle = new HookSupervisor(() => {
      throw new Error('never started');
    });
    await expect(idle.keyTap('paste')).rejects.toThrow(/keyboard hook is not running/);
  });

  it('the hook process acts only on messages from main: stdin and malformed keyTaps are ignored', async () => {
    const log = tapLog();
    const child = fork(ENTRY, [`--hook-module=${fixture('typing')}`], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, HARK_TAP_LOG: log },
      stdio: ['pipe', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    try {
      const messages: { type: string; id?: number }[] = [];
      child.on('message', (m) => messages.push(m as { type: string }));
      const until = async (done: () => boolean): Promise<void> => {
        const end = Date.now() + 20_000;
        while (!done()) {
          if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(messages)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until(() => messages.some((m) => m.type === 'started'));
      const notAfter = Date.now() + 60_000;
      child.stdin!.write(
        `${JSON.stringify({ type: 'keyTap', id: 1, chord: 'paste', notAfter })}\n`,
      );
      child.send({ type: 'keyTap', id: 2, chord: 'selectAll', notAfter });
      child.send({ type: 'keyTap', id: 3, key: 30, modifiers: [29], notAfter });
      child.send({ type: 'keyTap', id: 6, chord: 'paste', notAfter: Date.now() - 1 }); // too late
      // A ping after them: once it is answered, the messages before it were handled.
      child.send({ type: 'ping', id: 4 });
      await until(() => messages.some((m) => m.type === 'pong'));
      await new Promise((r) => setTimeout(r, 200)); // and stdin had time to be (not) read
      expect(taps(log)).toEqual([]);
      expect(messages.filter((m) => m.type === 'keyTapped')).toEqual([
        { type: 'keyTapped', id: 6, error: 'the key press came too late' },
      ]);
      child.send({ type: 'keyTap', id: 5, chord: 'paste', notAfter });
      await until(() => messages.some((m) => m.type === 'keyTapped' && m.id === 5));
      expect(messages.find((m) => m.id === 5)).toEqual({ type: 'keyTapped', id: 5 });
      expect(taps(log)).toHaveLength(1);
    } finally {
      child.kill('SIGKILL');
    }
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

  const started = (options: ConstructorParameters<typeof HookSupervisor>[1] = {}) => {
    const child = new Scripted();
    const states: HookState[] = [];
    const supervisor = new HookSupervisor(() => child, { restartDelaysMs: [], ...options });
    supervisor.start({
      keydown: () => undefined,
      keyup: () => undefined,
      state: (s) => states.push(s),
    });
    child.say({ type: 'started' });
    const tapIds = () =>
      child.sent
        .filter((m) => (m as { type: string }).type === 'keyTap')
        .map((m) => (m as { id: number }).id);
    return { child, states, supervisor, tapIds };
  };

  it('routes each keyTapped answer to its own tap; unknown and late answers are ignored', async () => {
    const { child, supervisor, tapIds } = started({ keyTapTimeoutMs: 50 });
    const first = supervisor.keyTap('paste');
    const second = supervisor.keyTap('paste');
    const [a, b] = tapIds();
    expect(child.sent.at(-1)).toMatchObject({ type: 'keyTap', id: b, chord: 'paste' });
    expect((child.sent.at(-1) as { notAfter: number }).notAfter).toBeGreaterThan(Date.now());
    child.say({ type: 'keyTapped', id: 999 });
    child.say({ type: 'keyTapped', id: b, error: 'refused' });
    child.say({ type: 'keyTapped', id: a });
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('No keys could be pressed: refused');
    const third = supervisor.keyTap('paste');
    await expect(third).rejects.toThrow(/did not answer a key press within 50 ms/);
    child.say({ type: 'keyTapped', id: tapIds()[2]! }); // too late: changes nothing
    supervisor.stop();
  });

  it('a hook that dies with a tap in flight fails the tap with the reason', async () => {
    const { child, supervisor } = started();
    const tap = supervisor.keyTap('paste');
    child.exit(134);
    await expect(tap).rejects.toThrow(
      'No keys could be pressed: the keyboard hook stopped (exit code 134)',
    );
    await expect(supervisor.keyTap('paste')).rejects.toThrow(/exit code 134/);
  });

  it('stop() fails taps in flight, and taps before "started" are refused', async () => {
    const child = new Scripted();
    const supervisor = new HookSupervisor(() => child);
    supervisor.start({ keydown: () => undefined, keyup: () => undefined, state: () => undefined });
    await expect(supervisor.keyTap('paste')).rejects.toThrow(/not running/);
    expect(child.sent).toEqual([]);
    child.say({ type: 'started' });
    const tap = supervisor.keyTap('paste');
    supervisor.stop();
    await expect(tap).rejects.toThrow(/Hark is stopping the keyboard hook/);
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
