import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) of processes, read from /proc (Linux). */
export interface ProcessCpu {
  pid: number;
  /** Chromium's --type (renderer, gpu-process, utility, …) or "browser"/"other". */
  kind: string;
  cpuMs: number;
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticksPerSecond;
}

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return { ppid, cpuMs: (ticks * 1000) / clockTicks() };
  } catch {
    return null; // it exited meanwhile
  }
}

function kindOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='));
    if (type) return type.slice('--type='.length);
    return args[0]?.includes('chrom') ? 'browser' : 'other';
  } catch {
    return 'other';
  }
}

/** Every descendant of `root` (not root itself) with its CPU time so far. */
export function descendantsCpu(root = process.pid): ProcessCpu[] {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    parents.set(pid, s.ppid);
    cpu.set(pid, s.cpuMs);
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === root) return true;
    return false;
  };
  return [...cpu.entries()]
    .filter(([pid]) => isDescendant(pid))
    .map(([pid, cpuMs]) => ({ pid, kind: kindOf(pid), cpuMs }));
}

/** CPU ms per wall second between two snapshots, for processes whose kind matches. */
export function cpuRate(
  before: ProcessCpu[],
  after: ProcessCpu[],
  seconds: number,
  match: (kind: string) => boolean = () => true,
): number {
  const start = new Map(before.map((p) => [p.pid, p.cpuMs]));
  let used = 0;
  for (const p of after) if (match(p.kind)) used += p.cpuMs - (start.get(p.pid) ?? 0);
  return used / seconds;
}
