import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { berth, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

// Run as root here: no drop to a platform user, and no platform user to hand the files to.
const ENV = { BERTH_NO_DROP: '1', BERTH_SYSTEM_USER: 'berth-test-no-such-user' };
// Each case starts berth processes; on a busy machine that takes a while.
const SLOW = 120_000;
const DEFAULT_OPTS = 'no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding';

let p: TempPlatform;
let keysDir: string;
const keyFile = (name: string) => path.join(keysDir, `${name}.pub`);
const keyText = (name: string) => fs.readFileSync(keyFile(name), 'utf8').trim();
const authorized = () => path.join(p.root, '.ssh', 'authorized_keys');
const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => berth(p, args, { input: o.input, env: { ...ENV, ...o.env } });

async function fingerprint(name: string): Promise<string> {
  const r = await execa('ssh-keygen', ['-l', '-f', keyFile(name)]);
  return r.stdout.split(' ')[1]!;
}

beforeAll(async () => {
  p = tempPlatform();
  const link = path.join(p.pluginPath, 'available', 'ssh-keys');
  fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', 'ssh-keys'), link);
  fs.symlinkSync(link, path.join(p.pluginPath, 'enabled', 'ssh-keys'));
  keysDir = path.join(p.dir, 'keys');
  fs.mkdirSync(keysDir);
  const comments: Record<string, string> = { alice: 'alice@laptop', bob: 'bob', carol: 'quote " and \\ in comment' };
  await Promise.all(Object.entries(comments).map(([n, c]) => execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', c, '-f', path.join(keysDir, n)])));
});

afterAll(() => p.cleanup());

beforeEach(() => fs.rmSync(path.join(p.root, '.ssh'), { recursive: true, force: true }));

test('add writes sshcommand’s line, prints the fingerprint, and sets up the entry', async () => {
  const r = await run(['ssh-keys:add', 'alice', keyFile('alice')]);
  expect(r.exitCode).toBe(0);
  const fp = await fingerprint('alice');
  expect(r.stdout).toBe(fp);
  const line = `command="FINGERPRINT=${fp} NAME=\\"alice\\" \`cat ${p.root}/.sshcommand\` $SSH_ORIGINAL_COMMAND",${DEFAULT_OPTS} ${keyText('alice')}`;
  expect(fs.readFileSync(authorized(), 'utf8')).toBe(line + '\n');
  expect(fs.statSync(authorized()).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.dirname(authorized())).mode & 0o777).toBe(0o700);
  const entry = fs.readFileSync(path.join(p.root, '.sshcommand'), 'utf8').trim();
  expect(entry).toBe(path.join(p.libRoot, 'bin', 'berth-entry'));
  expect(fs.statSync(entry).mode & 0o111).toBeTruthy();
}, SLOW);

test('the forced command runs berth with the original command split properly', async () => {
  await run(['ssh-keys:add', 'Jane Doe', keyFile('alice')]);
  const line = fs.readFileSync(authorized(), 'utf8').trim();
  const command = /^command="(.*)",\S+ /.exec(line)![1]!.replace(/\\"/g, '"');
  // What sshd does: the login shell runs the forced command with SSH_ORIGINAL_COMMAND set.
  const original = `ssh-keys:list 'Jane Doe' --format json $(touch ${p.dir}/a) \`touch ${p.dir}/b\` ; touch ${p.dir}/c`;
  const r = await execa('bash', ['-c', command], { env: { ...process.env, ...ENV, SSH_ORIGINAL_COMMAND: original }, reject: false, cwd: p.dir });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'Jane Doe', fingerprint: await fingerprint('alice') }]);
  for (const f of ['a', 'b', 'c']) expect(fs.existsSync(path.join(p.dir, f))).toBe(false);
}, SLOW);

test('the key may come from stdin with trailing newlines', async () => {
  const r = await run(['ssh-keys:add', 'bob'], { input: keyText('bob') + '\n\n\n' });
  expect(r.exitCode).toBe(0);
  expect(fs.readFileSync(authorized(), 'utf8').endsWith(`${keyText('bob')}\n`)).toBe(true);
  const dash = await run(['ssh-keys:add', 'carol', '-'], { input: keyText('carol') + '\n' });
  expect(dash.exitCode).toBe(0);
}, SLOW);

test('list in text and json, filtered by name', async () => {
  await run(['ssh-keys:add', 'alice', keyFile('alice')]);
  await run(['ssh-keys:add', 'carol', keyFile('carol')], { env: { SSHCOMMAND_ALLOWED_KEYS: 'no-pty,no-agent-forwarding' } });
  const [fa, fc] = [await fingerprint('alice'), await fingerprint('carol')];
  const text = await run(['ssh-keys:list']);
  expect(text.stdout.split('\n')).toEqual([
    `${fa} NAME="alice" SSHCOMMAND_ALLOWED_KEYS="${DEFAULT_OPTS}"`,
    `${fc} NAME="carol" SSHCOMMAND_ALLOWED_KEYS="no-pty,no-agent-forwarding"`,
  ]);
  const json = await run(['ssh-keys:list', 'carol', '--format', 'json']);
  expect(json.exitCode).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual([
    { fingerprint: fc, name: 'carol', SSHCOMMAND_ALLOWED_KEYS: 'no-pty,no-agent-forwarding', 'public-key': keyText('carol') },
  ]);
  expect(keyText('carol')).toContain('quote " and \\ in comment');
  const none = await run(['ssh-keys:list', 'nobody']);
  expect(none.exitCode).toBe(1);
  expect(none.stdout).toBe('');
  expect(JSON.parse((await run(['ssh-keys:list', 'nobody', '--format', 'json'])).stdout)).toEqual([]);
}, SLOW);

