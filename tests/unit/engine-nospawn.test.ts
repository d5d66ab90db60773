/** "No process spawned where none is needed": dispatches that have no shell handler never fork. */
import { jest } from '@jest/globals';

const actual = await import('node:child_process');
const spawned: string[] = [];
jest.unstable_mockModule('node:child_process', () => ({
  ...actual,
  spawn: (cmd: string, ...rest: unknown[]) => {
    spawned.push(cmd);
    return (actual.spawn as (...a: unknown[]) => unknown)(cmd, ...rest);
  },
}));
const { engineFor, installShell, installTs, tempPlatform } = await import('../helpers/engine-fixtures.js');

test('a trigger with no handler, or only TS handlers, spawns no process; a shell handler spawns one', async () => {
  const p = tempPlatform();
  try {
    installTs(p, '10_ts');
    installShell(p, '20_sh');
    const { engine } = engineFor(p);
    await engine.triggers.community('notify', 'nobody-implements-this', 'x');
    expect(await engine.triggers.collect('proxy-type', 'app')).toBe('10_ts\n20_sh');
    expect(spawned).toEqual([`${p.pluginPath}/enabled/20_sh/proxy-type`]);
    spawned.length = 0;
    await engine.triggers.community('notify', 'ctx-probe');
    expect(spawned).toEqual([]);
  } finally {
    p.cleanup();
  }
});
