import fs from 'node:fs';
import path from 'node:path';
import { inPool } from '../../plugins/scheduler-docker-local/deploy.js';
import { aliasesFor } from '../../plugins/network/docker.js';
import { engineFor, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

/**
 * The X:set / X:report properties of scheduler, scheduler-docker-local, checks, proxy and network: raw,
 * global and computed values per app, `--global` reports, Dokku's stripped JSON keys, and bad input
 * refused before anything is written.
 */
let p: TempPlatform;
const run = (...argv: string[]) => routeIn(p, argv);
const json = async (...argv: string[]) => {
  const r = await run(...argv, '--format', 'json');
  expect(r).toMatchObject({ code: 0 });
  return JSON.parse(r.out) as Record<string, string>;
};
const propDir = (plugin: string, scope: string) => path.join(p.libRoot, 'config', plugin, scope);

beforeEach(async () => {
  p = tempPlatform();
  for (const name of ['apps', 'scheduler', 'scheduler-docker-local', 'checks', 'proxy', 'network']) linkPlugin(p, name);
  expect((await run('apps:create', 'web')).code).toBe(0);
});

afterEach(() => p.cleanup());

describe('scheduler', () => {
  test('selected: app, then global, then docker-local; scheduler-detect answers the same', async () => {
    expect(await json('scheduler:report', 'web')).toMatchObject({ 'scheduler-selected': '', selected: '', 'scheduler-computed-selected': 'docker-local' });
    expect((await run('scheduler:set', '--global', 'selected', 'null')).code).toBe(0);
    expect(await json('scheduler:report', 'web')).toMatchObject({ 'global-selected': 'null', 'computed-selected': 'null' });
    expect((await run('scheduler:set', 'web', 'selected', 'docker-local')).code).toBe(0);
    const { engine } = engineFor(p);
    expect((await engine.triggers.collect('scheduler-detect', 'web')).trim()).toBe('docker-local');
    const global = await json('scheduler:report', '--global');
    expect(global).toEqual(expect.objectContaining({ 'scheduler-global-selected': 'null', 'scheduler-computed-selected': 'null' }));
    expect(global).not.toHaveProperty('scheduler-selected');
  });

  test.each([
    [['scheduler:set', 'web', 'colour', 'x'], /Invalid property specified/],
    [['scheduler:set', 'web', 'selected', 'Bad/Name'], /scheduler name/],
    [['scheduler:set', 'web', 'shell', 'sh -c id'], /Invalid shell/],
    [['scheduler:set', 'nope', 'shell', 'bash'], /App nope does not exist/],
  ])('%j is refused and writes nothing', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(propDir('scheduler', 'web'))).toBe(false);
  });
});

describe('scheduler-docker-local', () => {
  test('init-process defaults to true and parallel-schedule-count to 1; global values reach apps', async () => {
    expect(await json('scheduler-docker-local:report', 'web')).toMatchObject({ 'init-process': '', 'computed-init-process': 'true', 'computed-parallel-schedule-count': '1' });
    expect((await run('scheduler-docker-local:set', '--global', 'parallel-schedule-count', '4')).code).toBe(0);
    expect((await run('scheduler-docker-local:set', 'web', 'init-process', 'false')).code).toBe(0);
    expect(await json('scheduler-docker-local:report', 'web')).toMatchObject({ 'computed-init-process': 'false', 'parallel-schedule-count': '', 'computed-parallel-schedule-count': '4' });
    const info = await run('scheduler-docker-local:report', '--global', '--scheduler-docker-local-computed-parallel-schedule-count');
    expect(info).toMatchObject({ code: 0, out: '4\n' });
    expect((await run('scheduler-docker-local:report', 'web', '--scheduler-docker-local-nope')).err).toMatch(/Invalid flag passed/);
  });

  test.each([['init-process', 'yes'], ['parallel-schedule-count', '0'], ['parallel-schedule-count', '1.5'], ['ready-timeout-seconds', '-1']])('%s %s is refused', async (key, value) => {
    const r = await run('scheduler-docker-local:set', 'web', key, value);
    expect(r.code).not.toBe(0);
    expect(fs.existsSync(propDir('scheduler-docker-local', 'web'))).toBe(false);
  });

  test('inPool: at most N at a time, nothing new starts after a failure, the first failure is thrown', async () => {
    let live = 0;
    let peak = 0;
    const started: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      live++;
      peak = Math.max(peak, live);
      await new Promise<void>((resolve) => setImmediate(resolve));
      live--;
      if (n === 2) throw new Error(`failed ${n}`);
    };
    await expect(inPool([1, 2, 3, 4, 5, 6], 2, work)).rejects.toThrow('failed 2');
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3]);
    started.length = 0;
    await inPool([1, 3, 4], 1, work);
    expect(started).toEqual([1, 3, 4]);
  });
});

