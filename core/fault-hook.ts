import fs from 'node:fs';

/**
 * TEST HOOK (fault-injection e2e tests only). With both BERTH_FAULT_PAUSE_AT=<trigger> and
 * BERTH_FAULT_MARKER=<file> set, the first dispatch of that trigger writes `{"pid","trigger"}` to the
 * marker file and blocks for good, so a test can `kill -9` a deploy at an exact pipeline stage without
 * sleeping. Inert unless both are set; the SSH entry removes both, so no remote caller can reach it.
 */
export const FAULT_ENV = ['BERTH_FAULT_PAUSE_AT', 'BERTH_FAULT_MARKER'] as const;

export function faultPoint(env: NodeJS.ProcessEnv): { trigger: string; marker: string } | undefined {
  const trigger = env.BERTH_FAULT_PAUSE_AT;
  const marker = env.BERTH_FAULT_MARKER;
  return trigger && marker ? { trigger, marker } : undefined;
}

export function pauseForFault(point: { trigger: string; marker: string }): Promise<never> {
  const tmp = `${point.marker}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ pid: process.pid, trigger: point.trigger }));
  fs.renameSync(tmp, point.marker);
  // An open timer keeps the process alive until it is killed.
  return new Promise<never>(() => setInterval(() => {}, 1 << 30));
}
