export interface Machine {
  platform: NodeJS.Platform;
  hasApt: boolean;
  hasBrew: boolean;
  isRoot: boolean;
  hasSudo: boolean;
}
export function missingPrerequisites(
  platform?: NodeJS.Platform,
  has?: (command: string) => boolean,
  exists?: (path: string) => boolean,
  env?: NodeJS.ProcessEnv,
): string[];
export function installPlan(
  missing: string[],
  env: Machine,
): { run: string[][] | null; show: string | null };
export function commandExists(name: string): boolean;
export function machine(): Machine;
