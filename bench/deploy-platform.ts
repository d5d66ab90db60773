import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { timedLines, untilServing } from './deploy-floor.js';
import { printTimeline } from './deploy-timeline.js';
import { repoDir } from './plugin-tree.js';

const exec = promisify(execFile);

export interface Platform {
  env: Record<string, string>;
  libRoot: string;
  httpPort: number;
  sshPort: number;
  keys: string;
  user: string;
  domain: string;
}

export async function git(dir: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await exec('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: dir, env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  return r.stdout + r.stderr;
}

/** A committed copy of a fixture app in a temp dir. */
export async function workingCopy(appDir: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-app-'));
  fs.cpSync(appDir, dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-qm', 'bench']);
  return dir;
}

export async function commitAll(dir: string, message: string): Promise<void> {
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-qm', message]);
}

/** apps:destroy, so a bench leaves no container, image or cache volume behind. */
export async function destroyApp(p: Platform, app: string): Promise<void> {
  await exec(path.join(repoDir(), 'bin', 'berth'), ['apps:destroy', app, '--force'], { env: { ...process.env, ...p.env } }).catch(() => undefined);
}

/** git push over the platform's sshd, then the first 200 through its nginx: push → serving. */
export async function pushToServing(p: Platform, dir: string, app: string, o: { timeline?: boolean } = {}): Promise<number> {
  const key = path.join(p.keys, 'admin');
  const ssh = `ssh -i ${key} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes`;
  const t0 = performance.now();
  const epoch0 = performance.timeOrigin + t0;
  const lines = await timedLines('git', ['push', `ssh://${p.user}@127.0.0.1:${p.sshPort}/${app}`, 'HEAD:main'], { cwd: dir, env: { ...process.env, GIT_SSH_COMMAND: ssh } });
  await untilServing(p.httpPort, { host: `${app}.${p.domain}`, timeoutMs: 60000 });
  const ms = performance.now() - t0;
  if (o.timeline) {
    console.log(`    timeline of the push of ${app} (ms since git push started):`);
    for (const l of lines) if (/^(remote: )?(----->| !)/.test(l.text)) console.log(`      ${l.ms.toFixed(0).padStart(7)}  ${l.text.replace(/^remote: /, '').trimEnd()}`);
    console.log(`      ${ms.toFixed(0).padStart(7)}  (first 200 through nginx)`);
    console.log(`    berth's stage marks (ms since git push started, +ms since the previous mark, [process]):`);
    printTimeline(p.libRoot, epoch0);
  }
  return ms;
}

/** The e2e suite's own platform (temp roots, sshd, nginx), with its state file and user kept out of the e2e suite's way. */
export async function withPlatform<T>(fn: (p: Platform) => Promise<T>): Promise<T> {
  const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-deploy-'));
  fs.chmodSync(privateTmp, 0o755);
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  // A platform user of its own: one that an e2e run is using cannot be moved to this run's root.
  process.env.BERTH_E2E_USER ??= 'berth-bench';
  // The e2e suite's background load would swamp what is measured here.
  process.env.BERTH_E2E_LOAD ??= '0';
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
