import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { addPlugin, berth, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

// Root runs these without dropping to a platform user; no platform user owns the files.
const ENV = { BERTH_NO_DROP: '1', BERTH_SYSTEM_USER: 'berth-test-no-such-user' };
const ZERO = '0'.repeat(40);
// Each push starts a few berth processes; on a busy machine that takes a while.
const SLOW = 180_000;

let p: TempPlatform;
let src: string;
let gitEnv: NodeJS.ProcessEnv;

const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => berth(p, args, { input: o.input, env: { ...ENV, ...o.env } });
const git = (args: string[], cwd = src) => execa('git', args, { cwd, env: gitEnv, reject: false, all: true });
const push = (app: string, refspec: string) => git(['push', `ssh://berth@fake/${app}`, refspec]);
const lastBuild = (app: string) => fs.readFileSync(path.join(p.libRoot, 'data', 'git-test-builder', `${app}.last`), 'utf8');
const built = (app: string) => fs.existsSync(path.join(p.libRoot, 'data', 'git-test-builder', `${app}.last`));
const forget = (app: string) => fs.rmSync(path.join(p.libRoot, 'data', 'git-test-builder', `${app}.last`), { force: true });

async function commit(files: Record<string, string>, message: string): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
    fs.writeFileSync(path.join(src, name), text);
  }
  await git(['add', '-A']);
  await git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message]);
  return (await git(['rev-parse', 'HEAD'])).stdout.trim();
}

function link(name: string): void {
  const dest = path.join(p.pluginPath, 'available', name);
  fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', name));
}

/**
 * No sshd here: a fake `ssh` for git does what sshd does with the key's line from authorized_keys,
 * i.e. runs its forced command through bash with SSH_ORIGINAL_COMMAND set.
 */
