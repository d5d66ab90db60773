import fs from 'node:fs';
import path from 'node:path';
import { route } from '../../cli/router.js';
import { acquireLock } from '../../sdk/lock.js';
import { deployLockFile } from '../../sdk/index.js';
import { engineFor, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { berth, repoRoot } from '../helpers/platform.js';

/** Triggers the apps plugin fires; a shell plugin records each call as `name args…` lines. */
const TRACED = [
  'post-create', 'pre-delete', 'scheduler-detect', 'scheduler-stop', 'scheduler-post-delete', 'post-delete',
  'scheduler-retire', 'post-app-rename-setup', 'post-app-rename', 'post-app-clone-setup', 'post-app-clone',
];

let p: TempPlatform;

function link(name: string, from = path.join(repoRoot, 'plugins', name)): void {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.symlinkSync(from, dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
}

/** A shell plugin with one executable per trigger; `body` defaults to logging the call. */
function shellPlugin(name: string, handlers: Record<string, string>): void {
  const dir = path.join(p.dir, 'fixtures', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'plugin.toml'), `[plugin]\nname = "${name}"\nversion = "0.1.0"\n`);
  for (const [trigger, body] of Object.entries(handlers)) fs.writeFileSync(path.join(dir, trigger), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  link(name, dir);
}

const logCall = (t: string) => `echo "${t} $*" >> "$BERTH_LIB_ROOT/trace.log"`;
const traced = () => (fs.existsSync(traceLog()) ? fs.readFileSync(traceLog(), 'utf8').split('\n').filter(Boolean) : []);
const traceLog = () => path.join(p.libRoot, 'trace.log');
const appDir = (app: string) => path.join(p.root, app);
const prop = (plugin: string, scope: string, key: string) => {
  try {
    return fs.readFileSync(path.join(p.libRoot, 'config', plugin, scope, key), 'utf8');
  } catch {
    return undefined;
  }
};

/** One CLI call in-process. */
async function run(argv: string[], o: { force?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const { engine, stdout, stderr } = engineFor(p, { flags: { force: o.force ?? false }, env: o.env });
  try {
    const code = await route(engine, argv);
    return { out: stdout.text, err: stderr.text, code };
  } catch (e) {
    return { out: stdout.text, err: `${stderr.text}${(e as Error).message}`, code: (e as { exitCode?: number }).exitCode ?? 1 };
  }
}

async function gate(name: string, ...args: string[]) {
  const { engine } = engineFor(p);
  return engine.triggers.gate(name as 'app-exists', ...(args as [string]));
}

beforeEach(async () => {
  p = tempPlatform();
  link('apps');
  link('config');
  shellPlugin('zz-trace', Object.fromEntries(TRACED.map((t) => [t, logCall(t)])));
});

afterEach(() => {
  delete process.env.SKIP_REBUILD;
  p.cleanup();
});

describe('create, exists, list', () => {
  test('create makes the dir, records created-at and fires post-create', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await run(['apps:create', 'web']);
    expect(r).toMatchObject({ code: 0, out: '-----> Creating web...\n' });
    expect(fs.statSync(appDir('web')).isDirectory()).toBe(true);
    expect(Number(prop('apps', 'web', 'created-at'))).toBeGreaterThanOrEqual(before);
    expect(traced()).toEqual(['post-create web']);
    expect((await run(['apps:exists', 'web'])).code).toBe(0);
    expect((await gate('app-exists', 'web')).ok).toBe(true);
  });

  test('a taken name is refused', async () => {
    await run(['apps:create', 'web']);
    const r = await run(['apps:create', 'web']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Name is already taken: web');
    expect(traced()).toEqual(['post-create web']);
  });

  test.each([['Bad_Name'], ['UPPER'], ['a/b'], ['..'], ['.hidden'], ['-x'], ['trailing.'], ['sp ace'], ['a'.repeat(201)]])(
    'bad name %p is rejected and nothing is created',
    async (name) => {
      const r = await run(['apps:create', name]);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/App name must begin with lowercase alphanumeric character|Please specify an app/);
      expect(fs.readdirSync(p.root)).toEqual([]);
      expect(fs.existsSync(path.join(p.libRoot, 'config', 'apps'))).toBe(false);
      expect(traced()).toEqual([]);
    },
  );

  test('exists fails with exit 20 for a missing app', async () => {
    const r = await run(['apps:exists', 'nope']);
    expect(r.code).toBe(20);
    expect(r.err).toContain('App nope does not exist');
    expect((await gate('app-exists', 'nope')).ok).toBe(false);
  });

  test('list prints the apps under a heading, or JSON, skipping what is not an app', async () => {
    for (const a of ['zeta', 'alpha', 'mid.dle']) await run(['apps:create', a]);
    fs.mkdirSync(path.join(p.root, '.ssh'));
    fs.mkdirSync(path.join(p.root, 'tls'));
    fs.mkdirSync(path.join(p.root, 'Not_An_App'));
    fs.writeFileSync(path.join(p.root, 'file'), '');
    fs.symlinkSync(appDir('alpha'), path.join(p.root, 'linked'));
    expect((await run(['apps:list'])).out).toBe('=====> My Apps\nalpha\nlinked\nmid.dle\nzeta\n');
    expect(JSON.parse((await run(['apps:list', '--format', 'json'])).out)).toEqual(['alpha', 'linked', 'mid.dle', 'zeta']);
    expect(JSON.parse((await run(['apps:list', '--format=json'])).out)).toEqual(['alpha', 'linked', 'mid.dle', 'zeta']);
    expect((await run(['apps:list', '--format', 'xml'])).code).toBe(1);
  });

  test('an empty list warns', async () => {
    const r = await run(['apps:list']);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toContain("You haven't deployed any applications yet");
    expect((await run(['apps:list', '--format', 'json'])).out).toBe('[]\n');
  });

  test('list is filtered by user-auth-app when a plugin implements it (for an SSH key; local root sees all)', async () => {
    for (const a of ['one', 'two', 'three']) await run(['apps:create', a]);
    shellPlugin('zz-auth', { 'user-auth-app': 'shift 2; for a in "$@"; do [ "$a" != two ] && echo "$a"; done; exit 0' });
    expect((await run(['apps:list'], { env: { NAME: 'alice', SSH_USER: 'berth' } })).out).toBe('=====> My Apps\none\nthree\n');
    expect((await run(['apps:list'], { env: { NAME: '', SSH_USER: 'root' } })).out).toBe('=====> My Apps\none\nthree\ntwo\n');
  });

  test('listing 1,000 apps fires no trigger per app', async () => {
    for (let i = 0; i < 1000; i++) fs.mkdirSync(appDir(`app-${String(i).padStart(4, '0')}`));
    shellPlugin('zz-exists', { 'app-exists': logCall('app-exists') });
    const r = await run(['apps:list', '--format', 'json']);
    expect(JSON.parse(r.out)).toHaveLength(1000);
    expect(traced()).toEqual([]);
  });
});

describe('destroy', () => {
  beforeEach(async () => {
    await run(['apps:create', 'web']);
    await run(['config:set', '--no-restart', 'web', 'SECRET=x']);
    fs.writeFileSync(traceLog(), '');
  });

  test('--force runs the whole chain in order and removes every trace of the app', async () => {
    const r = await run(['apps:destroy', 'web', '--force']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('-----> Destroying web (including all add-ons)');
    expect(traced()).toEqual([
      'pre-delete web ',
      'scheduler-detect web',
      'scheduler-stop docker-local web true',
      'scheduler-post-delete docker-local web ',
      'post-delete web ',
      'scheduler-retire docker-local web',
    ]);
    expect(fs.existsSync(appDir('web'))).toBe(false);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'apps', 'web'))).toBe(false);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'config', 'web'))).toBe(false);
  });

  test('the global --force flag skips the confirmation too', async () => {
    expect((await run(['apps:destroy', 'web'], { force: true })).code).toBe(0);
    expect(fs.existsSync(appDir('web'))).toBe(false);
  });

  test('the scheduler named by scheduler-detect is used', async () => {
    shellPlugin('aa-sched', { 'scheduler-detect': 'echo k3s' });
    await run(['apps:destroy', 'web', '--force']);
    expect(traced()).toContain('scheduler-stop k3s web true');
  });

  test('a pre-delete veto aborts and leaves the app alone', async () => {
    shellPlugin('aa-veto', { 'pre-delete': 'echo "linked services remain" >&2; exit 3' });
    const r = await run(['apps:destroy', 'web', '--force']);
    expect(r.code).toBe(3);
    expect(fs.existsSync(appDir('web'))).toBe(true);
    expect(prop('config', 'web', 'env')).toContain('SECRET');
    expect(traced()).toEqual([]);
  });

  test('a missing app exits 20', async () => {
    expect((await run(['apps:destroy', 'nope', '--force'])).code).toBe(20);
  });

  test('a running deploy blocks the destroy; an apps:lock hold does not', async () => {
    const held = await acquireLock(deployLockFile({ paths: { libRoot: p.libRoot } } as never, 'web'), { waitMs: 0 });
    const r = await run(['apps:destroy', 'web', '--force']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/deploy lock/);
    expect(fs.existsSync(appDir('web'))).toBe(true);
    held.release();
    await run(['apps:lock', 'web']);
    expect((await run(['apps:destroy', 'web', '--force'])).code).toBe(0);
    expect(fs.existsSync(path.join(p.libRoot, 'data', 'apps', 'web'))).toBe(false);
  });
});

