import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { writeFileAtomic } from '../../core/atomic.js';
import { appHost, appRepo, berth, docker, gitPush, repoRoot, request, state, uniqueApp } from './harness.js';

/**
 * kill -9 of a deploy at each pipeline stage while a loopback load runs through nginx: the release
 * that was serving keeps serving, the dead deploy's lock is broken by the next one, and the
 * containers it left are removed by ps:retire or by the next deploy. The stage is hit exactly through
 * the fault-pause test plugin (BERTH_FAULT_PAUSE_AT + BERTH_FAULT_MARKER), enabled only while this
 * file runs: the deploy writes its pid to the marker and blocks at that trigger, so no sleep decides when the kill lands.
 */
const app = uniqueApp('flt');
let repo: string;
let markers: string;

/** ~20 requests a second with the app's Host header, never more than 10 in flight. */
class Load {
  ok = 0;
  failures: string[] = [];
  private inflight = 0;
  private timer?: NodeJS.Timeout;
  start(host: string): void {
    this.timer = setInterval(() => {
      if (this.inflight >= 10) return;
      this.inflight++;
      request(host)
        .then((r) => (r.status === 200 && r.body.startsWith('Hello from berth sample') ? this.ok++ : this.failures.push(`${new Date().toISOString()} status ${r.status}: ${r.body.slice(0, 120)}`)))
        .catch((err: Error) => this.failures.push(`${new Date().toISOString()} ${err.message}`))
        .finally(() => this.inflight--);
    }, 50);
  }
  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inflight > 0) await new Promise((r) => setTimeout(r, 20));
  }
}
const load = new Load();

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function containers(): Promise<{ id: string; name: string }[]> {
  const r = await docker(['ps', '-a', '--no-trunc', '--filter', `label=com.dokku.app-name=${app}`, '--format', '{{.ID}} {{.Names}}']);
  return r.stdout.split('\n').filter(Boolean).map((l) => ({ id: l.split(' ')[0]!, name: l.split(' ')[1]! }));
}

/** Container ids the slot files (BERTH_ROOT/APP/CONTAINER.TYPE.N) name. */
function slotIds(): string[] {
  const dir = path.join(state().root, app);
  return fs.readdirSync(dir).filter((f) => f.startsWith('CONTAINER.')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim());
}

/** The release tags (vN) of the app's images. */
async function releaseTags(): Promise<string[]> {
  const r = await docker(['images', `berth/${app}`, '--format', '{{.Tag}}']);
  return r.stdout.split('\n').filter((t) => /^v\d+$/.test(t)).sort();
}

async function orphans(): Promise<string[]> {
  const recorded = new Set(slotIds());
  return (await containers()).filter((c) => !recorded.has(c.id)).map((c) => c.name);
}

/** Old dynos drain in the background after a deploy: wait (bounded) until only recorded containers are left. */
async function noOrphansLeft(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = await orphans();
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = await orphans();
  }
  expect(left).toEqual([]);
}

/** exit 0, or a failure that shows the command's output. */
function succeeded(r: { exitCode?: number; all?: string }): void {
  expect({ exit: r.exitCode, output: r.all }).toEqual({ exit: 0, output: r.all });
}

/** Start a deploy (a rebuild by default) that blocks at `trigger`, kill -9 the process that reached it. */
async function killAt(trigger: string, command = 'ps:rebuild'): Promise<string> {
  const marker = path.join(markers, `${trigger}-${Date.now()}`);
  const deploy = berth([command, app], { env: { BERTH_FAULT_PAUSE_AT: trigger, BERTH_FAULT_MARKER: marker } });
  let exited: string | undefined;
  void deploy.then((r) => (exited = r.all ?? ''));
  const { pid } = await until(() => {
    if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as { pid: number };
    if (exited !== undefined) throw new Error(`the deploy ended before reaching ${trigger}:\n${exited}`);
    return undefined;
  }, `the deploy to reach ${trigger}`);
  process.kill(pid, 'SIGKILL');
  const r = await deploy;
  expect(r.exitCode).not.toBe(0);
  // The dead deploy's lock is still there: recovering it is the next command's job.
  const lock = JSON.parse(fs.readFileSync(path.join(state().libRoot, 'data', 'apps', app, '.deploy.lock'), 'utf8')) as { pid: number };
  expect(lock.pid).toBe(pid);
  return r.all ?? '';
}