beforeAll(async () => {
  p = tempPlatform();
  for (const name of ['apps', 'git', 'plugin', 'ssh-keys']) link(name);
  addPlugin(p, path.join(repoRoot, 'fixtures', 'plugins', 'git-test-builder'));
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tester', '-f', path.join(p.dir, 'key')]);
  expect((await run(['ssh-keys:add', 'tester', path.join(p.dir, 'key.pub')])).exitCode).toBe(0);
  const line = fs.readFileSync(path.join(p.root, '.ssh', 'authorized_keys'), 'utf8').trim();
  fs.writeFileSync(path.join(p.dir, 'forced'), /^command="(.*)",\S+ /.exec(line)![1]!.replace(/\\"/g, '"'));
  const fakeSsh = path.join(p.dir, 'fake-ssh');
  fs.writeFileSync(fakeSsh, `#!/usr/bin/env bash\nexport SSH_ORIGINAL_COMMAND="\${@: -1}"\ncd "$BERTH_ROOT"\nexec bash -c "$(cat '${p.dir}/forced')"\n`, { mode: 0o755 });
  gitEnv = { ...p.env, ...ENV, GIT_SSH: fakeSsh, GIT_SSH_VARIANT: 'simple' };
  src = path.join(p.dir, 'src');
  fs.mkdirSync(src);
  await git(['init', '-q', '-b', 'main']);
}, SLOW);

afterAll(() => p.cleanup());

test('a first push creates the app and its repo, and builds the pushed commit under the deploy lock', async () => {
  const sha = await commit({ 'a.txt': 'a', 'sub/b.txt': 'b' }, 'one');
  const r = await push('first', 'main');
  expect(r.all).toContain('Creating first');
  expect(r.all).toContain('test builder built first');
  expect(r.exitCode).toBe(0);
  const [args, files, lock, buildId, actor] = lastBuild('first').split('\n');
  const [count, app, dir, rev] = args!.replace('args ', '').split('|');
  expect([count, app, rev]).toEqual(['3', 'first', sha]);
  expect(files!.trim()).toBe('./a.txt ./sub/b.txt');
  expect(JSON.parse(lock!.replace('lock ', ''))).toMatchObject({ buildId: buildId!.replace('build-id ', '') });
  expect(actor).toBe('actor tester|tester');
  expect(fs.existsSync(dir!)).toBe(false);
  expect(fs.existsSync(path.join(p.libRoot, 'data', 'apps', 'first', '.deploy.lock'))).toBe(false);
  expect(fs.readFileSync(path.join(p.root, 'first', 'hooks', 'pre-receive'), 'utf8')).toContain("git-hook 'first'");
  const report = await run(['git:report', 'first', '--format', 'json']);
  expect(JSON.parse(report.stdout)).toMatchObject({ 'git-deploy-branch': 'main', 'git-sha': sha });
  const clone = await execa('git', ['clone', '-q', 'ssh://berth@fake/first', path.join(p.dir, 'clone')], { env: gitEnv, reject: false });
  expect(clone.exitCode).toBe(0);
  expect(fs.readFileSync(path.join(p.dir, 'clone', 'sub', 'b.txt'), 'utf8')).toBe('b');
}, SLOW);

test('a push to another branch is refused with an explanation; git:set makes it the deploy branch', async () => {
  await git(['checkout', '-qb', 'feature']);
  const sha = await commit({ 'f.txt': 'f' }, 'feature');
  forget('first');
  const r = await push('first', 'feature');
  expect(r.exitCode).not.toBe(0);
  expect(r.all).toContain('refs/heads/feature is not the deploy branch of first (main)');
  expect(r.all).toContain("git:set first deploy-branch feature");
  expect(built('first')).toBe(false);
  expect((await run(['git:set', 'first', 'deploy-branch', 'feature'])).exitCode).toBe(0);
  expect((await push('first', 'feature')).exitCode).toBe(0);
  expect(lastBuild('first')).toContain(`|first|`);
  expect(lastBuild('first')).toContain(sha);
  expect((await run(['git:report', 'first', '--git-deploy-branch'])).stdout).toBe('feature');
  expect((await run(['git:set', 'first', 'deploy-branch', '../x'])).exitCode).toBe(1);
  expect((await run(['git:set', 'first', 'bogus', 'x'])).exitCode).toBe(1);
  expect((await run(['git:set', 'first', 'deploy-branch'])).exitCode).toBe(0);
  await git(['checkout', '-q', 'main']);
}, SLOW);

test('a failed build refuses the push, so the deployed commit stays', async () => {
  const before = (await run(['git:report', 'first', '--git-sha'])).stdout;
  await commit({ FAIL_BUILD: '' }, 'broken');
  const r = await push('first', 'main');
  expect(r.exitCode).not.toBe(0);
  expect(r.all).toContain('test builder failed on purpose');
  expect((await run(['git:report', 'first', '--git-sha'])).stdout).toBe(before);
  expect(fs.existsSync(path.join(p.libRoot, 'data', 'apps', 'first', '.deploy.lock'))).toBe(false);
  await git(['reset', '-q', '--hard', 'HEAD~1']);
}, SLOW);

test('apps:lock, or a deploy in progress, makes a push fail at once', async () => {
  await commit({ 'c.txt': 'c' }, 'three');
  expect((await run(['apps:lock', 'first'])).exitCode).toBe(0);
  forget('first');
  try {
    const locked = await push('first', 'main');
    expect(locked.exitCode).not.toBe(0);
    expect(locked.all).toMatch(/first is locked/);
    expect(locked.all).toContain('apps:unlock');
    expect(built('first')).toBe(false);
  } finally {
    expect((await run(['apps:unlock', 'first'])).exitCode).toBe(0);
  }
  // A live process holding the lock: our own pid.
  const lockFile = path.join(p.libRoot, 'data', 'apps', 'first', '.deploy.lock');
  fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
  try {
    const busy = await push('first', 'main');
    expect(busy.all).toContain('first currently has a deploy lock in place');
  } finally {
    fs.rmSync(lockFile);
  }
  expect((await push('first', 'main')).exitCode).toBe(0);
  expect(built('first')).toBe(true);
}, SLOW);

test('with no deploy branch chosen, a first push of master is taken and remembered', async () => {
  await git(['checkout', '-qb', 'master']);
  const sha = (await git(['rev-parse', 'HEAD'])).stdout.trim();
  const r = await push('legacy', 'master');
  expect(r.exitCode).toBe(0);
  expect(lastBuild('legacy')).toContain(sha);
  expect((await run(['git:report', 'legacy', '--git-deploy-branch'])).stdout).toBe('master');
  await git(['checkout', '-q', 'main']);
  expect((await push('legacy', 'main')).all).toContain('is not the deploy branch of legacy (master)');
}, SLOW);

test('a rebuild (receive-app without a rev) builds the head of the deploy branch', async () => {
  forget('first');
  const sha = (await run(['git:report', 'first', '--git-sha'])).stdout;
  const r = await run(['plugin:trigger', 'receive-app', 'first']);
  expect(r.exitCode).toBe(0);
  expect(lastBuild('first')).toContain(`|first|`);
  expect(lastBuild('first').split('\n')[0]!.endsWith(`|${sha}`)).toBe(true);
}, SLOW);

test('a renamed app keeps its repo, its git settings and a hook with its new name', async () => {
  expect((await run(['apps:rename', 'legacy', 'renamed'])).exitCode).toBe(0);
  expect(fs.readFileSync(path.join(p.root, 'renamed', 'hooks', 'pre-receive'), 'utf8')).toContain("git-hook 'renamed'");
  expect((await run(['git:report', 'renamed', '--git-deploy-branch'])).stdout).toBe('master');
  await git(['checkout', '-q', 'master']);
  await commit({ 'r.txt': 'r' }, 'renamed');
  expect((await push('renamed', 'master')).exitCode).toBe(0);
  expect(lastBuild('renamed')).toContain('|renamed|');
  await git(['checkout', '-q', 'main']);
}, SLOW);

test('git-hook refuses deleting the deploy branch and odd input; other deletions pass', async () => {
  const sha = (await run(['git:report', 'first', '--git-sha'])).stdout;
  const hook = (input: string) => run(['git-hook', 'first'], { input });
  const del = await hook(`${sha} ${ZERO} refs/heads/main\n`);
  expect(del.exitCode).toBe(1);
  expect(del.stderr).toContain('cannot be deleted');
  expect((await hook(`${sha} ${ZERO} refs/heads/old\n`)).exitCode).toBe(0);
  expect((await hook('garbage\n')).exitCode).toBe(1);
  expect((await run(['git-hook', '../x'], { input: '' })).exitCode).toBe(1);
}, SLOW);

test('bad repo names are refused before anything is created', async () => {
  for (const arg of ["'../x'", "'/Upper'", "'a b'", "'-x'"]) {
    const r = await run(['git-receive-pack', arg]);
    expect([arg, r.exitCode]).toEqual([arg, 1]);
  }
  expect((await run(['git-receive-pack', "'a'", "'b'"])).exitCode).toBe(1);
  expect((await run(['git-upload-pack', "'nope'"])).exitCode).toBe(20);
  await run(['apps:set', '--global', 'disable-autocreation', 'true']);
  try {
    const r = await push('nope', 'main');
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain('App auto-creation disabled.');
  } finally {
    await run(['apps:set', '--global', 'disable-autocreation']);
  }
  expect(fs.readdirSync(p.root).sort()).toEqual(['.ssh', '.sshcommand', 'first', 'renamed']);
}, SLOW);

test('without a build-app implementer the push fails clearly', async () => {
  fs.rmSync(path.join(p.pluginPath, 'enabled', 'git-test-builder'));
  try {
    await commit({ 'd.txt': 'd' }, 'four');
    const r = await push('first', 'main');
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain("no enabled plugin implements 'build-app'");
  } finally {
    fs.symlinkSync(path.join(p.pluginPath, 'available', 'git-test-builder'), path.join(p.pluginPath, 'enabled', 'git-test-builder'));
  }
}, SLOW);
