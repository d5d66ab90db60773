import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSlowestHandlers } from './deploy-events.js';
import { buildpackPushes } from './deploy-buildpack.js';
import { docker, dockerReachable, floorDeploy, stamp } from './deploy-floor.js';
import { commitAll, destroyApp, pushToServing, withPlatform, workingCopy, type Platform } from './deploy-platform.js';
import { startTimeline, stopTimeline } from './deploy-timeline.js';
import { fmtMs, fmtRatio, heading } from './measure.js';
import { repoDir } from './plugin-tree.js';
import { record, skip } from './summary.js';

const exec = promisify(execFile);

const ROUNDS = 3;
const TARGET = 1.5;

interface Figures {
  berth: { cold: number; warm: number };
  floor: { cold: number; warm: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function platformIds(p: Platform): Promise<[number, number]> {
  const id = async (flag: string) => Number((await exec('id', [flag, p.user])).stdout.trim());
  return [await id('-u'), await id('-g')];
}

/**
 * Cold pushes first (berth, then the floor without cache), then warm rounds that alternate the floor
 * and berth, so a load spike on a shared machine hits both sides; medians of the rounds are compared.
 * The last warm push prints its timeline: client-side output lines and berth's own stage marks.
 */
async function measure(p: Platform, label: string, appDir: string): Promise<Figures> {
  console.log(`\n  app: ${label}`);
  const app = `bench-${label}-${Date.now().toString(36)}`;
  await exec(path.join(repoDir(), 'bin', 'berth'), ['apps:create', app], { env: { ...process.env, ...p.env } }).catch(() => undefined);
  const dir = await workingCopy(appDir);
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-floor-'));
  const tag = `berth-bench-floor-${label}:${process.pid}`;
  const [uid, gid] = await platformIds(p);
  try {
    fs.cpSync(appDir, floorDir, { recursive: true });
    const cold = await pushToServing(p, dir, app);
    const floorCold = await floorDeploy(floorDir, tag, { noCache: true });
    const warm: number[] = [];
    const floorWarm: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const last = round === ROUNDS;
      stamp(floorDir, `warm ${round}`);
      floorWarm.push(await floorDeploy(floorDir, tag, { noCache: false }));
      stamp(dir, `warm ${round}`);
      await commitAll(dir, `warm ${round}`);
      const since = new Date();
      if (last) startTimeline(p.libRoot, uid, gid);
      warm.push(await pushToServing(p, dir, app, { timeline: last }));
      if (last) stopTimeline(p.libRoot), printSlowestHandlers(p.libRoot, app, since);
    }
    console.log(`  warm rounds, floor: ${floorWarm.map(fmtMs).join(', ')}; berth: ${warm.map(fmtMs).join(', ')}`);
    return { berth: { cold, warm: median(warm) }, floor: { cold: floorCold, warm: median(floorWarm) } };
  } finally {
    stopTimeline(p.libRoot);
    await destroyApp(p, app);
    await docker(['rmi', '-f', tag]).catch(() => '');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
}

function report(label: string, f: Figures): void {
  const name = `warm push vs plain docker build + run (floor), ${label}`;
  console.log(`\n  ${label}:`);
  console.log(`  floor, docker build --no-cache + run + first 200    ${fmtMs(f.floor.cold).padStart(10)}`);
  console.log(`  floor, docker build (cached) + run + first 200      ${fmtMs(f.floor.warm).padStart(10)}  (median of ${ROUNDS})`);
  console.log(`  berth, first push → serving                         ${fmtMs(f.berth.cold).padStart(10)}  ${fmtRatio(f.berth.cold / f.floor.cold)} floor (no cache)`);
  console.log(`  berth, later push → serving                         ${fmtMs(f.berth.warm).padStart(10)}  ${fmtRatio(f.berth.warm / f.floor.warm)} floor (cached, median of ${ROUNDS})`);
  const r = f.berth.warm / f.floor.warm;
  record({ name, measured: fmtRatio(r), target: `≤ ${TARGET}×`, pass: r <= TARGET });
  record({ name: `cold push vs docker build --no-cache + run, ${label}`, measured: fmtRatio(f.berth.cold / f.floor.cold), target: 'none (informational)' });
}

/** The apps measured: BENCH_DEPLOY_APP (one directory), else the sample app and the tiny static one. */
function apps(): [string, string][] {
  if (process.env.BENCH_DEPLOY_APP) return [[path.basename(process.env.BENCH_DEPLOY_APP), process.env.BENCH_DEPLOY_APP]];
  return ['sample', 'tiny'].map((a) => [a, path.join(repoDir(), 'fixtures', 'apps', a)]);
}

/** Issue #3: push → serving, cold and warm, next to plain docker measured in the same run. Opt-in: it needs Docker and minutes. */
export async function deployBench(): Promise<void> {
  heading('Deploy: git push → serving vs plain docker build + run (floor)');
  const list = apps();
  const missing = list.find(([, dir]) => !fs.existsSync(path.join(dir, 'Dockerfile')));
  const why = process.env.BENCH_DEPLOY !== '1' ? 'BENCH_DEPLOY=1 not set' : !(await dockerReachable()) ? 'docker not reachable' : missing ? `no app at ${missing[1]}` : undefined;
  if (why) {
    console.log(`  skipped: ${why}`);
    return skip('warm push vs plain docker build + run (floor)', `≤ ${TARGET}×`, why);
  }
  await withPlatform(async (p) => {
    for (const [label, dir] of list) {
      try {
        report(label, await measure(p, label, dir));
      } catch (err) {
        console.log(`  push of ${label} failed: ${(err as Error).message.split('\n').slice(0, 5).join(' | ')}`);
        record({ name: `warm push vs plain docker build + run (floor), ${label}`, measured: '-', target: `≤ ${TARGET}×`, pass: false, note: 'a push failed' });
      }
    }
    // BENCH_DEPLOY_BUILDPACK=0 leaves the buildpack pushes out (a narrower run).
    if (process.env.BENCH_DEPLOY_BUILDPACK !== '0') await buildpackPushes(p);
  });
}