beforeAll(async () => {
  markers = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-faults-'));
  fs.chmodSync(markers, 0o777);
  succeeded(await berth(['plugin:install', path.join(repoRoot, 'fixtures', 'plugins', 'fault-pause')]));
  repo = await appRepo('sample');
  const push = await gitPush(repo, app);
  succeeded(push);
  expect((await request(appHost(app))).status).toBe(200);
  load.start(appHost(app));
}, 300_000);

afterAll(async () => {
  await load.stop();
  await berth(['apps:destroy', app, '--force']);
  const left = await containers();
  if (left.length) await docker(['rm', '-f', ...left.map((c) => c.id)]);
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(markers, { recursive: true, force: true });
  await berth(['plugin:uninstall', 'fault-pause']);
}, 120_000);

describe('kill -9 of a deploy at each stage, under load', () => {
  test('after the build (image built, nothing released): ps:retire finds nothing, the next deploy succeeds', async () => {
    const before = slotIds();
    await killAt('post-build');
    expect(slotIds()).toEqual(before);
    const retire = await berth(['ps:retire', app]);
    expect(retire.all).toContain('No orphan containers');
    succeeded(retire);
    const next = await berth(['ps:restart', app]);
    succeeded(next);
    await noOrphansLeft();
    expect(load.failures).toEqual([]);
  }, 240_000);

  test('during container start (candidate listening, not yet recorded): ps:retire removes it', async () => {
    const before = slotIds();
    const tags = await releaseTags();
    await killAt('check-deploy');
    expect(slotIds()).toEqual(before);
    expect((await orphans()).some((n) => n.startsWith(`${app}.web.1.upcoming-`))).toBe(true);
    expect((await releaseTags()).length).toBe(tags.length + 1);
    const retire = await berth(['ps:retire', app]);
    succeeded(retire);
    expect(retire.all).toContain('Removing orphan container');
    await noOrphansLeft();
    expect(slotIds()).toEqual(before);
    // the release image the dead deploy tagged but never deployed goes too
    expect(await releaseTags()).toEqual(tags);
    const next = await berth(['ps:restart', app]);
    succeeded(next);
    await noOrphansLeft();
    expect(load.failures).toEqual([]);
  }, 240_000);

  test('during the proxy switch (config written, before the reload): ps:retire rolls back and removes the candidate', async () => {
    const before = slotIds();
    await killAt('nginx-pre-reload');
    // The dead deploy had recorded its candidate; nginx still runs the previous config.
    expect(slotIds()).not.toEqual(before);
    const retire = await berth(['ps:retire', app]);
    succeeded(retire);
    expect(slotIds()).toEqual(before);
    await noOrphansLeft();
    expect(load.failures).toEqual([]);
  }, 240_000);

  test('the next deploy removes what a killed one left, by itself', async () => {
    // ps:restart runs the same release → scheduler → proxy path as a push, without the build.
    await killAt('check-deploy', 'ps:restart');
    await killAt('nginx-pre-reload', 'ps:restart');
    expect((await orphans()).length).toBeGreaterThan(0);
    const next = await berth(['ps:restart', app]);
    succeeded(next);
    await noOrphansLeft();
    expect((await containers()).length).toBe(1);
    expect(load.failures).toEqual([]);
  }, 240_000);
});

/** What a failed deploy must leave as it was: slots, release properties, the proxy config, the containers. */
async function snapshot() {
  const s = state();
  const ps = path.join(s.libRoot, 'config', 'ps', app);
  const props = Object.fromEntries(fs.readdirSync(ps).map((k) => [k, fs.readFileSync(path.join(ps, k), 'utf8')]));
  const nginx = fs.readFileSync(path.join(s.root, app, 'nginx.conf'), 'utf8');
  return { slots: slotIds().sort(), props, nginx, containers: (await containers()).map((c) => c.id).sort() };
}

/** A tiny tmpfs at `dir`, filled up; the callback runs on the full disk, the mount goes afterwards. */
async function onFullDisk<T>(dir: string, o: { owner?: { uid: number; gid: number }; keep?: string }, fn: () => Promise<T>): Promise<T> {
  const aside = o.keep ? fs.mkdtempSync(path.join(os.tmpdir(), 'berth-keep-')) : undefined;
  // cp -a keeps the platform user's ownership and modes.
  if (aside) await execa('cp', ['-a', `${dir}/.`, aside]);
  fs.mkdirSync(dir, { recursive: true });
  const owner = o.owner ? `uid=${o.owner.uid},gid=${o.owner.gid},mode=0700` : 'mode=1777';
  await execa('mount', ['-t', 'tmpfs', '-o', `size=64k,${owner}`, 'tmpfs', dir]);
  try {
    if (aside) await execa('cp', ['-a', `${aside}/.`, dir]);
    await execa('dd', ['if=/dev/zero', `of=${path.join(dir, 'fill')}`, 'bs=4k'], { reject: false });
    return await fn();
  } finally {
    await execa('umount', [dir]);
    if (aside) fs.rmSync(aside, { recursive: true, force: true });
  }
}

