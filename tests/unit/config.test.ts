import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { engineFor, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { berth, repoRoot } from '../helpers/platform.js';

/** Values that break naive quoting: every one must come back byte for byte. */
const NASTY: Record<string, string> = {
  QUOTES: `it's "double" and 'single'`,
  DOLLAR: '$HOME ${PATH} $(id) $',
  BACKTICK: '`touch /tmp/pwned` `',
  NEWLINES: 'line1\nline2\n\nline4\r\n',
  SPACES: '  leading and trailing  ',
  UNICODE: 'héllo wörld ✓ 日本 🚀',
  EQUALS: 'a=b==c=',
  BACKSLASH: 'C:\\path\\n\\t \\\\ \\"',
  HASH: '#not a comment # really',
  EMPTY: '',
  DASHES: '--no-restart',
  SEMICOLON: 'a; rm -rf / && b | c > d',
};
const nastyPairs = () => Object.entries(NASTY).map(([k, v]) => `${k}=${v}`);

let p: TempPlatform;

const link = (name: string, from?: string) => linkPlugin(p, name, from);

function shellPlugin(name: string, handlers: Record<string, string>): void {
  const dir = path.join(p.dir, 'fixtures', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'plugin.toml'), `[plugin]\nname = "${name}"\nversion = "0.1.0"\n`);
  for (const [trigger, body] of Object.entries(handlers)) fs.writeFileSync(path.join(dir, trigger), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  link(name, dir);
}

const traceLog = () => path.join(p.libRoot, 'trace.log');
const traced = () => (fs.existsSync(traceLog()) ? fs.readFileSync(traceLog(), 'utf8').split('\n').filter(Boolean) : []);
const envFile = (scope: string) => path.join(p.libRoot, 'config', 'config', scope, 'env');
const stored = (scope: string) => (fs.existsSync(envFile(scope)) ? JSON.parse(fs.readFileSync(envFile(scope), 'utf8')) : {});

const run = (...argv: string[]) => routeIn(p, argv);

async function collect(name: string, ...args: string[]): Promise<string> {
  const { engine } = engineFor(p);
  return (await engine.triggers.collect(name as 'config-export', ...(args as [string, string, string, string]))) as string;
}

function markDeployed(app: string, restore?: string): void {
  const dir = path.join(p.libRoot, 'config', 'ps', app);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'deployed'), 'true');
  if (restore) fs.writeFileSync(path.join(dir, 'restore'), restore);
}

beforeEach(async () => {
  p = tempPlatform();
  link('apps');
  link('config');
  shellPlugin('zz-trace', {
    'release-and-deploy': 'echo "release-and-deploy $*" >> "$BERTH_LIB_ROOT/trace.log"',
    'post-config-update': 'echo "post-config-update $*" >> "$BERTH_LIB_ROOT/trace.log"',
  });
  expect((await run('apps:create', 'web')).code).toBe(0);
});

afterEach(() => p.cleanup());

