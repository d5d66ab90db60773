/**
 * The worked examples of CONTRIBUTING.md (fixtures/plugins/hello-shell and hello-ts) do what the
 * guide says: in-process through the engine, and black-box through bin/berth (needs `npm run build`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { PropertyStore } from '../../core/properties.js';
import { engineFor, fixtureDir, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { berth, repoRoot } from '../helpers/platform.js';

// The CLI cases spawn berth several times; on a loaded 2-core host one spawn can take seconds.
jest.setTimeout(120_000);

let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
  installShell(p, 'hello-shell', 'hello-shell');
  installTs(p, 'hello-ts', 'hello-ts');
});
afterEach(() => p.cleanup());

describe('in-process', () => {
  test('collect: one line per plugin in byte order, each greeting from its own CONFIG_GREETING', async () => {
    fs.writeFileSync(path.join(p.pluginPath, 'config.toml'), '[hello-shell]\n  greeting = "Howdy"\n');
    const { engine } = engineFor(p, { env: { HELLO_TS_GREETING: 'Hi' } });
    expect(await engine.triggers.community('collect', 'hello', 'Ann')).toBe('Howdy, Ann (from hello-shell)\nHi, Ann (from hello-ts)');
  });

  test('waterfall: the first reader passes the shared stdin on, the outputs are concatenated', async () => {
    const { engine } = engineFor(p);
    const args = await engine.triggers.waterfall('docker-args-deploy', '--rm', 'myapp', 'tag');
    expect(args.trim().split(/\s+/)).toEqual(['--rm', '--label=greeted-by=hello-shell', '--label=greeted-by=hello-ts']);
  });

  test('notify writes only the own property store; gate vetoes with a BerthError; post-delete cleans up', async () => {
    const { engine, stdout } = engineFor(p);
    await engine.triggers.notify('post-create', 'myapp');
    expect(stdout.text).toContain('-----> hello-ts: say Hello to myapp\n');
    const props = new PropertyStore(p.libRoot, 'hello-ts');
    expect(props.get('myapp', 'greeting')).toBe('Hello');
    expect((await engine.triggers.gate('pre-delete', 'myapp', 'tag')).ok).toBe(true);
    props.set('myapp', 'keep', 'true');
    const vetoed = await engine.triggers.gate('pre-delete', 'myapp', 'tag');
    expect(vetoed.ok).toBe(false);
    expect(vetoed.error?.message).toContain('App myapp is kept by hello-ts');
    await engine.triggers.notify('post-delete', 'myapp', 'tag');
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'hello-ts', 'myapp'))).toBe(false);
  });
});

describe('through bin/berth', () => {
  const run = (args: string[]) => berth(p, args, { env: { BERTH_NO_DROP: '1' } });
  const linkBuiltin = (name: string) => {
    const dest = path.join(p.pluginPath, 'available', name);
    fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  };

  test('shell subcommands/, a `commands` file with exit 10, and a yargs TS command that fires a trigger', async () => {
    expect((await run(['hello-shell:greet', 'Ann'])).stdout).toBe('Hello, Ann!');
    expect((await run(['hello-shell:version'])).stdout).toBe('hello-shell 0.1.0');
    expect((await run(['hello-ts:greet', 'Ann', '--shout'])).stdout).toBe('HELLO, ANN (FROM HELLO-SHELL)\nHELLO, ANN (FROM HELLO-TS)');
    const help = (await run(['help'])).stdout;
    expect(help).toMatch(/hello-shell:greet \[NAME\]\s+Greet someone/);
    expect(help).toMatch(/hello-ts:greet\s+Greet someone through every plugin/);
  });

  test('apps:create fires post-create; hello-ts:keep makes apps:destroy refuse until --off', async () => {
    expect(fs.existsSync(fixtureDir('hello-ts'))).toBe(true);
    linkBuiltin('apps');
    const created = await run(['apps:create', 'myapp']);
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toContain('-----> hello-shell: say Hello to myapp');
    expect(created.stdout).toContain('-----> hello-ts: say Hello to myapp');
    expect((await run(['hello-ts:keep', 'myapp'])).exitCode).toBe(0);
    const refused = await run(['apps:destroy', 'myapp', '--force']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('App myapp is kept by hello-ts');
    expect(fs.existsSync(path.join(p.root, 'myapp'))).toBe(true);
    expect((await run(['hello-ts:keep', 'myapp', '--off'])).exitCode).toBe(0);
    expect((await run(['apps:destroy', 'myapp', '--force'])).exitCode).toBe(0);
    expect(fs.existsSync(path.join(p.root, 'myapp'))).toBe(false);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'hello-ts', 'myapp'))).toBe(false);
  });
});
