/**
 * The kind methods over plugn's one rule, lazy TS loading, the per-plugin context and interceptor
 * records. Shell (engine-shell) and TS (engine-ts) fixtures run side by side.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DispatchRecord } from '../../core/intercept.js';
import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
});
afterEach(() => p.cleanup());

/** 00_a (shell), 10_b (TS), Zeta (shell), c-dash (shell). */
function mixed() {
  installShell(p, '00_a');
  installTs(p, '10_b');
  installShell(p, 'Zeta');
  installShell(p, 'c-dash');
}

describe('notify', () => {
  test('runs every handler and resolves; a failure rejects with the handler exit code', async () => {
    mixed();
    const ok = engineFor(p);
    await expect(ok.engine.triggers.community('notify', 'maybe-fail')).resolves.toBeUndefined();
    const bad = engineFor(p, { env: { FAIL_IN: 'Zeta', FAIL_CODE: '7' } });
    await expect(bad.engine.triggers.community('notify', 'maybe-fail')).rejects.toMatchObject({ code: 'TRIGGER_FAILED', exitCode: 7 });
  });

  test("a TS handler's returned text is passed through like a shell handler's stdout", async () => {
    installTs(p, '10_b');
    const { engine, stdout } = engineFor(p);
    await engine.triggers.community('notify', 'hello', 'x');
    expect(stdout.text).toBe('10_b 1:x\n');
  });
});

describe('gate', () => {
  test('ok when every handler exits 0, otherwise the first failure exit', async () => {
    mixed();
    expect(await engineFor(p).engine.triggers.community('gate', 'maybe-fail')).toEqual({ ok: true, exit: 0, error: undefined });
    const r = await engineFor(p, { env: { FAIL_IN: 'c-dash', FAIL_CODE: '4' } }).engine.triggers.community('gate', 'maybe-fail');
    expect(r).toMatchObject({ ok: false, exit: 4 });
    const ts = await engineFor(p, { env: { FAIL_IN: '10_b', FAIL_CODE: '5' } }).engine.triggers.community('gate', 'maybe-fail');
    expect(ts).toMatchObject({ ok: false, exit: 5 });
  });
});

describe('first', () => {
  const traced = () => fs.readFileSync(path.join(p.dir, 'trace'), 'utf8').split('\n').filter(Boolean);

  test.each([
    ['Zeta c-dash', 'Zeta answers', ['00_a', '10_b', 'Zeta']],
    ['10_b Zeta', '10_b answers', ['00_a', '10_b']],
    ['', undefined, ['00_a', '10_b', 'Zeta', 'c-dash']],
  ])('answerers %j → %j; no handler runs after the first answer', async (answerFrom, answer, ran) => {
    mixed();
    const { engine } = engineFor(p, { env: { ANSWER_FROM: answerFrom, TRACE_FILE: path.join(p.dir, 'trace') } });
    expect(await engine.triggers.community('first', 'maybe-answer')).toBe(answer);
    expect(traced()).toEqual(ran);
  });
});

describe('collect', () => {
  test("shape 'value': all stdout as one value, trailing newlines trimmed", async () => {
    installTs(p, '10_b');
    expect(await engineFor(p).engine.triggers.collect('proxy-type', 'app')).toBe('10_b');
    installShell(p, '00_a');
    expect(await engineFor(p).engine.triggers.collect('proxy-type', 'app')).toBe('00_a\n10_b');
  });

  test("shape 'lines': one record per non-empty line, in handler order", async () => {
    mixed();
    expect(await engineFor(p).engine.triggers.collect('ps-current-scale', 'app')).toEqual(['00_a=1', '10_b=1', 'Zeta=1', 'c-dash=1']);
  });

  test('a failure rejects', async () => {
    mixed();
    await expect(engineFor(p, { env: { FAIL_IN: 'Zeta' } }).engine.triggers.community('collect', 'maybe-fail')).rejects.toMatchObject({ exitCode: 7 });
  });
});