describe('set, get, show', () => {
  test('nasty values survive set and get byte for byte', async () => {
    expect((await run('config:set', '--no-restart', 'web', ...nastyPairs())).code).toBe(0);
    expect(stored('web')).toEqual(NASTY);
    for (const [k, v] of Object.entries(NASTY)) expect((await run('config:get', 'web', k)).out).toBe(v + '\n');
    expect(fs.statSync(envFile('web')).mode & 0o777).toBe(0o600);
  });

  test('config shows the binding `=====> APP env vars` + `KEY:<padding>VALUE` layout', async () => {
    await run('config:set', 'web', 'A=1', 'LONGER_KEY=two words', 'ML=x\ny');
    const expected = '=====> web env vars\nA:           1\nLONGER_KEY:  two words\nML:          x\n             y\n';
    expect((await run('config', 'web')).out).toBe(expected);
    expect((await run('config:show', 'web')).out).toBe(expected);
    // what datastore plugins do: grep the key, cut at the first ':'
    const line = (await run('config', 'web')).out.split('\n').find((l) => l.startsWith('LONGER_KEY:'))!;
    expect(line.slice(line.indexOf(':') + 1).trim()).toBe('two words');
  });

  test('set prints the pairs; get of a missing key exits 1 silently; --quoted is shell-safe', async () => {
    const r = await run('config:set', 'web', "Q=it's");
    expect(r.out).toBe("-----> Setting config vars\n       Q:  it's\n");
    expect(await run('config:get', 'web', 'NOPE')).toMatchObject({ code: 1, out: '' });
    const quoted = (await run('config:get', 'web', 'Q', '--quoted')).out.trim();
    expect(quoted).toBe(`'it'\\''s'`);
    expect((await execa('sh', ['-c', `printf %s ${quoted}`])).stdout).toBe("it's");
  });

  test('--encoded takes base64 values; bad base64 changes nothing', async () => {
    const b64 = Buffer.from(NASTY.NEWLINES + NASTY.UNICODE).toString('base64');
    expect((await run('config:set', '--encoded', 'web', `E=${b64}`)).code).toBe(0);
    expect((await run('config:get', 'web', 'E')).out).toBe(NASTY.NEWLINES + NASTY.UNICODE + '\n');
    const bad = await run('config:set', '--encoded', 'web', 'E=@@not-base64@@', 'F=Zm9v');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Invalid base64 value for E');
    expect(Object.keys(stored('web'))).toEqual(['E']);
  });

  test.each([['1BAD=x'], ['has-dash=x'], ['=novalue'], ['NOEQUALS'], ['sp ace=x'], ['KÉY=x'], ['--bogus']])(
    'bad pair %p is rejected with nothing changed',
    async (pair) => {
      await run('config:set', 'web', 'KEEP=1');
      fs.writeFileSync(traceLog(), '');
      const r = await run('config:set', '--no-restart', 'web', 'GOOD=1', pair);
      expect(r.code).not.toBe(0);
      expect(r.err.length).toBeGreaterThan(0);
      expect(stored('web')).toEqual({ KEEP: '1' });
      expect(traced()).toEqual([]);
    },
  );

  test('unset and clear; unknown keys are ignored, bad keys rejected', async () => {
    await run('config:set', 'web', 'A=1', 'B=2', 'C=3');
    expect((await run('config:unset', 'web', 'A', 'NOPE')).code).toBe(0);
    expect(stored('web')).toEqual({ B: '2', C: '3' });
    expect((await run('config:unset', 'web', 'B', 'bad-key')).code).toBe(1);
    expect(stored('web')).toEqual({ B: '2', C: '3' });
    expect((await run('config:keys', 'web')).out).toBe('B\nC\n');
    expect((await run('config:clear', 'web')).out).toContain('Clearing config vars');
    expect(fs.existsSync(envFile('web'))).toBe(false);
    expect((await run('config:keys', 'web')).out).toBe('');
  });

  test('a missing app exits 20; no app at all is a usage error', async () => {
    expect((await run('config:set', 'nope', 'A=1')).code).toBe(20);
    expect((await run('config', 'nope')).code).toBe(20);
    expect((await run('config:set', 'Bad_App', 'A=1')).err).toContain('App name must begin with lowercase');
    expect((await run('config')).err).toContain('Please specify an app');
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'config'))).toBe(false);
  });
});

describe('--global and --merged', () => {
  test('global env is separate; merged lets the app win', async () => {
    await run('config:set', '--global', 'G=global', 'SHARED=from-global');
    await run('config:set', 'web', 'SHARED=from-app', 'OWN=1');
    expect(stored('--global')).toEqual({ G: 'global', SHARED: 'from-global' });
    expect((await run('config', '--global')).out).toBe('=====> --global env vars\nG:       global\nSHARED:  from-global\n');
    expect((await run('config:get', '--global', 'G')).out).toBe('global\n');
    expect((await run('config:keys', 'web')).out).toBe('OWN\nSHARED\n');
    expect((await run('config:keys', 'web', '--merged')).out).toBe('G\nOWN\nSHARED\n');
    expect(JSON.parse((await run('config:export', 'web', '--merged', '--format', 'json')).out)).toEqual({ G: 'global', OWN: '1', SHARED: 'from-app' });
    expect((await run('config:unset', '--global', 'G')).code).toBe(0);
    expect(stored('--global')).toEqual({ SHARED: 'from-global' });
  });

  test('a global change never redeploys', async () => {
    markDeployed('web');
    await run('config:set', '--global', 'G=1');
    expect(traced()).toEqual(['post-config-update --global set G']);
  });
});