test('duplicates, bad keys and bad names are refused and leave the file unchanged', async () => {
  await run(['ssh-keys:add', 'alice', keyFile('alice')]);
  const before = fs.readFileSync(authorized(), 'utf8');
  const cases: [string[], string | undefined, RegExp][] = [
    [['ssh-keys:add', 'alice', keyFile('bob')], undefined, /Duplicate ssh key name/],
    [['ssh-keys:add', 'alice2', keyFile('alice')], undefined, /Duplicate ssh public key specified/],
    [['ssh-keys:add', 'x'], 'not a key', /Invalid ssh public key/],
    [['ssh-keys:add', 'x'], 'ssh-ed25519 AAAAnotbase64!!', /Invalid ssh public key/],
    [['ssh-keys:add', 'x'], `no-pty ${keyText('bob')}`, /Invalid ssh public key/],
    [['ssh-keys:add', 'x'], `command="sh" ${keyText('bob')}`, /Invalid ssh public key/],
    [['ssh-keys:add', 'x'], `${keyText('bob')}\n${keyText('carol')}`, /Too many keys/],
    [['ssh-keys:add', 'a"b', keyFile('bob')], undefined, /Invalid ssh key name/],
    [['ssh-keys:add', 'a/$(id)', keyFile('bob')], undefined, /Invalid ssh key name/],
    [['ssh-keys:add', 'a\nb', keyFile('bob')], undefined, /Invalid ssh key name/],
    [['ssh-keys:add', 'bob', path.join(keysDir, 'missing.pub')], undefined, /Cannot read the key file/],
  ];
  cases.push([['ssh-keys:add', 'bob', keyFile('bob')], undefined, /Invalid SSHCOMMAND_ALLOWED_KEYS/]);
  const results = await Promise.all(
    cases.map(([args, input], i) => run(args, { input, env: i === cases.length - 1 ? { SSHCOMMAND_ALLOWED_KEYS: 'no-pty, command="x"' } : {} })),
  );
  results.forEach((r, i) => {
    expect([cases[i]![0], r.exitCode]).toEqual([cases[i]![0], 1]);
    expect(r.stderr).toMatch(cases[i]![2]);
  });
  expect(fs.readFileSync(authorized(), 'utf8')).toBe(before);
}, SLOW);

test('the duplicate checks can be switched off as in sshcommand', async () => {
  await run(['ssh-keys:add', 'alice', keyFile('alice')]);
  const r = await run(['ssh-keys:add', 'alice', keyFile('bob')], { env: { SSHCOMMAND_CHECK_DUPLICATE_NAME: 'false' } });
  expect(r.exitCode).toBe(0);
}, SLOW);

test('remove by name (literally) or by fingerprint; foreign lines stay', async () => {
  fs.mkdirSync(path.dirname(authorized()), { recursive: true });
  fs.writeFileSync(authorized(), `# managed by hand\n${keyText('carol')}\n`);
  await run(['ssh-keys:add', 'al.ce', keyFile('alice')]);
  await run(['ssh-keys:add', 'bob', keyFile('bob')]);
  const unmatched = await run(['ssh-keys:remove', 'al.e']);
  expect([unmatched.exitCode, unmatched.stderr]).toEqual([0, expect.stringMatching(/No ssh key named 'al.e'/)]);
  const byName = await run(['ssh-keys:remove', 'al.ce']);
  expect(byName.exitCode).toBe(0);
  const byFp = await run(['ssh-keys:remove', '--fingerprint', await fingerprint('bob')]);
  expect(byFp.exitCode).toBe(0);
  expect(fs.readFileSync(authorized(), 'utf8')).toBe(`# managed by hand\n${keyText('carol')}\n`);
  const missing = await run(['ssh-keys:remove', 'bob']);
  expect(missing.exitCode).toBe(0);
  expect(missing.stderr).toMatch(/No ssh key named 'bob'/);
  expect((await run(['ssh-keys:remove'])).exitCode).toBe(1);
}, SLOW);

test('list NAME without a match fails silently; a damaged key file is neither listed nor extended', async () => {
  await run(['ssh-keys:add', 'alice', keyFile('alice')]);
  expect(await run(['ssh-keys:list', 'nobody'])).toMatchObject({ exitCode: 1, stdout: '', stderr: '' });
  fs.appendFileSync(authorized(), 'invalid\n');
  const before = fs.readFileSync(authorized(), 'utf8');
  const list = await run(['ssh-keys:list']);
  expect([list.exitCode, list.stderr]).toEqual([1, expect.stringMatching(/Invalid line 2 in .*authorized_keys/)]);
  expect((await run(['ssh-keys:add', 'bob', keyFile('bob')])).exitCode).toBe(1);
  expect(fs.readFileSync(authorized(), 'utf8')).toBe(before);
}, SLOW);

test('keys added through SSH are refused', async () => {
  const r = await run(['ssh-keys:add', 'mallory', keyFile('bob')], { env: { FINGERPRINT: 'SHA256:x' } });
  if (process.getuid?.() === 0) expect(r.exitCode).toBe(0);
  else expect(r.stderr).toMatch(/must be run as root/);
}, SLOW);