describe('waterfall', () => {
  test("the caller's input goes on the shared stdin once; handler output is concatenated", async () => {
    mixed();
    const out = await engineFor(p).engine.triggers.waterfall('docker-args-deploy', '--init --rm', 'app', 'tag');
    expect(out.split(/\s+/).filter(Boolean)).toEqual(['--init', '--rm', '--label=00_a', '--label=10_b', '--label=Zeta', '--label=c-dash']);
  });

  test('a TS handler first in line reads the input', async () => {
    installTs(p, '00_ts');
    installShell(p, 'Zeta');
    const out = await engineFor(p).engine.triggers.waterfall('docker-args-deploy', '--init', 'app', 'tag');
    expect(out.split(/\s+/).filter(Boolean)).toEqual(['--init', '--label=00_ts', '--label=Zeta']);
  });
});

describe('select', () => {
  function schedulers() {
    installShell(p, '00_a');
    installTs(p, '10_ts'); // provides scheduler = "engine-ts"
    installTs(p, '20_other', 'engine-ts-other'); // provides scheduler = "engine-other"
    installShell(p, 'Zeta');
  }

  test('TS handlers run only in the plugin providing the named implementation; shell handlers all see $1', async () => {
    schedulers();
    const { engine } = engineFor(p);
    expect((await engine.triggers.selectValue('scheduler-deploy', 'engine-ts', 'myapp', 'v1')).split('\n')).toEqual([
      'shell 00_a saw $1=engine-ts',
      'ts 10_ts deploys myapp as engine-ts',
      'shell Zeta saw $1=engine-ts',
    ]);
    expect((await engine.triggers.selectValue('scheduler-deploy', 'engine-other', 'myapp', 'v1')).split('\n')).toEqual([
      'shell 00_a saw $1=engine-other',
      'ts 20_other deploys myapp as engine-other',
      'shell Zeta saw $1=engine-other',
    ]);
  });

  test('a shell provider guards on $1; no TS provider runs for a shell-provided implementation', async () => {
    schedulers();
    const { engine } = engineFor(p);
    expect((await engine.triggers.selectValue('scheduler-deploy', 'Zeta', 'myapp', 'v1')).split('\n')).toEqual([
      'shell 00_a saw $1=Zeta',
      'shell Zeta saw $1=Zeta',
      'shell Zeta deploys myapp',
    ]);
  });
});