describe('export and import', () => {
  beforeEach(async () => {
    await run('config:set', '--no-restart', 'web', ...nastyPairs());
    await run('apps:create', 'copy');
  });

  test('json and json-list are exact', async () => {
    expect(JSON.parse((await run('config:export', 'web', '--format', 'json')).out)).toEqual(NASTY);
    const list = JSON.parse((await run('config:export', 'web', '--format', 'json-list')).out);
    expect(Object.fromEntries(list.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual(NASTY);
  });

  test('exports (the default) evaluates in a shell to the exact values and runs nothing', async () => {
    const text = (await run('config:export', 'web')).out;
    expect(text.split('\n')[0]).toMatch(/^export [A-Z]+='/);
    const marker = path.join(p.dir, 'pwned');
    const script = `${text.replace('/tmp/pwned', marker)}\nnode -e 'process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1).map(k => [k, process.env[k]]))))' ${Object.keys(NASTY).join(' ')}`;
    const r = await execa('bash', ['-c', script]);
    expect(JSON.parse(r.stdout)).toEqual({ ...NASTY, BACKTICK: NASTY.BACKTICK.replace('/tmp/pwned', marker) });
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('shell and docker-args quote every value for a shell word list', async () => {
    const shell = (await run('config:export', 'web', '--format', 'shell')).out.trim();
    const r = await execa('bash', ['-c', `env -i ${shell} node -e 'process.stdout.write(JSON.stringify(process.env))'`], { env: { PATH: process.env.PATH } });
    const got = JSON.parse(r.stdout);
    for (const [k, v] of Object.entries(NASTY)) expect(got[k]).toBe(v);
    const args = (await run('config:export', 'web', '--format', 'docker-args')).out.trim();
    const parsed = await execa('bash', ['-c', `set -- ${args}; printf '%s\\0' "$@"`]);
    expect(parsed.stdout.split('\0').filter(Boolean)).toEqual(Object.keys(NASTY).sort().map((k) => `--env=${k}=${NASTY[k]}`));
    expect((await run('config:export', 'web', '--format', 'docker-args-keys')).out.trim()).toBe(Object.keys(NASTY).sort().map((k) => `--env=${k}`).join(' '));
  });

  test('env (dotenv) escapes everything a shell or dotenv parser would expand', async () => {
    const text = (await run('config:export', 'web', '--format', 'env')).out;
    expect(text).toContain('DOLLAR="\\$HOME \\${PATH} \\$(id) \\$"');
    expect(text).toContain('BACKTICK="\\`touch /tmp/pwned\\` \\`"');
    expect(text).toContain('NEWLINES="line1\\nline2\\n\\nline4\\r\\n"');
    expect(text.split('\n').filter(Boolean)).toHaveLength(Object.keys(NASTY).length);
  });

  test('pretty is the config table without the heading', async () => {
    const pretty = (await run('config:export', 'web', '--format', 'pretty')).out;
    expect((await run('config', 'web')).out).toBe(`=====> web env vars\n${pretty}`);
  });

  test('an unknown format is refused', async () => {
    const r = await run('config:export', 'web', '--format', 'yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain("Invalid --format 'yaml'");
  });

  test('config-export and config-get triggers answer other plugins', async () => {
    await run('config:set', '--global', 'G=1', 'UNICODE=global');
    expect(JSON.parse(await collect('config-export', 'web', 'false', 'true', 'json'))).toEqual({ ...NASTY, G: '1' });
    expect(JSON.parse(await collect('config-export', 'web', 'false', 'false', 'json'))).toEqual(NASTY);
    expect(JSON.parse(await collect('config-export', 'web', 'true', 'false', 'json'))).toEqual({ G: '1', UNICODE: 'global' });
    expect(await collect('config-get', 'web', 'UNICODE')).toBe(NASTY.UNICODE);
    expect(await collect('config-get', 'web', 'NOPE')).toBe('');
    expect(await collect('config-get-global', 'G')).toBe('1');
  });

  test('config-set and config-unset triggers take the command arguments', async () => {
    const { engine } = engineFor(p);
    await engine.triggers.notify('config-set', '--no-restart', 'copy', 'A=1', 'B=x y');
    expect(stored('copy')).toEqual({ A: '1', B: 'x y' });
    await engine.triggers.notify('config-unset', '--no-restart', 'copy', 'A');
    expect(stored('copy')).toEqual({ B: 'x y' });
    await expect(engine.triggers.notify('config-set', 'copy', 'bad-key=1')).rejects.toThrow(/Invalid config key/);
    markDeployed('copy');
    await engine.triggers.notify('config-unset', 'copy', 'B', 'false');
    expect(stored('copy')).toEqual({});
    expect(traced().filter((l) => l.startsWith('release-and-deploy'))).toEqual([]);
  });
});

describe('restarts', () => {
  test('a deployed app is redeployed after set, unset and clear; --no-restart and undeployed apps are not', async () => {
    await run('config:set', 'web', 'A=1');
    markDeployed('web');
    const set = await run('config:set', 'web', 'B=2', 'A=1');
    expect(set.out).toContain('-----> Restarting app web');
    await run('config:set', '--no-restart', 'web', 'C=3');
    await run('config:set', 'web', 'C=3');
    await run('config:unset', 'web', 'A');
    await run('config:clear', 'web');
    expect(traced()).toEqual([
      'post-config-update web set A',
      'post-config-update web set B',
      'release-and-deploy web  config-redeploy',
      'post-config-update web set C',
      'post-config-update web unset A',
      'release-and-deploy web  config-redeploy',
      'post-config-update web clear B C',
      'release-and-deploy web  config-redeploy',
    ]);
  });

  test('a stopped app (ps restore=false) is not redeployed', async () => {
    markDeployed('web', 'false');
    await run('config:set', 'web', 'A=1');
    expect(traced()).toEqual(['post-config-update web set A']);
  });
});

describe('state follows the app', () => {
  test('rename moves and clone copies the env; destroy removes it', async () => {
    await run('config:set', 'web', 'A=1');
    await run('apps:clone', 'web', 'twin');
    expect(stored('twin')).toEqual({ A: '1' });
    await run('apps:rename', 'web', 'renamed');
    expect(stored('renamed')).toEqual({ A: '1' });
    expect(fs.existsSync(envFile('web'))).toBe(false);
    await run('apps:destroy', 'twin', '--force');
    expect(fs.existsSync(path.dirname(envFile('twin')))).toBe(false);
  });
});

/** Through the real entry (dist/): stdin import and shell argument passing. */
describe('via bin/berth', () => {
  beforeEach(() => {
    for (const name of ['apps', 'config']) {
      const dest = path.join(p.pluginPath, 'available', name);
      fs.rmSync(dest);
      fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
    }
  });

  test('every text export format imports back exactly', async () => {
    await run('config:set', '--no-restart', 'web', ...nastyPairs());
    const formats = [['exports', 'env'], ['env', 'env'], ['envfile', 'env'], ['shell', 'env'], ['json', 'json'], ['json-list', 'json']] as const;
    for (const [fmt] of formats) await run('apps:create', `imp-${fmt}`);
    const exported = await Promise.all(formats.map(async ([fmt]) => (await run('config:export', 'web', '--format', fmt)).out));
    const results = await Promise.all(
      formats.map(([fmt, importAs], i) => berth(p, ['config:import', '--no-restart', `imp-${fmt}`, '--format', importAs], { input: exported[i] })),
    );
    formats.forEach(([fmt], i) => {
      expect([fmt, results[i]!.stderr]).toEqual([fmt, '']);
      expect([fmt, stored(`imp-${fmt}`)]).toEqual([fmt, NASTY]);
    });
  }, 120_000);

  test('import reads a hand-written dotenv file and rejects a bad one whole', async () => {
    const dotenv = ['# comment', '', 'export A=plain value # trailing comment', "B='single $HOME'", 'C="double\\nline"', 'D=a#b', ''].join('\n');
    const r = await berth(p, ['config:import', 'web'], { input: dotenv });
    expect(r.exitCode).toBe(0);
    expect(stored('web')).toEqual({ A: 'plain value', B: 'single $HOME', C: 'double\nline', D: 'a#b' });
    const bad = await berth(p, ['config:import', 'web'], { input: 'E=1\nnot a pair\n' });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('line 2');
    const badJson = await berth(p, ['config:import', 'web', '--format', 'json'], { input: '{"E": {"nested": 1}}' });
    expect(badJson.exitCode).toBe(1);
    expect(Object.keys(stored('web'))).toEqual(['A', 'B', 'C', 'D']);
  }, 120_000);

  test('community shell plugins can source config/functions', async () => {
    await run('config:set', '--no-restart', 'web', `K=${NASTY.DOLLAR}`, 'K2=v2');
    shellPlugin('zz-probe', {});
    const script = [
      '#!/usr/bin/env bash',
      'set -eo pipefail',
      'source "$PLUGIN_AVAILABLE_PATH/config/functions"',
      'config_get "$2" K',
      "config_all \"$2\" | grep '^K2:' | cut -d: -f2- | sed 's/^ *//'",
      'eval "$(config_export app "$2")"; printf "%s\\n" "$K"',
    ].join('\n');
    const dir = path.join(p.dir, 'fixtures', 'zz-probe', 'subcommands');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'probe'), script + '\n', { mode: 0o755 });
    const r = await berth(p, ['zz-probe:probe', 'web']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${NASTY.DOLLAR}\nv2\n${NASTY.DOLLAR}`);
  }, 120_000);
});