describe('rename and clone', () => {
  beforeEach(async () => {
    await run(['apps:create', 'old']);
    await run(['config:set', '--no-restart', 'old', 'A=1']);
    fs.mkdirSync(path.join(appDir('old'), 'hooks'));
    fs.writeFileSync(path.join(appDir('old'), 'hooks', 'pre-receive'), 'hook');
    for (const f of ['CONTAINER.web.1', 'IP.web.1', 'PORT.web.1', 'nginx.conf']) fs.writeFileSync(path.join(appDir('old'), f), 'runtime');
    fs.writeFileSync(traceLog(), '');
  });

  test('rename creates NEW, moves state, destroys OLD, then fires post-app-rename', async () => {
    const created = prop('apps', 'old', 'created-at');
    const r = await run(['apps:rename', 'old', 'new']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('-----> Renaming old to new');
    const calls = traced();
    expect(calls[0]).toBe('post-create new');
    expect(calls[1]).toBe('post-app-rename-setup old new');
    expect(calls).toContain('post-delete old ');
    expect(calls.at(-1)).toBe('post-app-rename old new');
    expect(fs.existsSync(appDir('old'))).toBe(false);
    expect(fs.readdirSync(appDir('new')).sort()).toEqual(['hooks']);
    expect(prop('config', 'new', 'env')).toBe('{"A":"1"}');
    expect(prop('config', 'old', 'env')).toBeUndefined();
    expect(prop('apps', 'new', 'created-at')).toBe(created);
  });

  test('rename keeps an apps:lock hold', async () => {
    await run(['apps:lock', 'old']);
    await run(['apps:rename', 'old', 'new']);
    expect((await run(['apps:locked', 'new'])).code).toBe(0);
  });

  test('rename refuses a taken or invalid new name and changes nothing', async () => {
    await run(['apps:create', 'taken']);
    fs.writeFileSync(traceLog(), '');
    expect((await run(['apps:rename', 'old', 'taken'])).err).toContain('Name is already taken: taken');
    expect((await run(['apps:rename', 'old', 'Bad_Name'])).err).toContain('App name must begin with lowercase');
    expect((await run(['apps:rename', 'nope', 'fine'])).code).toBe(20);
    expect(fs.readdirSync(p.root).sort()).toEqual(['old', 'taken']);
    expect(traced()).toEqual([]);
  });

  test('clone copies state into a new app with its own creation time', async () => {
    fs.writeFileSync(path.join(p.libRoot, 'config', 'apps', 'old', 'created-at'), '1');
    const r = await run(['apps:clone', 'old', 'copy']);
    expect(r.code).toBe(0);
    expect(traced()).toEqual(['post-create copy', 'post-app-clone-setup old copy', 'post-app-clone old copy']);
    expect(fs.existsSync(appDir('old'))).toBe(true);
    expect(fs.readdirSync(appDir('copy')).sort()).toEqual(['hooks']);
    expect(prop('config', 'copy', 'env')).toBe('{"A":"1"}');
    expect(prop('apps', 'copy', 'created-at')).not.toBe('1');
  });

  test('clone onto a taken name fails, or warns with --ignore-existing', async () => {
    await run(['apps:create', 'copy']);
    const plain = await run(['apps:clone', 'old', 'copy']);
    expect(plain.code).toBe(1);
    expect(plain.err).toContain('Name is already taken: copy');
    const ignored = await run(['apps:clone', 'old', 'copy', '--ignore-existing']);
    expect(ignored.code).toBe(0);
    expect(ignored.err).toContain('Name is already taken: copy');
    expect(prop('config', 'copy', 'env')).toBeUndefined();
  });
});

describe('deploy lock', () => {
  const lockFile = () => path.join(p.libRoot, 'data', 'apps', 'web', '.deploy.lock');

  beforeEach(async () => {
    await run(['apps:create', 'web']);
  });

  test('lock, locked, unlock', async () => {
    expect(await run(['apps:locked', 'web'])).toMatchObject({ code: 1, out: '-----> Deploy lock does not exist\n' });
    expect(await run(['apps:lock', 'web'])).toMatchObject({ code: 0, out: '-----> Deploy lock created\n' });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ manual: true });
    expect(await run(['apps:locked', 'web'])).toMatchObject({ code: 0, out: '-----> Deploy lock exists\n' });
    expect((await run(['apps:report', 'web', '--app-locked'])).out).toBe('true\n');
    const un = await run(['apps:unlock', 'web']);
    expect(un.code).toBe(0);
    expect(un.err).toContain('A deploy may be in progress.');
    expect(un.err).toContain('Removing the app lock will not stop in progress deploys.');
    expect(un.out).toBe('-----> Deploy lock removed.\n');
    expect(fs.existsSync(lockFile())).toBe(false);
    expect((await run(['apps:locked', 'web'])).code).toBe(1);
  });

  test('a locked app refuses a deploy that takes the lock without waiting', async () => {
    await run(['apps:lock', 'web']);
    await expect(acquireLock(lockFile(), { waitMs: 0, describe: 'web' })).rejects.toThrow(/web is locked/);
    await run(['apps:unlock', 'web']);
    const held = await acquireLock(lockFile(), { waitMs: 0 });
    held.release();
  });

  test('apps:lock fails while a deploy holds the lock; a dead holder does not count', async () => {
    const held = await acquireLock(lockFile(), { waitMs: 0 });
    const r = await run(['apps:lock', 'web']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/currently has a deploy lock in place/);
    held.release();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: 'then' }));
    expect((await run(['apps:locked', 'web'])).code).toBe(1);
    expect((await run(['apps:lock', 'web'])).code).toBe(0);
  });
});