describe('TS plugins load lazily', () => {
  test('the module is imported the first time one of its triggers fires, once per plugin', async () => {
    installShell(p, '00_a');
    installTs(p, '10_b');
    const { engine, imported } = engineFor(p);
    expect(engine.handlers('hello').map((h) => h.plugin.name)).toEqual(['00_a', '10_b']);
    await engine.dispatch('dollar0', [], { capture: true, stdin: 'ignore' });
    expect(imported).toEqual([]);
    await engine.dispatch('hello', [], { capture: true, stdin: 'ignore' });
    await engine.dispatch('args', ['x'], { capture: true, stdin: 'ignore' });
    expect(imported).toEqual([path.join(p.pluginPath, 'enabled', '10_b', 'index.ts')]);
  });

  test('a plugin whose module fails to import fails only the triggers it declares', async () => {
    installShell(p, '00_a');
    const broken = path.join(p.pluginPath, 'available', '10_broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'plugin.toml'), '[berth]\nmodule = "index.ts"\ntriggers = ["hello"]\n');
    fs.writeFileSync(path.join(broken, 'index.ts'), 'throw new Error("cannot load me");\n');
    fs.symlinkSync(broken, path.join(p.pluginPath, 'enabled', '10_broken'));
    const { engine } = engineFor(p);
    const r = await engine.dispatch('hello', [], { capture: true, stdin: 'ignore' });
    expect(r.exit).toBe(1);
    expect(r.error).toMatchObject({ code: 'PLUGIN_LOAD_FAILED' });
    expect(r.error!.message).toContain("Plugin '10_broken' failed to load");
    expect((await engine.dispatch('dollar0', [], { capture: true, stdin: 'ignore' })).exit).toBe(0);
  });
});

describe('per-plugin context', () => {
  test('own config, data dir and properties; another plugin is readable but not writable; tagged logger', async () => {
    installTs(p, 'ts-a');
    installTs(p, 'ts-b');
    fs.writeFileSync(path.join(p.pluginPath, 'config.toml'), '[ts-a]\n  my-key = "secret a"\n');
    const { engine, stderr } = engineFor(p, { env: { PROBE_OTHER: 'ts-a' }, flags: { trace: true } });
    const out = (await engine.dispatch('ctx-probe', [], { capture: true, stdin: 'ignore' })).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toEqual([
      {
        plugin: 'ts-a',
        config: { MY_KEY: 'secret a' },
        data: path.join(p.libRoot, 'data', 'ts-a'),
        pluginDir: path.join(p.pluginPath, 'enabled', 'ts-a'),
        ownProbe: 'ts-a',
        otherProbe: 'ts-a',
        otherWritable: false,
      },
      {
        plugin: 'ts-b',
        config: { MY_KEY: '' },
        data: path.join(p.libRoot, 'data', 'ts-b'),
        pluginDir: path.join(p.pluginPath, 'enabled', 'ts-b'),
        ownProbe: 'ts-b',
        otherProbe: 'ts-a',
        otherWritable: false,
      },
    ]);
    expect(fs.readFileSync(path.join(p.libRoot, 'config', 'ts-a', '--global', 'probe'), 'utf8')).toBe('ts-a');
    expect(fs.readFileSync(path.join(p.libRoot, 'config', 'ts-b', '--global', 'probe'), 'utf8')).toBe('ts-b');
    expect(stderr.text).toBe('+ [ts-a] probing\n+ [ts-b] probing\n');
  });
});

describe('interceptors', () => {
  test('get one record per dispatch: trigger, kind, args, app, handlers with durations and exits, actor, build id', async () => {
    mixed();
    const records: DispatchRecord[] = [];
    const { engine } = engineFor(p, { env: { NAME: 'alice', FINGERPRINT: 'SHA256:xyz', BERTH_BUILD_ID: 'b-42', FAIL_IN: 'Zeta' } });
    engine.intercept({ onDispatch: (r) => records.push(r) });
    engine.intercept({
      onDispatch: () => {
        throw new Error('an observer never changes the outcome');
      },
    });
    await engine.triggers.collect('ps-current-scale', 'myapp');
    expect((await engine.triggers.community('gate', 'maybe-fail')).exit).toBe(7);
    await engine.triggers.community('notify', 'nobody-listens', 'a');
    expect(records.map((r) => [r.trigger, r.kind, r.app, r.exit])).toEqual([
      ['ps-current-scale', 'collect', 'myapp', 0],
      ['maybe-fail', 'gate', undefined, 7],
      ['nobody-listens', 'notify', undefined, 0],
    ]);
    const [scale, fail, none] = records;
    expect(scale.args).toEqual(['myapp']);
    expect(scale.handlers.map((h) => [h.plugin, h.kind, h.exit])).toEqual([
      ['00_a', 'shell', 0],
      ['10_b', 'ts', 0],
      ['Zeta', 'shell', 0],
      ['c-dash', 'shell', 0],
    ]);
    expect(scale.handlers.every((h) => h.durationMs >= 0)).toBe(true);
    expect(scale.durationMs).toBeGreaterThanOrEqual(Math.max(...scale.handlers.map((h) => h.durationMs)));
    expect(scale).toMatchObject({ actor: { name: 'alice', fingerprint: 'SHA256:xyz' }, buildId: 'b-42' });
    expect(fail.handlers.map((h) => h.plugin)).toEqual(['00_a', '10_b', 'Zeta']);
    expect(none.handlers).toEqual([]);
  });
});
