import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSlowestHandlers } from './deploy-events.js';
import { buildpackPushes } from './deploy-buildpack.js';
import { docker, dockerReachable, floorDeploy, stamp } from './deploy-floor.js';
import { commitAll, destroyApp, pushToServing, withPlatform, workingCopy } from './deploy-platform.js';
import { fmtMs, fmtRatio, heading } from './measure.js';
import { repoDir } from './plugin-tree.js';
import { record, skip } from './summary.js';

const exec = promisify(execFile);
const WARM = 'warm push vs plain docker build + run (floor)';

const ROUNDS = 3;

interface Figures {
  berth: { cold: number; warm: number };
  floor: { cold: number; warm: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Cold pushes first (berth, then the floor without cache), then warm rounds that alternate the floor
 * and berth, so a load spike on a shared machine hits both sides; medians of the rounds are compared.
 */
async function measure(appDir: string): Promise<Figures> {
  return withPlatform(async (p) => {
    const app = `bench-${Date.now().toString(36)}`;
    await exec(path.join(repoDir(), 'bin', 'berth'), ['apps:create', app], { env: { ...process.env, ...p.env } }).catch(() => undefined);
    const dir = await workingCopy(appDir);
    const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-floor-'));
    const tag = `berth-bench-floor:${process.pid}`;
    try {
      fs.cpSync(appDir, floorDir, { recursive: true });
      const cold = await pushToServing(p, dir, app);
      const floorCold = await floorDeploy(floorDir, tag, { noCache: true });
      const warm: number[] = [];
      const floorWarm: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        stamp(floorDir, `warm ${round}`);
        floorWarm.push(await floorDeploy(floorDir, tag, { noCache: false }));
        stamp(dir, `warm ${round}`);
        await commitAll(dir, `warm ${round}`);
        const since = new Date();
        warm.push(await pushToServing(p, dir, app, { timeline: round === ROUNDS }));
        if (round === ROUNDS) printSlowestHandlers(p.libRoot, app, since);
      }
      console.log(`  warm rounds, floor: ${floorWarm.map(fmtMs).join(', ')}; berth: ${warm.map(fmtMs).join(', ')}`);
      await buildpackPushes(p);
      return { berth: { cold, warm: median(warm) }, floor: { cold: floorCold, warm: median(floorWarm) } };
    } finally {
      await destroyApp(p, app);
      await docker(['rmi', '-f', tag]).catch(() => '');
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(floorDir, { recursive: true, force: true });
    }
  });
}

/** Issue #3: push → serving, cold and warm, next to plain docker measured in the same run. Opt-in: it needs Docker and minutes. */
export async function deployBench(): Promise<void> {
  heading('Deploy: git push → serving vs plain docker build + run (floor)');
  const appDir = process.env.BENCH_DEPLOY_APP ?? path.join(repoDir(), 'fixtures', 'apps', 'sample');
  const why =
    process.env.BENCH_DEPLOY !== '1' ? 'BENCH_DEPLOY=1 not set' : !(await dockerReachable()) ? 'docker not reachable' : !fs.existsSync(path.join(appDir, 'Dockerfile')) ? `no sample app at ${appDir}` : undefined;
  if (why) {
    console.log(`  skipped: ${why}`);
    return skip(WARM, '≤ 2×', why);
  }
  let f: Figures;
  try {
    f = await measure(appDir);
  } catch (err) {
    console.log(`  push failed: ${(err as Error).message.split('\n').slice(0, 5).join(' | ')}`);
    return record({ name: WARM, measured: '-', target: '≤ 2×', pass: false, note: 'a push failed' });
  }
  console.log(`  floor, docker build --no-cache + run + first 200    ${fmtMs(f.floor.cold).padStart(10)}`);
  console.log(`  floor, docker build (cached) + run + first 200      ${fmtMs(f.floor.warm).padStart(10)}  (median of ${ROUNDS})`);
  console.log(`  berth, first push → serving                         ${fmtMs(f.berth.cold).padStart(10)}  ${fmtRatio(f.berth.cold / f.floor.cold)} floor (no cache)`);
  console.log(`  berth, later push → serving                         ${fmtMs(f.berth.warm).padStart(10)}  ${fmtRatio(f.berth.warm / f.floor.warm)} floor (cached, median of ${ROUNDS})`);
  const r = f.berth.warm / f.floor.warm;
  record({ name: WARM, measured: fmtRatio(r), target: '≤ 2×', pass: r <= 2 });
  record({ name: 'cold push vs docker build --no-cache + run', measured: fmtRatio(f.berth.cold / f.floor.cold), target: 'none (informational)' });
}
