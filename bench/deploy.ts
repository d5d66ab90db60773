import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSlowestHandlers } from './deploy-events.js';
import { docker, dockerReachable, floorDeploy, stamp, timedLines, untilServing } from './deploy-floor.js';
import { fmtMs, fmtRatio, heading } from './measure.js';
import { repoDir } from './plugin-tree.js';
import { record, skip } from './summary.js';

const exec = promisify(execFile);
const WARM = 'warm push vs plain docker build + run (floor)';

interface Platform {
  env: Record<string, string>;
  libRoot: string;
  httpPort: number;
  sshPort: number;
  keys: string;
  user: string;
  domain: string;
}

async function git(dir: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await exec('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: dir, env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  return r.stdout + r.stderr;
}

async function workingCopy(appDir: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-app-'));
  fs.cpSync(appDir, dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-qm', 'bench']);
  return dir;
}

/** git push over the platform's sshd, then the first 200 through its nginx: push → serving. */
async function pushToServing(p: Platform, dir: string, app: string, o: { timeline?: boolean } = {}): Promise<number> {
  const key = path.join(p.keys, 'admin');
  const ssh = `ssh -i ${key} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes`;
  const t0 = performance.now();
  const lines = await timedLines('git', ['push', `ssh://${p.user}@127.0.0.1:${p.sshPort}/${app}`, 'HEAD:main'], { cwd: dir, env: { ...process.env, GIT_SSH_COMMAND: ssh } });
  await untilServing(p.httpPort, { host: `${app}.${p.domain}`, timeoutMs: 60000 });
  const ms = performance.now() - t0;
  if (o.timeline) {
    console.log('    timeline of the second push (ms since git push started):');
    for (const l of lines) if (/^(remote: )?(----->| !)/.test(l.text)) console.log(`      ${l.ms.toFixed(0).padStart(7)}  ${l.text.replace(/^remote: /, '').trimEnd()}`);
    console.log(`      ${ms.toFixed(0).padStart(7)}  (first 200 through nginx)`);
  }
  return ms;
}

/** The e2e suite's own platform (temp roots, sshd, nginx), with its state file and user kept out of the e2e suite's way. */
async function withPlatform<T>(fn: (p: Platform) => Promise<T>): Promise<T> {
  const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-deploy-'));
  fs.chmodSync(privateTmp, 0o755);
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  // A platform user of its own: one that an e2e run is using cannot be moved to this run's root.
  process.env.BERTH_E2E_USER ??= 'berth-bench';
  const setupDir = new URL('../../tests/e2e/setup/', import.meta.url);
  try {
    await (await import(new URL('global-setup.mjs', setupDir).href)).default();
    try {
      const state = JSON.parse(fs.readFileSync(process.env.BERTH_E2E_STATE ?? '', 'utf8')) as Platform;
      return await fn(state);
    } finally {
      await (await import(new URL('global-teardown.mjs', setupDir).href)).default();
    }
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(privateTmp, { recursive: true, force: true });
  }
}

async function berthSide(appDir: string): Promise<{ cold: number; warm: number }> {
  return withPlatform(async (p) => {
    const app = `bench-${Date.now().toString(36)}`;
    const berth = path.join(repoDir(), 'bin', 'berth');
    await exec(berth, ['apps:create', app], { env: { ...process.env, ...p.env } }).catch(() => undefined);
    const dir = await workingCopy(appDir);
    try {
      const cold = await pushToServing(p, dir, app);
      stamp(dir, 'warm');
      await git(dir, ['add', '-A']);
      await git(dir, ['commit', '-qm', 'warm']);
      const since = new Date();
      const warm = await pushToServing(p, dir, app, { timeline: true });
      printSlowestHandlers(p.libRoot, app, since);
      return { cold, warm };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function floorSide(appDir: string): Promise<{ cold: number; warm: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-floor-'));
  const tag = `berth-bench-floor:${process.pid}`;
  try {
    fs.cpSync(appDir, dir, { recursive: true });
    const cold = await floorDeploy(dir, tag, { noCache: true });
    stamp(dir, 'warm');
    const warm = await floorDeploy(dir, tag, { noCache: false });
    return { cold, warm };
  } finally {
    await docker(['rmi', '-f', tag]).catch(() => '');
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
  // berth first: its platform set-up builds the local base image the floor builds on too.
  let berth: { cold: number; warm: number } | undefined;
  try {
    berth = await berthSide(appDir);
  } catch (err) {
    console.log(`  berth push failed: ${(err as Error).message.split('\n').slice(0, 5).join(' | ')}`);
  }
  const floor = await floorSide(appDir);
  console.log(`  floor, docker build --no-cache + run + first 200    ${fmtMs(floor.cold).padStart(10)}`);
  console.log(`  floor, docker build (cached) + run + first 200      ${fmtMs(floor.warm).padStart(10)}`);
  if (!berth) return record({ name: WARM, measured: '-', target: '≤ 2×', pass: false, note: 'berth push failed' });
  console.log(`  berth, first push → serving                         ${fmtMs(berth.cold).padStart(10)}  ${fmtRatio(berth.cold / floor.cold)} floor (no cache)`);
  console.log(`  berth, second push → serving                        ${fmtMs(berth.warm).padStart(10)}  ${fmtRatio(berth.warm / floor.warm)} floor (cached)`);
  const r = berth.warm / floor.warm;
  record({ name: WARM, measured: fmtRatio(r), target: '≤ 2×', pass: r <= 2 });
  record({ name: 'cold push vs docker build --no-cache + run', measured: fmtRatio(berth.cold / floor.cold), target: 'none (informational)' });
}
