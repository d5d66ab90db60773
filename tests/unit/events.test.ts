/** The events plugin: redaction, the interceptor's JSON lines, and its commands through bin/berth. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { appOf, redactArgs, REDACTED } from '../../plugins/events/redact.js';
import { formatEntry, lastLines } from '../../plugins/events/read-log.js';
import { specOf } from '../../triggers/registry.js';
import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { berth, repoRoot } from '../helpers/platform.js';

const names = (t: string) => specOf(t)?.args;

describe('redaction', () => {
  test('any KEY=VALUE argument loses its value, in every trigger', () => {
    expect(redactArgs('my-hook', ['app', 'TOKEN=abc', 'a=b=c', 'plain', '=x', 'x y=z'], undefined)).toEqual([
      'app',
      `TOKEN=${REDACTED}`,
      `a=${REDACTED}`,
      'plain',
      '=x',
      'x y=z',
    ]);
  });

  test('config triggers keep only flags, the app and key names', () => {
    expect(redactArgs('config-set', ['--no-restart', 'myapp', 'SECRET=hunter2', 'B=1'], names('config-set'))).toEqual([
      '--no-restart',
      'myapp',
      `SECRET=${REDACTED}`,
      `B=${REDACTED}`,
    ]);
    expect(redactArgs('config-unset', ['--global', 'myapp', 'SECRET', 'true'], names('config-unset'))).toEqual(['--global', 'myapp', REDACTED, REDACTED]);
    expect(redactArgs('config-get', ['myapp', 'SECRET'], names('config-get'))).toEqual(['myapp', 'SECRET']);
    expect(redactArgs('config-export', ['myapp', 'false', 'true', 'envfile'], names('config-export'))).toEqual(['myapp', 'false', 'true', 'envfile']);
    expect(redactArgs('post-config-update', ['myapp', 'set', 'A', 'B'], names('post-config-update'))).toEqual(['myapp', 'set', 'A', 'B']);
    expect(redactArgs('config-community-thing', ['myapp', 'hunter2'], undefined)).toEqual(['myapp', REDACTED]);
  });

  test('the app of config-set comes after its flags', () => {
    const record = { trigger: 'config-set', kind: 'notify' as const, args: ['--no-restart', 'myapp', 'A=1'], handlers: [], durationMs: 1, exit: 0, actor: { name: '', fingerprint: '' } };
    expect(appOf(record)).toBe('myapp');
    expect(appOf({ ...record, trigger: 'post-create', args: ['x'], app: 'x' })).toBe('x');
  });
});

describe('reading the log', () => {
  test('human format', () => {
    const base = { time: '2026-11-23T18:00:00.123Z', trigger: 'post-create', kind: 'notify', args: ['myapp'], app: 'myapp', durationMs: 12.4, exit: 0 };
    const h = { plugin: 'a', kind: 'shell', durationMs: 1, exit: 0 };
    expect(formatEntry({ ...base, handlers: [h, h, h], actor: { name: 'alice', fingerprint: 'SHA256:x' } })).toBe(
      '2026-11-23T18:00:00Z post-create app=myapp 3 handlers 12ms exit 0 by alice',
    );
    expect(formatEntry({ ...base, app: undefined, exit: 7, handlers: [h, { ...h, plugin: 'b', exit: 7 }], actor: { name: '', fingerprint: '' } })).toBe(
      '2026-11-23T18:00:00Z post-create 2 handlers 12ms exit 7 in b',
    );
  });

  test('lastLines reads the tail of a long file without its cut first line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-events-'));
    try {
      const file = path.join(dir, 'events.log');
      fs.writeFileSync(file, Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n') + '\npartial');
      expect(lastLines(file, 3).map((l) => l.split(' ')[1])).toEqual(['4997', '4998', '4999']);
      expect(lastLines(file, 0)).toEqual([]);
      expect(lastLines(path.join(dir, 'missing'), 5)).toEqual([]);
      expect(lastLines(file, 10_000)).toHaveLength(5000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the interceptor', () => {
  let p: TempPlatform;
  beforeEach(() => {
    p = tempPlatform();
    const dest = path.join(p.pluginPath, 'available', 'events');
    fs.symlinkSync(path.join(repoRoot, 'plugins', 'events'), dest);
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'events'));
    installShell(p, '00_a');
    installTs(p, '10_b');
  });
  afterEach(() => p.cleanup());
  const logFile = () => path.join(p.libRoot, 'logs', 'events.log');
  const entries = () => fs.readFileSync(logFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  test('writes one JSON line per dispatch, on disk as soon as the dispatch returns', async () => {
    const { engine } = engineFor(p, { env: { NAME: 'alice', FINGERPRINT: 'SHA256:fp', BERTH_BUILD_ID: '42', FAIL_IN: '10_b' } });
    await engine.loadInterceptors();
    expect(fs.existsSync(logFile())).toBe(false);
    expect(await engine.triggers.collect('ps-current-scale', 'myapp')).toEqual(['00_a=1', '10_b=1']);
    expect(entries()).toHaveLength(1);
    await engine.triggers.notify('config-set', 'myapp', 'SECRET=hunter2').catch(() => {});
    await engine.triggers.community('gate', 'maybe-fail');
    const [scale, config, fail] = entries();
    expect(scale).toMatchObject({
      level: 'info',
      trigger: 'ps-current-scale',
      kind: 'collect',
      args: ['myapp'],
      app: 'myapp',
      actor: { name: 'alice', fingerprint: 'SHA256:fp' },
      exit: 0,
      buildId: '42',
    });
    expect(new Date(scale.time).toISOString()).toBe(scale.time);
    expect(scale.handlers.map((h: { plugin: string; kind: string; exit: number }) => [h.plugin, h.kind, h.exit])).toEqual([
      ['00_a', 'shell', 0],
      ['10_b', 'ts', 0],
    ]);
    expect(typeof scale.durationMs).toBe('number');
    expect(config).toMatchObject({ trigger: 'config-set', args: ['myapp', `SECRET=${REDACTED}`], app: 'myapp', handlers: [] });
    expect(fs.readFileSync(logFile(), 'utf8')).not.toContain('hunter2');
    expect(fail).toMatchObject({ level: 'warn', trigger: 'maybe-fail', kind: 'gate', exit: 7 });
  });

  test('events:off stops recording (read when the interceptor loads); the interceptor has no handlers', async () => {
    fs.mkdirSync(path.join(p.libRoot, 'config', 'events', '--global'), { recursive: true });
    fs.writeFileSync(path.join(p.libRoot, 'config', 'events', '--global', 'enabled'), 'false');
    const { engine } = engineFor(p);
    await engine.loadInterceptors();
    await engine.triggers.community('notify', 'hello');
    expect(fs.existsSync(logFile())).toBe(false);
    expect(engine.handlers('hello').map((h) => h.plugin.name)).toEqual(['00_a', '10_b']);
  });
});

describe('commands (needs npm run build)', () => {
  let p: TempPlatform;
  const driver = path.join(repoRoot, 'tests', 'helpers', 'engine-driver.mjs');
  const fire = (...args: string[]) => execa('node', [driver, 'raw', ...args], { env: { ...p.env, NAME: 'bob' }, reject: false, stdin: 'ignore' });

  beforeEach(() => {
    p = tempPlatform();
    const dest = path.join(p.pluginPath, 'available', 'events');
    fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', 'events'), dest);
    fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'events'));
    installShell(p, '00_a');
  });
  afterEach(() => p.cleanup());

  test('events shows the last N dispatches, as text or JSON', async () => {
    await fire('hello', 'x');
    await fire('maybe-fail');
    const text = await berth(p, ['events']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ hello 1 handler \d+ms exit 0 by bob$/),
      expect.stringMatching(/^\S+ maybe-fail 1 handler \d+ms exit 0 by bob$/),
    ]);
    const json = await berth(p, ['events', '-n', '1', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ trigger: 'maybe-fail', args: [] })]);
    expect((await berth(p, ['events', '-n', 'x'])).exitCode).toBe(1);
  });

  test('events:off and events:on toggle recording', async () => {
    expect((await berth(p, ['events:off'])).stdout).toContain('Event log disabled');
    await fire('hello');
    const off = await berth(p, ['events']);
    expect(off.stdout).toBe('');
    expect(off.stderr).toContain('The event log is off');
    expect((await berth(p, ['events:on'])).stdout).toContain('Event log enabled');
    await fire('hello');
    expect((await berth(p, ['events'])).stdout).toMatch(/ hello 1 handler/);
  });

  test('events:list names every trigger with a handler among enabled plugins', async () => {
    const r = await berth(p, ['events:list', '--format', 'json']);
    const list = JSON.parse(r.stdout) as string[];
    expect(list).toEqual(expect.arrayContaining(['hello', 'args', 'nobang', 'ps-current-scale', 'docker-args-deploy', 'scheduler-deploy']));
    expect(list).not.toEqual(expect.arrayContaining(['noexec']));
    expect(list.some((n) => n.includes('.'))).toBe(false);
    expect(list).not.toContain('post-create');
    expect(list).toEqual([...list].sort());
  });

  test('events --tail follows new dispatches until --max-lines', async () => {
    const tail = execa(path.join(repoRoot, 'bin', 'berth'), ['events', '-n', '0', '--tail', '--max-lines', '2', '--timeout', '60'], {
      env: p.env,
      reject: false,
      stdin: 'ignore',
    });
    await new Promise<void>((resolve) => {
      tail.stderr!.on('data', (c: Buffer) => c.toString().includes('Following') && resolve());
    });
    await fire('hello');
    await fire('args', 'y');
    const r = await tail;
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split(' ')[1])).toEqual(['hello', 'args']);
  });
});
