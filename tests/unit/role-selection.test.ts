import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import path from 'node:path';
import { plugn, repoRoot } from '../helpers/platform.js';

/**
 * Two competing TS schedulers (engine-ts provides `engine-ts`, engine-ts-other `engine-other`), a shell
 * scheduler that declares `shell-sched`, and a shell plugin that declares nothing (it guards on $1 as
 * Dokku's do): a role trigger reaches the named provider only, however it is fired.
 */
let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
  installShell(p, '00_guard');
  installTs(p, '10_ts');
  installTs(p, '20_other', 'engine-ts-other');
  installShell(p, '30_shell', 'role-shell-provider');
  installShell(p, '40_relay', 'role-relay');
});
afterEach(() => p.cleanup());

const lines = (text: string) => text.split('\n').filter(Boolean);

const expected = {
  'engine-ts': ['shell 00_guard saw $1=engine-ts', 'ts 10_ts deploys myapp as engine-ts'],
  'engine-other': ['shell 00_guard saw $1=engine-other', 'ts 20_other deploys myapp as engine-other'],
  'shell-sched': ['shell 00_guard saw $1=shell-sched', 'shell 30_shell deploys myapp as shell-sched'],
};

describe('role selection', () => {
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