describe('auto-creation and report', () => {
  test('app-maybe-create creates unless disable-autocreation is set globally', async () => {
    expect((await gate('app-maybe-create', 'pushed')).ok).toBe(true);
    expect(fs.existsSync(appDir('pushed'))).toBe(true);
    expect((await run(['apps:set', '--global', 'disable-autocreation', 'true'])).code).toBe(0);
    expect(prop('apps', '--global', 'disable-autocreation')).toBe('true');
    const refused = await gate('app-maybe-create', 'other');
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toBe('App auto-creation disabled.');
    expect(fs.existsSync(appDir('other'))).toBe(false);
    expect((await gate('app-maybe-create', 'pushed')).ok).toBe(true);
    expect((await run(['apps:set', '--global', 'disable-autocreation'])).code).toBe(0);
    expect(prop('apps', '--global', 'disable-autocreation')).toBeUndefined();
  });

  test('apps:set keeps global-only and per-app properties apart', async () => {
    await run(['apps:create', 'web']);
    const perApp = await run(['apps:set', 'web', 'disable-autocreation', 'true']);
    expect([perApp.code, perApp.err]).toEqual([1, expect.stringContaining('Property can only be specified globally')]);
    for (const key of ['deploy-source', 'deploy-source-metadata', 'bogus']) {
      const r = await run(['apps:set', '--global', key, 'x']);
      expect([r.code, r.err]).toEqual([1, expect.stringContaining('Property cannot be specified globally')]);
    }
    expect((await run(['apps:set', 'web', 'bogus', 'x'])).err).toContain('Invalid property specified, valid properties include: deploy-source, deploy-source-metadata, disable-autocreation');
    expect((await run(['apps:set', '--global', 'disable-autocreation', 'maybe'])).code).toBe(1);
    expect((await run(['apps:set', 'nope', 'deploy-source', 'git'])).code).toBe(20);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'apps', '--global'))).toBe(false);
    expect((await run(['apps:set', 'web', 'deploy-source', 'git'])).code).toBe(0);
    expect(prop('apps', 'web', 'deploy-source')).toBe('git');
  });

  test('report --global and JSON keys with and without the app- prefix', async () => {
    expect(await run(['apps:report', '--global', '--app-global-disable-autocreation'])).toMatchObject({ code: 0, out: '\n' });
    await run(['apps:set', '--global', 'disable-autocreation', 'true']);
    expect((await run(['apps:report', '--global', '--app-global-disable-autocreation'])).out).toBe('true\n');
    expect(JSON.parse((await run(['apps:report', '--global', '--format', 'json'])).out)).toEqual({
      'global-disable-autocreation': 'true',
      'app-global-disable-autocreation': 'true',
    });
    await run(['apps:create', 'web']);
    const json = JSON.parse((await run(['apps:report', 'web', '--format', 'json'])).out);
    for (const k of ['dir', 'locked', 'deploy-source', 'created-at', 'global-disable-autocreation']) expect(json[k]).toBe(json[`app-${k}`]);
    expect(json['global-disable-autocreation']).toBe('true');
    expect((await run(['apps:report', 'web', '--global'])).code).toBe(1);
  });

  test('report as text, json and single values; deploy-source-set feeds it', async () => {
    await run(['apps:create', 'web']);
    const { engine } = engineFor(p);
    await engine.triggers.notify('deploy-source-set', 'web', 'git-push', 'abc123');
    const json = JSON.parse((await run(['apps:report', 'web', '--format', 'json'])).out);
    expect(json).toMatchObject({ 'app-deploy-source': 'git-push', 'app-deploy-source-metadata': 'abc123', 'app-dir': appDir('web'), 'app-locked': 'false' });
    const text = (await run(['apps:report', 'web'])).out;
    expect(text).toMatch(/^=====> web app information\n/);
    expect(text).toMatch(new RegExp(`\\n {7}App dir: +${appDir('web')}\\n`));
    expect((await run(['apps:report', 'web', '--app-deploy-source'])).out).toBe('git-push\n');
    expect((await run(['apps:report', 'web', '--app-bogus'])).code).toBe(1);
    expect(Object.keys(JSON.parse((await run(['apps:report', '--format', 'json'])).out))).toEqual(['web']);
    const fresh = engineFor(p);
    await fresh.engine.triggers.notify('report', 'web');
    expect(fresh.stdout.text).toContain('=====> web app information');
  });
});