describe('a failing Docker daemon or a full disk: a clear error, nothing changed', () => {
  const deadDocker = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

  test.each([['ps:restart'], ['ps:rebuild']])('%s with dockerd unreachable', async (cmd) => {
    const before = await snapshot();
    const r = await berth([cmd, app], { env: deadDocker });
    expect(r.all).toContain('Docker is not reachable: ');
    expect(r.exitCode).toBe(69);
    expect(await snapshot()).toEqual(before);
    expect(fs.existsSync(path.join(state().libRoot, 'data', 'apps', app, '.deploy.lock'))).toBe(false);
    expect((await request(appHost(app))).status).toBe(200);
  }, 120_000);

  test('ps:rebuild with the build dir on a full disk: No space left on device, the old release serves', async () => {
    const before = await snapshot();
    const tmp = path.join(markers, 'full-tmp');
    const r = await onFullDisk(tmp, {}, async () => {
      // This suite's fault-pause plugin is TypeScript: tsx would put its compile cache in TMPDIR, which is not berth's leftover
      const out = await berth(['ps:rebuild', app], { env: { TMPDIR: tmp, TSX_DISABLE_CACHE: '1' } });
      // The extracted source went away with the failed build.
      expect(fs.readdirSync(tmp)).toEqual(['fill']);
      return out;
    });
    expect(r.all).toContain('No space left on device');
    expect(r.exitCode).toBe(74);
    expect(await snapshot()).toEqual(before);
    expect((await request(appHost(app))).status).toBe(200);
    expect(load.failures).toEqual([]);
  }, 120_000);

  test("config:set with the app's state on a full disk: No space left on device, nothing half-written", async () => {
    const dir = path.join(state().libRoot, 'config', 'config', app);
    const { uid, gid } = fs.statSync(dir);
    const envBefore = fs.readFileSync(path.join(dir, 'env'), 'utf8');
    const r = await onFullDisk(dir, { owner: { uid, gid }, keep: dir }, async () => {
        const out = await berth(['config:set', '--no-restart', app, `BIG=${'x'.repeat(100_000)}`]);
      expect(fs.readFileSync(path.join(dir, 'env'), 'utf8')).toBe(envBefore);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
      // The SDK's atomic write on its own: the old content stays, no temp file is left.
      expect(() => writeFileAtomic(path.join(dir, 'env'), 'y'.repeat(300_000))).toThrow(/ENOSPC/);
      expect(fs.readFileSync(path.join(dir, 'env'), 'utf8')).toBe(envBefore);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
      return out;
    });
    expect(r.all).toContain('No space left on device');
    expect(r.exitCode).toBe(74);
    expect(fs.readFileSync(path.join(dir, 'env'), 'utf8')).toBe(envBefore);
    expect((await request(appHost(app))).status).toBe(200);
  }, 120_000);
});

test('the load ran all along (~20 requests/s through nginx) without one failed request', async () => {
  await load.stop();
  expect(load.ok).toBeGreaterThan(100);
  expect(load.failures).toEqual([]);
});

test('a secret at rest on the shared platform: only in files that are 0600 and the platform user\'s', async () => {
  const s = state();
  const secret = `rest-s3cr3t-${Math.random().toString(36).slice(2, 10)}`;
  succeeded(await berth(['config:set', '--no-restart', app, `API_TOKEN=${secret}`]));
  const holders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.isFile() && fs.readFileSync(file).includes(secret)) holders.push(file);
    }
  };
  walk(s.root);
  walk(s.libRoot);
  expect(holders.length).toBeGreaterThan(0);
  const owner = fs.statSync(s.root).uid;
  expect(owner).not.toBe(0);
  const modes = (files: string[]) => files.map((f) => [f, (fs.statSync(f).mode & 0o777).toString(8), fs.statSync(f).uid]);
  expect(modes(holders)).toEqual(holders.map((f) => [f, '600', owner]));
}, 60_000);
