import fs from 'node:fs';
import path from 'node:path';
import { berth, repoRoot } from '../helpers/platform.js';
import { linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

let p: TempPlatform;
const run = (...argv: string[]) => routeIn(p, argv);

beforeEach(async () => {
  p = tempPlatform();
  for (const name of ['apps', 'docker-options', 'network', 'report', 'trace']) linkPlugin(p, name);
  expect((await run('apps:create', 'web')).code).toBe(0);
  expect((await run('apps:create', 'api')).code).toBe(0);
});
afterEach(() => p.cleanup());

describe('report', () => {
  test("report APP: vitals, then every plugin's report section for the app", async () => {
    await run('docker-options:add', 'web', 'deploy', '--init');
    const r = await run('report', 'web');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-----> uname: /);
    expect(r.out).toContain('-----> berth version: ');
    expect(r.out).toMatch(/berth plugins: \n(\s+\S+\n)*\s+docker-options\n/);
    expect(r.out).toMatch(/=====> web app information\n/);
    expect(r.out).toMatch(/=====> web docker options information\n(.*\n)*\s+Docker options deploy:\s+--init\n/);
    expect(r.out).toMatch(/=====> web network information\n/);
    expect(r.out).not.toContain('=====> api ');
  });

  test('report --all reports every app; bare report only the vitals; a missing app is exit 20', async () => {
    const all = await run('report', '--all');
    expect(all.out).toContain('=====> api docker options information');
    expect(all.out).toContain('=====> web docker options information');
    const bare = await run('report');
    expect(bare.out).not.toContain('information');
    const missing = await run('report', 'nope');
    expect([missing.code, missing.err]).toEqual([20, 'App nope does not exist']);
    expect((await run('report', '--format')).err).toContain('--format flag not supported on global report');
  });
});

describe('trace:on|off', () => {
  test("trace:on leaves Dokku's rc file and every later command traces; trace:off removes it", async () => {
    const rc = path.join(p.root, '.dokkurc', 'DOKKU_TRACE');
    const dest = path.join(p.pluginPath, 'available', 'dispatch-a');
    fs.cpSync(path.join(repoRoot, 'fixtures', 'plugins', 'dispatch-a'), dest, { recursive: true });
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'dispatch-a'));
    const show = async () => (await berth(p, ['dispatch-a:show'], { env: { BERTH_NO_DROP: '1', DOKKU_TRACE: '' } })).stdout;
    expect(await show()).toContain('trace=\n'.trim());
    expect(await show()).not.toContain('trace=1');
    const on = await run('trace:on');
    expect(on.out).toBe('-----> Enabling trace mode\n');
    expect(fs.readFileSync(rc, 'utf8')).toBe('export DOKKU_TRACE=1\n');
    expect(await show()).toContain('trace=1');
    expect((await run('trace:off')).out).toBe('-----> Disabling trace mode\n');
    expect(fs.existsSync(rc)).toBe(false);
    expect(await show()).not.toContain('trace=1');
  });
});