/** Through the real entry (dist/): stdin confirmation and the SKIP_REBUILD environment. */
describe('via bin/berth', () => {
  beforeEach(() => {
    for (const name of ['apps', 'config']) {
      const dest = path.join(p.pluginPath, 'available', name);
      fs.rmSync(dest);
      fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
    }
  });

  test('destroy asks for the app name on stdin and aborts on a mismatch', async () => {
    await berth(p, ['apps:create', 'web']);
    const wrong = await berth(p, ['apps:destroy', 'web'], { input: 'wbe\n' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('To proceed, type "web"');
    expect(wrong.stderr).toContain('Confirmation did not match web. Aborted.');
    expect(fs.existsSync(appDir('web'))).toBe(true);
    const right = await berth(p, ['apps:destroy', 'web'], { input: 'web\n' });
    expect(right.exitCode).toBe(0);
    expect(fs.existsSync(appDir('web'))).toBe(false);
  }, 120_000);

  test('rename and clone set SKIP_REBUILD with --skip-deploy or when there is no code', async () => {
    shellPlugin('zz-env', { 'post-app-rename': 'echo "rename SKIP_REBUILD=$SKIP_REBUILD" >> "$BERTH_LIB_ROOT/env.log"', 'post-app-clone': 'echo "clone SKIP_REBUILD=$SKIP_REBUILD" >> "$BERTH_LIB_ROOT/env.log"' });
    shellPlugin('zz-git', { 'git-has-code': '[ -d "$BERTH_ROOT/$1/hooks" ]' });
    await berth(p, ['apps:create', 'a']);
    await berth(p, ['apps:clone', 'a', 'b']);
    fs.mkdirSync(path.join(appDir('a'), 'hooks'));
    await berth(p, ['apps:clone', 'a', 'c']);
    await berth(p, ['apps:clone', 'a', 'd', '--skip-deploy']);
    await berth(p, ['apps:rename', 'a', 'e', '--skip-deploy']);
    await berth(p, ['apps:rename', 'e', 'f']);
    expect(fs.readFileSync(path.join(p.libRoot, 'env.log'), 'utf8').trim().split('\n')).toEqual([
      'clone SKIP_REBUILD=true',
      'clone SKIP_REBUILD=',
      'clone SKIP_REBUILD=true',
      'rename SKIP_REBUILD=true',
      'rename SKIP_REBUILD=',
    ]);
  }, 120_000);
});
