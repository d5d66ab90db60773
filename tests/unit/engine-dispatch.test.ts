/**
 * plugn-contract §6, rule by rule, for shell handlers and (where the rule applies) TS handlers side
 * by side. Plugins are installed under names that exercise byte order: 00_a, 10_b, Zeta, _under, c-dash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../core/errors.js';
import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
});
afterEach(() => p.cleanup());

const capture = (stdin: string | 'ignore' = 'ignore') => ({ capture: true, stdin });
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('order', () => {
  test('enabled plugins run in byte order (digits, upper case, _, lower case), shell and TS interleaved', async () => {
    for (const n of ['c-dash', 'Zeta', '00_a']) installShell(p, n);
    for (const n of ['_under', '10_b']) installTs(p, n);
    fs.mkdirSync(path.join(p.pluginPath, 'enabled', '.hidden'));
    fs.writeFileSync(path.join(p.pluginPath, 'enabled', '.hidden', 'hello'), '#!/bin/sh\necho hidden\n', { mode: 0o755 });
    const { engine } = engineFor(p);
    expect(engine.handlers('hello').map((h) => `${h.type}:${h.plugin.name}`)).toEqual([
      'shell:00_a',
      'ts:10_b',
      'shell:Zeta',
      'ts:_under',
      'shell:c-dash',
    ]);
    const r = await engine.dispatch('hello', ['x y', 'z'], capture());
    expect(r.stdout).toBe('00_a 2:x y z\n10_b 2:x y z\nZeta 2:x y z\n_under 2:x y z\nc-dash 2:x y z\n');
    expect(r.exit).toBe(0);
  });

  test('a missing enabled/ means no handlers and success', async () => {
    fs.rmSync(path.join(p.pluginPath, 'enabled'), { recursive: true });
    const { engine } = engineFor(p);
    expect(await engine.dispatch('hello', [], capture())).toMatchObject({ exit: 0, stdout: '', handlers: [] });
  });
});

describe('arguments', () => {
  const tricky = ['', 'a b', `q"uo'te`, '$HOME', '*', 'line1\nline2', '-e', '--x', '-n'];
  const expected = tricky.map((a) => `<${a}>\n`).join('');

  test.each([
    ['shell', installShell],
    ['TS', installTs],
  ])('%s handlers get every argument verbatim', async (_kind, install) => {
    install(p, 'one');
    const { engine } = engineFor(p);
    const r = await engine.dispatch('args', tricky, capture());
    expect(r.stdout).toBe(expected);
  });
});

describe('stdin is one stream shared by the handlers in order', () => {
  test('the first reader to EOF takes everything, later ones see EOF (shell)', async () => {
    for (const n of ['00_a', 'Zeta', 'c-dash']) installShell(p, n);
    const { engine } = engineFor(p);
    const r = await engine.dispatch('stdin-all', [], capture('line1\nline2\n'));
    expect(lines(r.stdout)).toEqual(['00_a: [line1', 'line2]', 'Zeta: []', 'c-dash: []']);
  });

  test('a TS reader takes everything too, and shell readers after it see EOF', async () => {
    installTs(p, '00_ts');
    installShell(p, 'Zeta');
    const { engine } = engineFor(p);
    const r = await engine.dispatch('stdin-all', [], capture('line1\nline2\n'));
    expect(lines(r.stdout)).toEqual(['00_ts: [line1', 'line2]', 'Zeta: []']);
  });

  test('line readers take consecutive lines', async () => {
    for (const n of ['00_a', '10_b', 'Zeta', 'c-dash']) installShell(p, n);
    const { engine } = engineFor(p);
    const r = await engine.dispatch('stdin-line', [], capture('one\ntwo\nthree\n'));
    expect(lines(r.stdout)).toEqual(['00_a: one', '10_b: two', 'Zeta: three', 'c-dash: <eof>']);
  });
});

describe('exit codes', () => {
  test.each([
    ['shell', 'Zeta', ['ran 00_a', 'ran 10_b', 'failing Zeta']],
    ['TS', '10_b', ['ran 00_a']],
  ])('the first non-zero exit (%s handler) stops the chain and is the result', async (_kind, failing, output) => {
    installShell(p, '00_a');
    installTs(p, '10_b');
    installShell(p, 'Zeta');
    installShell(p, 'c-dash');
    const { engine } = engineFor(p, { env: { FAIL_IN: failing, FAIL_CODE: '7' } });
    const r = await engine.dispatch('maybe-fail', [], capture());
    expect(r.exit).toBe(7);
    expect(lines(r.stdout)).toEqual(output);
    expect(r.handlers.map((h) => h.plugin)).toEqual(['00_a', '10_b', 'Zeta'].slice(0, output.length === 1 ? 2 : 3));
    expect(r.handlers.at(-1)).toMatchObject({ plugin: failing, exit: 7 });
    expect(r.error).toBeInstanceOf(BerthError);
    expect(r.error!.message).toContain(failing);
  });

  test('a failure names the trigger and plugin', async () => {
    installShell(p, 'Zeta');
    const { engine } = engineFor(p, { env: { FAIL_IN: 'Zeta', FAIL_CODE: '3' } });
    const r = await engine.dispatch('maybe-fail', [], capture());
    expect(r.error).toMatchObject({ code: 'TRIGGER_FAILED', exitCode: 3, trigger: 'maybe-fail' });
    expect(r.error!.message).toBe("Trigger 'maybe-fail' failed in plugin 'Zeta' (exit 3)");
  });

  test('a TS handler that throws a plain Error fails with exit 1, attributed to plugin and trigger', async () => {
    installTs(p, 'tsx');
    installShell(p, 'z-after');
    const { engine } = engineFor(p);
    const r = await engine.dispatch('throw-plain', [], capture());
    expect(r.exit).toBe(1);
    expect(r.error).toMatchObject({ code: 'HANDLER_THREW', plugin: 'tsx', trigger: 'throw-plain' });
    expect(r.error!.message).toBe("[tsx] boom (trigger 'throw-plain')");
  });

  test('a handler killed by a signal exits 128+N (SIGTERM → 143) and stops the chain', async () => {
    for (const n of ['00_a', 'Zeta', 'c-dash']) installShell(p, n);
    const { engine } = engineFor(p, { env: { KILL_IN: 'Zeta' } });
    const r = await engine.dispatch('maybe-kill', [], capture());
    expect(r.exit).toBe(143);
    expect(lines(r.stdout)).toEqual(['ran 00_a']);
  });
});

describe('which files are handlers', () => {
  test('a non-executable file is skipped with a warning naming trigger and plugin; the rest run', async () => {
    const a = installShell(p, '00_a');
    installShell(p, 'Zeta'); // keeps the fixture's mode 0644 noexec
    const c = installShell(p, 'c-dash');
    fs.rmSync(path.join(a, 'noexec'));
    fs.writeFileSync(path.join(c, 'noexec'), '#!/bin/sh\necho "c-dash ran"\n');
    fs.chmodSync(path.join(c, 'noexec'), 0o755);
    const { engine, stderr } = engineFor(p);
    const r = await engine.dispatch('noexec', [], capture());
    expect(stderr.text).toBe("Trigger 'noexec' is not executable, skipping plugin (Zeta)\n");
    expect(r).toMatchObject({ exit: 0, stdout: 'c-dash ran\n' });
    expect(engine.implemented('noexec')).toBe(true);
  });

  test('directories and dangling links are skipped silently; a link to an executable runs', async () => {
    const a = installShell(p, '00_a');
    const z = installShell(p, 'Zeta');
    const c = installShell(p, 'c-dash');
    fs.mkdirSync(path.join(a, 'odd'));
    fs.symlinkSync(path.join(z, 'nowhere'), path.join(z, 'odd'));
    fs.symlinkSync(path.join(c, 'hello'), path.join(c, 'odd'));
    const { engine, stderr } = engineFor(p);
    const r = await engine.dispatch('odd', ['q'], capture());
    expect(r).toMatchObject({ exit: 0, stdout: 'c-dash 1:q\n' });
    expect(r.handlers.map((h) => h.plugin)).toEqual(['c-dash']);
    expect(stderr.text).toBe('');
  });

  test('$0 is the literal enabled path, not resolved; a shared script sees its hook name', async () => {
    const c = installShell(p, 'c-dash');
    fs.symlinkSync(path.join(c, 'dollar0'), path.join(c, 'alias-hook'));
    const { engine } = engineFor(p);
    expect((await engine.dispatch('dollar0', [], capture())).stdout).toBe(`${p.pluginPath}/enabled/c-dash/dollar0\n`);
    expect((await engine.dispatch('alias-hook', [], capture())).stdout).toBe(`${p.pluginPath}/enabled/c-dash/alias-hook\n`);
  });

  test('an executable without a shebang runs as a bash script (ENOEXEC fallback)', async () => {
    installShell(p, '00_a');
    const { engine } = engineFor(p);
    const r = await engine.dispatch('nobang', ['x'], capture());
    expect(r).toMatchObject({ exit: 0, stdout: `nobang only ${p.pluginPath}/enabled/00_a/nobang 1\n` });
  });

  test.each(['../x', '../../available/trap', '.', '..', 'a/b', 'nul\0byte', ''])('trigger name %j is rejected and nothing runs', async (name) => {
    installShell(p, '00_a');
    const marker = path.join(p.dir, 'ran');
    const trap = `#!/bin/sh\ntouch '${marker}'\n`;
    fs.writeFileSync(path.join(p.pluginPath, 'available', 'trap'), trap, { mode: 0o755 });
    fs.writeFileSync(path.join(p.pluginPath, 'enabled', 'x'), trap, { mode: 0o755 });
    const { engine } = engineFor(p);
    await expect(engine.dispatch(name, [], capture())).rejects.toMatchObject({ code: 'INVALID_NAME' });
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a trigger nobody implements succeeds with no output', async () => {
    installShell(p, '00_a');
    installTs(p, '10_b');
    const { engine, imported } = engineFor(p);
    expect(await engine.dispatch('nobody-implements-this', ['a'], capture())).toMatchObject({ exit: 0, stdout: '', handlers: [] });
    expect(engine.implemented('nobody-implements-this')).toBe(false);
    expect(imported).toEqual([]);
  });
});

describe('environment and config', () => {
  const envOf = (stdout: string) => Object.fromEntries(lines(stdout).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  test('CONFIG_* comes from config.toml verbatim (never shell-evaluated), per plugin, with <PLUGIN>_<KEY> overriding', async () => {
    installShell(p, '00_a');
    installShell(p, 'c-dash');
    installShell(p, 'd-over');
    const bare = installShell(p, 'e-bare');
    fs.writeFileSync(path.join(bare, 'plugin.toml'), '[plugin]\nname = "e-bare"\n');
    const nomanifest = installShell(p, 'f-none');
    fs.rmSync(path.join(nomanifest, 'plugin.toml'));
    const tricky = 'v1 $HOME `id` $(id) "q" \\t';
    fs.writeFileSync(
      path.join(p.pluginPath, 'config.toml'),
      `[00_a]\n  my-key = "zero"\n[c-dash]\n  my-key = ${JSON.stringify(tricky)}\n[d-over]\n  my-key = "from-toml"\n`,
    );
    // an empty override does not count; a digit-leading plugin has no valid override name, so none applies
    const { engine } = engineFor(p, { env: { D_OVER_MY_KEY: 'override', C_DASH_MY_KEY: '', '00_A_MY_KEY': 'not a name' } });
    const r = await engine.dispatch('show-env', [], capture());
    expect(r.exit).toBe(0);
    const perPlugin = r.stdout.split(/(?<=CWD=[^\n]*\n)/).filter((b) => b !== '').map(envOf);
    expect(perPlugin.map((e) => e.CONFIG_MY_KEY)).toEqual(['zero', tricky, 'override', undefined, undefined]);
    expect(perPlugin.every((e) => e.PLUGIN_PATH === p.pluginPath && e.PLUGN_VERSION === 'set' && e.SELF === 'setset')).toBe(true);
  });

  test('a missing config.toml only means empty values; hooks still run quietly', async () => {
    installShell(p, 'c-dash');
    fs.rmSync(path.join(p.pluginPath, 'config.toml'));
    const { engine, stderr } = engineFor(p);
    const r = await engine.dispatch('show-env', [], capture());
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('CONFIG_MY_KEY=\n');
    expect(stderr.text).toBe('');
  });

  test('a TS handler gets its own config the same way', async () => {
    installTs(p, '00_ts');
    fs.writeFileSync(path.join(p.pluginPath, 'config.toml'), `[00_ts]\n  my-key = "$(id)"\n`);
    const { engine } = engineFor(p);
    const r = await engine.dispatch('ctx-probe', [], capture());
    expect(JSON.parse(r.stdout).config).toEqual({ MY_KEY: '$(id)' });
  });

  test("the caller's environment reaches handlers byte for byte, any name", async () => {
    installShell(p, '00_a');
    const { engine } = engineFor(p, { env: { CALLER_VAR: 'a\\tb \\\\ $HOME', 'A-B': 'dash name' } });
    const r = await engine.dispatch('env-json', [], capture());
    expect(JSON.parse(r.stdout)).toEqual({ ab: 'dash name', caller: 'a\\tb \\\\ $HOME', cwd: process.cwd() });
  });
});
