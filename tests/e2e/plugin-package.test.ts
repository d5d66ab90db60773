/**
 * A TS plugin written outside the tree imports `berth/sdk`, ships an npm dependency (a local tarball,
 * no registry), and goes through plugin:install, its trigger and command, plugin:update and
 * plugin:uninstall from its own git repo; the same for `plugin:new` scaffolds. Needs `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { jest } from '@jest/globals';
import { repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

jest.setTimeout(240_000);

let p: TempPlatform;
let work: string;
const run = (args: string[], cwd?: string) => execa(path.join(repoRoot, 'bin', 'berth'), args, { env: { ...p.env, BERTH_NO_DROP: '1' }, reject: false, cwd: cwd ?? p.dir });
const sh = (cmd: string, args: string[], cwd: string) => execa(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
const write = (dir: string, files: Record<string, string>) => {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
};
const commit = async (dir: string, msg: string) => {
  await sh('git', ['add', '-A'], dir);
  await sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', msg], dir);
};

beforeEach(() => {
  p = tempPlatform();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-author-'));
  for (const name of ['plugin']) {
    const dest = path.join(p.pluginPath, 'available', name);
    fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
  }
});
afterEach(() => {
  p.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

async function authorPlugin(): Promise<string> {
  const dep = path.join(work, 'shout');
  write(dep, { 'package.json': '{ "name": "shout", "version": "1.0.0", "type": "module", "main": "index.js" }\n', 'index.js': 'export const shout = (s) => `${s.toUpperCase()}!`;\n', 'index.d.ts': 'export declare const shout: (s: string) => string;\n' });
  const src = path.join(work, 'greeter');
  fs.mkdirSync(path.join(src, 'vendor'), { recursive: true });
  await sh('npm', ['pack', '--silent', '--pack-destination', path.join(src, 'vendor'), dep], work);
  write(src, {
    'package.json': JSON.stringify({ name: 'greeter', version: '0.1.0', private: true, type: 'module', dependencies: { shout: 'file:vendor/shout-1.0.0.tgz' } }),
    '.gitignore': 'node_modules\n',
    'plugin.toml': '[plugin]\nname = "greeter"\nversion = "0.1.0"\n[plugin.config]\n\n[berth]\nmodule = "index.ts"\ntriggers = ["greeter-hello"]\n\n[commands]\n"greeter:go" = "Greet"\n',
    'index.ts': [
      "import { definePlugin, errors, type CommandArgs, type PluginContext } from 'berth/sdk';",
      "import { shout } from 'shout';",
      "const word = 'hello';",
      'export default definePlugin({',
      "  triggers: { 'greeter-hello': (_ctx: PluginContext, who?: string) => shout(`${word} ${who}`) },",
      "  commands: { 'greeter:go': { handler(ctx: PluginContext, argv: CommandArgs) { if (argv._[0] === 'nobody') throw errors.appNotFound('nobody'); ctx.log.out(shout(word)); } } },",
      '});',
      '',
    ].join('\n'),
  });
  await sh('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], src);
  await sh('git', ['init', '-q', '-b', 'main'], src);
  await commit(src, 'first');
  return src;
}

test('a TS plugin from a git repo outside the tree: berth/sdk, an npm dependency, install → trigger → command → update → uninstall', async () => {
  const src = await authorPlugin();
  // The author type-checks against the emitted declarations through node_modules/berth.
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund'], src);
  fs.symlinkSync(repoRoot, path.join(src, 'node_modules', 'berth'));
  const tsc = await execa('node', [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', path.join(repoRoot, 'node_modules/@types'), '--types', 'node', '--allowJs', 'index.ts'], { cwd: src, reject: false });
  expect(tsc.stdout).toBe('');
  fs.rmSync(path.join(src, 'node_modules'), { recursive: true });

  const installed = await run(['plugin:install', src]);
  expect(installed.stderr).toBe('');
  expect(installed.exitCode).toBe(0);
  const dir = path.join(p.pluginPath, 'available', 'greeter');
  expect(fs.existsSync(path.join(dir, 'node_modules', 'shout', 'index.js'))).toBe(true);
  expect(fs.realpathSync(path.join(p.pluginPath, 'node_modules', 'berth'))).toBe(fs.realpathSync(repoRoot));
  expect((await run(['plugin:trigger', 'greeter-hello', 'Ann'])).stdout).toBe('HELLO ANN!');
  expect((await run(['greeter:go'])).stdout).toBe('HELLO!');
  const missing = await run(['greeter:go', 'nobody']);
  expect([missing.exitCode, missing.stderr]).toEqual([20, expect.stringContaining('App nobody does not exist')]);

  fs.writeFileSync(path.join(src, 'index.ts'), fs.readFileSync(path.join(src, 'index.ts'), 'utf8').replace("'hello'", "'howdy'"));
  await commit(src, 'second');
  const updated = await run(['plugin:update', 'greeter']);
  expect([updated.exitCode, updated.stdout]).toEqual([0, expect.stringContaining('Plugin (greeter) updated')]);
  expect((await run(['greeter:go'])).stdout).toBe('HOWDY!');
  expect(fs.existsSync(path.join(dir, 'node_modules', 'shout', 'index.js'))).toBe(true);

  expect((await run(['plugin:uninstall', 'greeter'])).exitCode).toBe(0);
  expect(fs.existsSync(dir)).toBe(false);
  expect((await run(['greeter:go'])).exitCode).not.toBe(0);
});

test('a dependency npm cannot install fails the install clearly and leaves nothing behind', async () => {
  const src = path.join(work, 'broken-deps');
  write(src, {
    'package.json': JSON.stringify({ name: 'broken-deps', version: '0.1.0', dependencies: { nothere: 'file:vendor/nothere-1.0.0.tgz' } }),
    'plugin.toml': '[plugin]\nname = "broken-deps"\n[plugin.config]\n',
  });
  const r = await run(['plugin:install', src]);
  expect(r.exitCode).not.toBe(0);
  expect(r.stderr).toContain('Plugin broken-deps: npm install --omit=dev failed');
  expect(r.stderr).toMatch(/nothere|ENOENT/);
  expect(fs.readdirSync(path.join(p.pluginPath, 'available')).sort()).toEqual(['plugin']);
  expect(fs.existsSync(path.join(p.pluginPath, 'enabled', 'broken-deps'))).toBe(false);
});

test.each(['ts', 'shell'] as const)('plugin:new --%s scaffolds a plugin that installs, answers its trigger and command, updates and uninstalls', async (kind) => {
  const name = `sc-${kind}`;
  const made = await run(['plugin:new', name, `--${kind}`], work);
  expect(made.exitCode).toBe(0);
  const src = path.join(work, name);
  expect(fs.existsSync(path.join(src, 'plugin.toml'))).toBe(true);
  if (kind === 'ts') await sh('node', [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), '--test', 'test/functions.test.ts'], src);
  else await sh('./tests/test.sh', [], src);
  await sh('git', ['init', '-q', '-b', 'main'], src);
  await commit(src, 'scaffold');

  expect((await run(['plugin:install', src])).exitCode).toBe(0);
  expect((await run(['plugin:trigger', 'post-create', 'myapp'])).stdout).toBe(`-----> ${name}: Hello, myapp!`);
  expect((await run([`${name}:hello`, 'Ann'])).stdout).toBe('Hello, Ann!');

  const file = kind === 'ts' ? 'functions.ts' : 'subcommands/hello';
  fs.writeFileSync(path.join(src, file), fs.readFileSync(path.join(src, file), 'utf8').replace('}, ${', '}; ${'));
  await commit(src, 'punctuation');
  expect((await run(['plugin:update', name])).exitCode).toBe(0);
  expect((await run([`${name}:hello`, 'Ann'])).stdout).toBe('Hello; Ann!');

  expect((await run(['plugin:uninstall', name])).exitCode).toBe(0);
  expect(fs.existsSync(path.join(p.pluginPath, 'available', name))).toBe(false);
});

test('plugin:new refuses a bad name or an existing directory and writes nothing', async () => {
  const bad = await run(['plugin:new', 'Bad Name'], work);
  expect(bad.exitCode).not.toBe(0);
  expect(bad.stderr).toContain('Invalid plugin name');
  fs.mkdirSync(path.join(work, 'taken'));
  const taken = await run(['plugin:new', 'taken'], work);
  expect([taken.exitCode === 0, taken.stderr]).toEqual([false, expect.stringContaining('already exists')]);
  expect(fs.readdirSync(work)).toEqual(['taken']);
});

test('plugin:install --committish pins the plugin (.plugin_committish); plugin:install-dependencies fires `dependencies`', async () => {
  const src = path.join(work, 'pinned');
  expect((await run(['plugin:new', 'pinned', '--shell'], work)).exitCode).toBe(0);
  write(src, { dependencies: '#!/usr/bin/env bash\necho "pinned: dependencies ok"\n' });
  fs.chmodSync(path.join(src, 'dependencies'), 0o755);
  await sh('git', ['init', '-q', '-b', 'main'], src);
  await commit(src, 'v1');
  await sh('git', ['tag', 'v1'], src);
  fs.writeFileSync(path.join(src, 'subcommands/hello'), fs.readFileSync(path.join(src, 'subcommands/hello'), 'utf8').replace('}, ${', '}; ${'));
  await commit(src, 'v2');
  const r = await run(['plugin:install', src, '--committish', 'v1']);
  expect(r.exitCode).toBe(0);
  const dir = path.join(p.pluginPath, 'available', 'pinned');
  expect(fs.readFileSync(path.join(dir, '.plugin_committish'), 'utf8')).toBe('v1\n');
  expect((await run(['pinned:hello', 'Ann'])).stdout).toBe('Hello, Ann!');
  expect((await run(['plugin:update', 'pinned'])).stdout).toContain('Plugin pinned to v1');
  const deps = await run(['plugin:install-dependencies']);
  expect([deps.exitCode, deps.stdout]).toEqual([0, expect.stringContaining('pinned: dependencies ok')]);
  const bad = await run(['plugin:install', src, '--name', 'other', '--committish', '--evil']);
  expect(bad.exitCode).not.toBe(0);
  expect(fs.existsSync(path.join(p.pluginPath, 'available', 'other'))).toBe(false);
});
