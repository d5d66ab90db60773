import fs from 'node:fs';
import { appHost, appRepo, berth, docker, gitPush, request, uniqueApp } from './harness.js';

/**
 * Docker networks for apps against real Docker: one app starts on its initial-network, another joins
 * the same network after create; each reaches the other by `APP.web` / `APP.web.N` from inside its
 * container while nginx keeps serving both through their published loopback ports. One image build
 * per app from the same fixture (the second is a cache hit).
 */
const suffix = Math.random().toString(36).slice(2, 8);
const net = `bn-${suffix}`;
const net2 = `bn2-${suffix}`;
const a = uniqueApp('neta');
const b = uniqueApp('netb');
let repo: string;

async function ok(args: string[]) {
  const r = await berth(args);
  if (r.exitCode !== 0) throw new Error(`berth ${args.join(' ')} failed (${r.exitCode}):\n${r.all}`);
  return r;
}

async function push(app: string) {
  const r = await gitPush(repo, app);
  if (r.exitCode !== 0) throw new Error(`git push ${app} failed (${r.exitCode}):\n${r.all}`);
}

/**
 * GET / of HOST:5000 from inside APP's web container. Node's http client gets host and port apart:
 * URL parsers refuse a host whose last label is a number, such as `APP.web.1`.
 */
function fetchFrom(app: string, host: string) {
  const code = `require('http').get({ host: ${JSON.stringify(host)}, port: 5000, path: '/' }, (r) => { let d = ''; r.on('data', (c) => (d += c)); r.on('end', () => console.log(r.statusCode + ' ' + d.trim())); }).on('error', (e) => { console.error(e.message); process.exit(1); })`;
  return berth(['enter', app, 'web', 'node', '-e', code]);
}

async function inspect(name: string) {
  const r = await docker(['inspect', name]);
  if (r.exitCode !== 0) throw new Error(`docker inspect ${name}: ${r.stderr}`);
  return JSON.parse(r.stdout)[0];
}

const report = async (app: string) => JSON.parse((await ok(['network:report', app, '--format', 'json'])).stdout);

beforeAll(async () => {
  repo = await appRepo('sample');
  await ok(['network:create', net]);
  await ok(['apps:create', a]);
  await ok(['apps:create', b]);
  await ok(['network:set', a, 'initial-network', net]);
  await ok(['network:set', b, 'attach-post-create', net]);
  await push(a);
  await push(b);
}, 180_000);

afterAll(async () => {
  for (const app of [a, b]) await berth(['apps:destroy', app, '--force']);
  for (const n of [net, net2]) await docker(['network', 'rm', n]);
  fs.rmSync(repo, { recursive: true, force: true });
}, 120_000);

describe('apps on a shared network', () => {
  test('initial-network and attach-post-create: both served by nginx, each reaches the other by name', async () => {
    for (const app of [a, b]) {
      const r = await request(appHost(app));
      expect(r.status).toBe(200);
      expect(r.body).toContain('Hello from berth sample');
    }
    const ca = await inspect(`${a}.web.1`);
    expect(ca.HostConfig.NetworkMode).toBe(net);
    expect(ca.NetworkSettings.Networks[net].Aliases).toEqual(expect.arrayContaining([`${a}.web`, `${a}.web.1`]));
    const cb = await inspect(`${b}.web.1`);
    expect(cb.HostConfig.NetworkMode).not.toBe(net);
    expect(cb.NetworkSettings.Networks[net].Aliases).toEqual(expect.arrayContaining([`${b}.web`, `${b}.web.1`]));

    const ab = await fetchFrom(b, `${a}.web`);
    expect(ab.all).toMatch(/^200 Hello from berth sample .* on web\.1$/m);
    const ba = await fetchFrom(a, `${b}.web.1`);
    expect(ba.all).toMatch(/^200 Hello from berth sample .* on web\.1$/m);

    const info = JSON.parse((await ok(['network:info', net, '--format', 'json'])).stdout);
    expect(info.containers.split(' ').sort()).toEqual([`${a}.web.1`, `${b}.web.1`]);
    expect(info.labels).toContain('berth=network');
    const list = JSON.parse((await ok(['network:list', '--format', 'json'])).stdout);
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ name: net, driver: 'bridge', berth: true })]));
    expect((await ok(['network:exists', net])).stdout).toBe('Network exists');
  }, 60_000);

  test('attach-post-deploy: the running containers join after a restart and keep their aliases', async () => {
    await ok(['network:create', net2]);
    await ok(['network:set', a, 'attach-post-deploy', net2]);
    await ok(['ps:restart', a]);
    const ca = await inspect(`${a}.web.1`);
    expect(Object.keys(ca.NetworkSettings.Networks).sort()).toEqual([net, net2].sort());
    expect(ca.NetworkSettings.Networks[net2].Aliases).toEqual(expect.arrayContaining([`${a}.web`, `${a}.web.1`]));
    expect((await request(appHost(a))).status).toBe(200);
  }, 60_000);

  test('bad input: clear errors, nothing changed', async () => {
    const before = await report(b);
    const missing = `missing-${suffix}`;
    const cases: [string[], RegExp][] = [
      [['network:destroy', missing, '--force'], new RegExp(`Network ${missing} does not exist`)],
      [['network:create', 'bad/name'], /Invalid network name 'bad\/name'/],
      [['network:create', net], new RegExp(`Network ${net} already exists`)],
      [['network:set', b, 'attach-post-create', net, missing], new RegExp(`Network ${missing} does not exist`)],
      [['network:destroy', net, '--force'], new RegExp(`Network ${net} has 2 container\\(s\\) attached: ${a}.web.1, ${b}.web.1`)],
    ];
    // each is refused before it changes anything, so they can run side by side
    const results = await Promise.all(cases.map(([args]) => berth(args)));
    cases.forEach(([args, message], i) => {
      expect({ args, code: results[i]!.exitCode }).toEqual({ args, code: 1 });
      expect(results[i]!.stderr).toMatch(message);
    });
    expect(await report(b)).toEqual(before);
    expect((await docker(['network', 'inspect', net])).exitCode).toBe(0);
    expect((await docker(['network', 'inspect', 'bad/name'])).exitCode).not.toBe(0);
  }, 60_000);

  test('destroy asks for the name unless --force; an unattached network goes', async () => {
    await ok(['network:set', a, 'attach-post-deploy']);
    await docker(['network', 'disconnect', net2, `${a}.web.1`]);
    const wrong = await berth(['network:destroy', net2], { input: 'nope\n' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain(`Confirmation did not match ${net2}. Aborted.`);
    expect((await docker(['network', 'inspect', net2])).exitCode).toBe(0);
    const r = await berth(['network:destroy', net2], { input: `${net2}\n` });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`-----> Destroying network ${net2}`);
    expect((await docker(['network', 'inspect', net2])).exitCode).not.toBe(0);
  }, 30_000);
});
