/** plugin.toml validation: every bad manifest names the file and key; a broken plugin never takes dispatch down. */
import fs from 'node:fs';
import path from 'node:path';
import { discoverEnabled } from '../../core/discovery.js';
import { parseManifest, readManifest } from '../../core/manifest.js';
import { engineFor, installShell, platformPaths, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

const FILE = '/plugins/x/plugin.toml';

describe('parseManifest', () => {
  test('a full manifest', () => {
    const m = parseManifest(
      FILE,
      `[plugin]
name = "x"
description = "X"
version = "1.2.0"
[plugin.config]
b-key = "second"
a-key = "first"
[berth]
module = "index.ts"
triggers = ["post-create", "my-hook"]
interceptor = true
essential = true
requires = ">=0.1"
depends = ["apps"]
provides = { scheduler = "x-sched" }
[commands]
"x:do" = "Do it"
`,
    );
    expect(m).toMatchObject({
      name: 'x',
      description: 'X',
      version: '1.2.0',
      configKeys: ['a-key', 'b-key'],
      module: 'index.ts',
      triggers: ['post-create', 'my-hook'],
      interceptor: true,
      essential: true,
      berthRange: '>=0.1',
      depends: ['apps'],
      provides: { scheduler: 'x-sched' },
      commands: { 'x:do': 'Do it' },
    });
  });

  test('a numeric version is kept as text; an empty file is an empty manifest', () => {
    expect(parseManifest(FILE, '[plugin]\nversion = 1.0\n').version).toBe('1');
    expect(parseManifest(FILE, '')).toMatchObject({ configKeys: [], triggers: [], commands: {}, interceptor: false });
  });

  test.each([
    ['[plugin\nname = "x"', '(syntax)', /not valid TOML at line 1/],
    ['plugin = "x"', 'plugin', /must be a table/],
    ['[plugin]\nname = 3', 'plugin.name', /must be a string/],
    ['[plugin]\nversion = true', 'plugin.version', /must be a string/],
    ['[plugin]\nconfig = "x"', 'plugin.config', /must be a table/],
    ['[berth]\nmodule = "i.ts"\ntriggers = "post-create"', 'berth.triggers', /list of strings/],
    ['[berth]\nmodule = "i.ts"\ntriggers = ["../x"]', 'berth.triggers', /invalid trigger name '..\/x'/],
    ['[berth]\ntriggers = ["post-create"]', 'berth.module', /required when berth.triggers/],
    ['[berth]\ninterceptor = "yes"', 'berth.interceptor', /true or false/],
    ['[berth]\nessential = 1', 'berth.essential', /true or false/],
    ['[berth]\ndepends = "apps"', 'berth.depends', /list of strings/],
    ['[berth]\nprovides = { scheduler = 1 }', 'berth.provides.scheduler', /must be a string/],
    ['[berth]\nmodule = "i.ts"\n[commands]\n"x:do" = 1', 'commands.x:do', /help line/],
    ['[berth]\nmodule = "i.ts"\n[commands]\n"X Do" = "d"', 'commands.X Do', /not a valid command name/],
    ['[commands]\n"x:do" = "d"', 'berth.module', /required when \[commands\]/],
  ])('%j → error naming the file and key %s', (text, key, problem) => {
    let err: Error | undefined;
    try {
      parseManifest(FILE, text);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toMatchObject({ code: 'MANIFEST_INVALID' });
    expect(err!.message.startsWith(`${FILE}: key '${key}' `)).toBe(true);
    expect(err!.message).toMatch(problem);
  });

  test('a missing plugin.toml is an empty manifest (plugn runs such plugins)', () => {
    expect(readManifest('/nonexistent/plugin.toml').triggers).toEqual([]);
  });
});

describe('a broken plugin', () => {
  let p: TempPlatform;
  beforeEach(() => {
    p = tempPlatform();
  });
  afterEach(() => p.cleanup());

  test('is reported by discovery and skipped for TS handlers; every other plugin still dispatches', async () => {
    installShell(p, '00_a');
    const broken = installShell(p, '10_broken');
    fs.writeFileSync(path.join(broken, 'plugin.toml'), '[berth]\nmodule = "index.ts"\ntriggers = ["hello"]\ninterceptor = "maybe"\n');
    installShell(p, 'c-dash');
    const records = discoverEnabled(platformPaths(p));
    expect(records.map((r) => [r.name, r.error?.code])).toEqual([
      ['00_a', undefined],
      ['10_broken', 'MANIFEST_INVALID'],
      ['c-dash', undefined],
    ]);
    expect(records[1].error!.message).toBe(`${path.join(p.pluginPath, 'enabled', '10_broken', 'plugin.toml')}: key 'berth.interceptor' must be true or false`);
    const { engine, imported } = engineFor(p);
    await engine.loadInterceptors();
    const r = await engine.dispatch('hello', ['x'], { capture: true, stdin: 'ignore' });
    // its shell hook still runs (plugn only looks at files); its TS side is never imported
    expect(r).toMatchObject({ exit: 0, stdout: '00_a 1:x\n10_broken 1:x\nc-dash 1:x\n' });
    expect(imported).toEqual([]);
  });

  test('a plugin depending on a disabled one is reported, not fatal', () => {
    const a = installShell(p, 'needs-apps');
    fs.writeFileSync(path.join(a, 'plugin.toml'), '[berth]\ndepends = ["apps"]\n');
    const [r] = discoverEnabled(platformPaths(p));
    expect(r.error).toMatchObject({ code: 'PLUGIN_INCOMPATIBLE' });
    expect(r.error!.message).toContain('apps');
  });
});
