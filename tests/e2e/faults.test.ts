import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appHost, appRepo, berth, docker, gitPush, request, state, uniqueApp } from './harness.js';

/**
 * kill -9 of a deploy at each pipeline stage while a loopback load runs through nginx: the release
 * that was serving keeps serving, the dead deploy's lock is broken by the next one, and the
 * containers it left are removed by ps:retire or by the next deploy. The stage is hit exactly through
 * the engine's test hook (BERTH_FAULT_PAUSE_AT + BERTH_FAULT_MARKER): the deploy writes its pid to
 * the marker and blocks at that trigger, so no sleep decides when the kill lands.
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

/** Start a rebuild that blocks at `trigger`, kill -9 the process that reached it, return its output. */
async function killAt(trigger: string): Promise<string> {
  const marker = path.join(markers, `${trigger}-${Date.now()}`);
  const deploy = berth(['ps:rebuild', app], { env: { BERTH_FAULT_PAUSE_AT: trigger, BERTH_FAULT_MARKER: marker } });
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
    await killAt('check-deploy');
    expect(slotIds()).toEqual(before);
    expect((await orphans()).some((n) => n.startsWith(`${app}.web.1.upcoming-`))).toBe(true);
    const retire = await berth(['ps:retire', app]);
    succeeded(retire);
    expect(retire.all).toContain('Removing orphan container');
    await noOrphansLeft();
    expect(slotIds()).toEqual(before);
    const next = await berth(['ps:rebuild', app]);
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
    await killAt('check-deploy');
    await killAt('nginx-pre-reload');
    expect((await orphans()).length).toBeGreaterThan(0);
    const next = await berth(['ps:restart', app]);
    succeeded(next);
    await noOrphansLeft();
    expect((await containers()).length).toBe(1);
    await load.stop();
    expect(load.ok).toBeGreaterThan(100);
    expect(load.failures).toEqual([]);
  }, 240_000);
});