describe('checks wait-to-retire', () => {
  test('app, global, computed (default 60), and the --global report', async () => {
    expect((await run('checks:report', 'web', '--checks-computed-wait-to-retire')).out).toBe('60\n');
    expect((await run('checks:set', '--global', 'wait-to-retire', '90')).code).toBe(0);
    expect((await run('checks:set', 'web', 'wait-to-retire', '30')).code).toBe(0);
    expect(await json('checks:report', 'web')).toMatchObject({ 'wait-to-retire': '30', 'checks-global-wait-to-retire': '90', 'computed-wait-to-retire': '30' });
    expect(await json('checks:report', '--global')).toEqual({ 'computed-wait-to-retire': '90', 'checks-computed-wait-to-retire': '90', 'global-wait-to-retire': '90', 'checks-global-wait-to-retire': '90' });
    expect((await run('checks:report', '--global')).out).toMatch(/--global checks information/);
    const bad = await run('checks:set', 'web', 'wait-to-retire', 'soon');
    expect(bad.code).not.toBe(0);
    expect((await run('checks:report', 'web', '--checks-wait-to-retire')).out).toBe('30\n');
  });
});

describe('proxy', () => {
  test('proxy-port and proxy-ssl-port: app over global; disabled keys follow proxy:disable', async () => {
    expect((await run('proxy:set', '--global', 'proxy-port', '5000')).code).toBe(0);
    expect((await run('proxy:set', 'web', 'proxy-ssl-port', '6443')).code).toBe(0);
    expect(await json('proxy:report', 'web')).toMatchObject({ 'computed-proxy-port': '5000', 'proxy-proxy-ssl-port': '6443', disabled: '', 'computed-disabled': 'false', enabled: 'true' });
    expect((await run('proxy:disable', 'web')).code).toBe(0);
    expect(await json('proxy:report', 'web')).toMatchObject({ 'proxy-disabled': 'true', 'proxy-computed-disabled': 'true', 'proxy-enabled': 'false' });
    expect(await json('proxy:report', '--global')).toMatchObject({ 'proxy-computed-type': 'nginx', 'global-proxy-port': '5000' });
  });

  test.each([
    [['proxy:set', 'web', 'http:80:80'], /Detected potential port mapping instead of proxy type/],
    [['proxy:set', 'web', 'proxy-port', '70000'], /expected a port/],
    [['proxy:set', 'web', 'proxy-port', '80', '81'], /single port/],
  ])('%j is refused', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(propDir('proxy', 'web'))).toBe(false);
  });
});

describe('network tld and bind-all-interfaces', () => {
  test('values: app over global over default; the --global report has no app keys', async () => {
    expect((await run('network:set', '--global', 'tld', 'svc.cluster.local')).code).toBe(0);
    expect((await run('network:set', 'web', 'bind-all-interfaces', 'true')).code).toBe(0);
    expect(await json('network:report', 'web')).toMatchObject({ 'network-computed-tld': 'svc.cluster.local', tld: '', 'computed-bind-all-interfaces': 'true' });
    const global = await json('network:report', '--global');
    expect(global).toMatchObject({ 'network-global-tld': 'svc.cluster.local', 'global-tld': 'svc.cluster.local', 'network-computed-bind-all-interfaces': 'false' });
    expect(global).not.toHaveProperty('tld');
    const { engine } = engineFor(p);
    expect((await engine.triggers.collect('network-get-property', 'web', 'tld')).trim()).toBe('svc.cluster.local');
  });

  test.each([['tld', 'bad_suffix'], ['tld', '-x.y'], ['bind-all-interfaces', 'yes']])('%s %s is refused', async (key, value) => {
    expect((await run('network:set', 'web', key, value)).code).not.toBe(0);
    expect(fs.existsSync(propDir('network', 'web'))).toBe(false);
  });

  test('aliases get the tld suffix', () => {
    const labels = { 'com.dokku.app-name': 'a', 'com.dokku.dyno': 'web.1', 'com.dokku.container-type': 'deploy' };
    expect(aliasesFor(labels, 'svc.local')).toEqual(['a.web.svc.local', 'a.web.1.svc.local']);
  });
});
