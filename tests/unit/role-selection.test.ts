import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import path from 'node:path';
import { plugn, repoRoot } from '../helpers/platform.js';

/**
 * Two competing TS schedulers (engine-ts provides `engine-ts`, engine-ts-other `engine-other`), a shell
 * scheduler that declares `shell-sched`, and a shell plugin that declares nothing (it guards on $1 as
 * Dokku's do): a role trigger reaches the named provider only, however it is fired.
 */
let p: TempPlatform;
beforeEach(() => (p = tempPlatform()));
afterEach(() => p.cleanup());

const lines = (text: string) => text.split('\n').filter(Boolean);

const expected = {
  'engine-ts': ['shell 00_guard saw $1=engine-ts', 'ts 10_ts deploys myapp as engine-ts'],
  'engine-other': ['shell 00_guard saw $1=engine-other', 'ts 20_other deploys myapp as engine-other'],
  'shell-sched': ['shell 00_guard saw $1=shell-sched', 'shell 30_shell deploys myapp as shell-sched'],
};

describe('role selection', () => {
  beforeEach(() => {
    installShell(p, '00_guard');
    installTs(p, '10_ts');
    installTs(p, '20_other', 'engine-ts-other');
    installShell(p, '30_shell', 'role-shell-provider');
    installShell(p, '40_relay', 'role-relay');
  });

  test.each(Object.entries(expected))('a TS dispatch for %s runs only that provider', async (name, want) => {
    const { engine } = engineFor(p);
    expect(lines(await engine.triggers.selectValue('scheduler-deploy', name, 'myapp', 'v1'))).toEqual(want);
  });

  test('an implementation nobody provides reaches only the plugins that guard themselves', async () => {
    const { engine } = engineFor(p);
    expect(lines(await engine.triggers.selectValue('scheduler-deploy', 'k3s', 'myapp', 'v1'))).toEqual(['shell 00_guard saw $1=k3s']);
  });

  test('plugn trigger selects the same way', async () => {
    for (const [name, want] of Object.entries(expected)) {
      const r = await plugn(p, ['trigger', 'scheduler-deploy', name, 'myapp', 'v1']);
      expect({ exit: r.exitCode, out: lines(r.stdout) }).toEqual({ exit: 0, out: want });
    }
  });

  test('a shell plugin firing the role trigger with plugn trigger reaches only the named provider', async () => {
    // The relay's `plugn` is this tree's, as on a host where berth's bin is first on PATH.
    const env = { PATH: `${path.join(repoRoot, 'bin')}:${process.env.PATH}` };
    for (const [name, want] of Object.entries(expected)) {
      const r = await plugn(p, ['trigger', 'relay-deploy', name, 'myapp'], { env });
      expect({ exit: r.exitCode, out: lines(r.stdout), err: r.stderr }).toEqual({ exit: 0, out: want, err: '' });
    }
  });

  test('the engine tells interceptors which handlers ran', async () => {
    const { engine } = engineFor(p);
    const seen: string[][] = [];
    engine.intercept({ onDispatch: (r) => seen.push(r.handlers.map((h) => h.plugin)) });
    await engine.triggers.selectValue('scheduler-deploy', 'engine-other', 'myapp', 'v1');
    expect(seen).toEqual([['00_guard', '20_other']]);
  });
});

/** The proxy role is routed like the others: `proxy-build-config APP` reaches the proxy selected for APP. */
describe('proxy role selection', () => {
  beforeEach(() => {
    installShell(p, 'role-proxy-a', 'role-proxy-a');
    installShell(p, 'role-proxy-b', 'role-proxy-b');
  });

  const build = async (env: NodeJS.ProcessEnv, app = 'myapp') =>
    lines((await engineFor(p, { env }).engine.dispatch('proxy-build-config', [app], { capture: true, stdin: 'ignore' })).stdout);

  test('only the proxy proxy-type names for the app runs; with none named, the role default (no fixture) runs', async () => {
    expect(await build({ ROLE_TEST_PROXY: 'proxy-b' })).toEqual(['proxy-b: proxy-build-config myapp']);
    expect(await build({ ROLE_TEST_PROXY: 'proxy-a' })).toEqual(['proxy-a: proxy-build-config myapp']);
    expect(await build({})).toEqual([]);
  });

  test('a call for no single app (--all) reaches every proxy', async () => {
    const r = await engineFor(p, { env: { ROLE_TEST_PROXY: 'proxy-b' } }).engine.dispatch('proxy-clear-config', ['--all'], { capture: true, stdin: 'ignore' });
    expect(lines(r.stdout)).toEqual(['proxy-a: proxy-clear-config --all', 'proxy-b: proxy-clear-config --all']);
  });

  test('plugn trigger routes the same way', async () => {
    const r = await plugn(p, ['trigger', 'proxy-build-config', 'myapp'], { env: { ROLE_TEST_PROXY: 'proxy-a' } });
    expect({ exit: r.exitCode, out: lines(r.stdout) }).toEqual({ exit: 0, out: ['proxy-a: proxy-build-config myapp'] });
  });
});
