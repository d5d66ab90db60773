import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { appRepo, berth, gitPush, ssh, state, uniqueApp } from './harness.js';

/** Three keys over real SSH: the harness's admin, alice with app A, bob with app B. */
const ALICE = 'acl-alice';
const BOB = 'acl-bob';
const A = uniqueApp('acla');
const B = uniqueApp('aclb');
const owner: Record<string, string> = { [A]: ALICE, [B]: BOB };

/** App-scoped commands, read and write; every one takes the app first, as users type them. */
const APP_COMMANDS: ((app: string, user: string) => string[])[] = [
  (a) => ['apps:report', a],
  (a) => ['apps:exists', a],
  (a) => ['apps:locked', a],
  (a) => ['config', a],
  (a) => ['config:get', a, 'SHARED'],
  (a) => ['config:keys', a],
  (a, u) => ['config:set', '--no-restart', a, `BY_${u.replace(/-/g, '_').toUpperCase()}=1`],
  (a) => ['config:unset', '--no-restart', a, 'NOT_SET'],
  (a) => ['domains:report', a],
  (a, u) => ['domains:add', a, `${u}.${a}.berth.test`],
  (a) => ['ports:list', a],
  (a) => ['ports:report', a],
  (a) => ['ps:report', a],
  (a) => ['ps:scale', a],
  (a) => ['logs', a, '-n', '1'],
  (a) => ['url', a],
  (a) => ['urls', a],
  (a) => ['proxy:report', a],
  (a) => ['git:report', a],
  (a) => ['git:set', a, 'deploy-branch', 'main'],
  (a) => ['builder:report', a],
  (a) => ['nginx:report', a],
  (a) => ['buildpacks:list', a],
];

/** Global commands users may not run (never run as admin: some would change the host). */
const USER_DENIED_GLOBAL: string[][] = [
  ['ssh-keys:list'],
  ['ssh-keys:add', 'x-key'],
  ['ssh-keys:remove', 'admin'],
  ['acl:add', A, BOB],
  ['acl:set', '--global', 'admins', ALICE],
  ['acl:report'],
  ['acl:list', A],
  ['plugin:disable', 'acl'],
  ['plugin:install', 'https://example.invalid/p.git'],
  ['plugin:uninstall', 'acl'],
  ['stack:build'],
  ['apps:create', 'acl-new-app'],
  ['apps:rename', A, 'acl-renamed'],
  ['config', '--global'],
  ['events'],
  ['ps:restore'],
];

type Result = { exitCode?: number; stdout: string; stderr: string; all?: string };

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

const denialOf = (r: Result) => /may not run/.test(r.stderr) || /Access denied/.test(r.stderr);

describe('acl over real SSH', () => {
  let previousAdmins = '';
  let repo: string;
  const problems: string[] = [];
  let cases = 0;

  beforeAll(async () => {
    const s = state();
    for (const name of [ALICE, BOB]) {
      fs.rmSync(path.join(s.keys, name), { force: true });
      fs.rmSync(path.join(s.keys, `${name}.pub`), { force: true });
      await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path.join(s.keys, name)]);
      const added = await berth(['ssh-keys:add', name, path.join(s.keys, `${name}.pub`)]);
      expect(added.exitCode).toBe(0);
    }
    previousAdmins = String(JSON.parse((await berth(['acl:report', '--format', 'json'])).stdout)['acl-admins'] ?? '');
    for (const args of [['apps:create', A], ['apps:create', B], ['acl:add', A, ALICE], ['acl:add', B, BOB], ['config:set', '--no-restart', A, 'SHARED=a'], ['config:set', '--no-restart', B, 'SHARED=b']]) {
      const r = await berth(args);
      expect(`${args.join(' ')}: ${r.exitCode}`).toBe(`${args.join(' ')}: 0`);
    }
    expect((await berth(['acl:set', '--global', 'admins', 'admin'])).exitCode).toBe(0);
    repo = await appRepo('sample');
  }, 120_000);

  afterAll(async () => {
    await berth(['acl:set', '--global', 'admins', previousAdmins]);
    for (const app of [A, B]) await berth(['apps:destroy', app, '--force']);
    for (const name of [ALICE, BOB]) {
      await berth(['ssh-keys:remove', name]);
      for (const f of [name, `${name}.pub`]) fs.rmSync(path.join(state().keys, f), { force: true });
    }
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  }, 120_000);

  test('matrix: app-scoped commands x users x apps, plus global commands', async () => {
    // the admin's run of each app command is the reference exit code for a granted user
    const adminCases = [A, B].flatMap((app) => APP_COMMANDS.map((cmd) => ({ app, args: cmd(app, 'admin') })));
    const reference = new Map<string, number>();
    await pool(adminCases, 4, async ({ app, args }) => {
      const r = await ssh(args);
      cases++;
      reference.set(`${app} ${args[0]}`, r.exitCode ?? -1);
      const expected = args[0] === 'logs' || args[0] === 'apps:locked' ? 1 : 0;
      if (r.exitCode !== expected || denialOf(r)) problems.push(`admin ${args.join(' ')}: exit ${r.exitCode} ${r.stderr}`);
    });

    const userCases = [ALICE, BOB].flatMap((user) => [A, B].flatMap((app) => APP_COMMANDS.map((cmd) => ({ user, app, args: cmd(app, user) }))));
    await pool(userCases, 4, async ({ user, app, args }) => {
      const r = await ssh(args, { key: user });
      cases++;
      const label = `${user} ${args.join(' ')}`;
      if (owner[app] === user) {
        if (denialOf(r) || r.exitCode !== reference.get(`${app} ${args[0]}`)) problems.push(`${label}: granted but exit ${r.exitCode} ${r.stderr}`);
      } else {
        const message = ` !     ${user} may not run ${args[0]} on ${app} (no grant)`;
        if (r.exitCode !== 1 || !r.stderr.includes(message) || !r.stderr.includes('Access denied') || r.stdout !== '')
          problems.push(`${label}: cross-app attempt not denied (exit ${r.exitCode}) ${r.stderr}`);
      }
    });

    const globalCases = [ALICE, BOB].flatMap((user) => USER_DENIED_GLOBAL.map((args) => ({ user, args })));
    await pool(globalCases, 4, async ({ user, args }) => {
      const r = await ssh(args, { key: user });
      cases++;
      if (r.exitCode !== 1 || !r.stderr.includes(`${user} may not run ${args[0]}`)) problems.push(`${user} ${args.join(' ')}: not denied (exit ${r.exitCode}) ${r.stderr}`);
    });

    const allowed: [string, string[], (r: Result) => boolean][] = [
      [ALICE, ['apps:list'], (r) => r.stdout.split('\n').includes(A) && !r.stdout.includes(B)],
      [BOB, ['apps:list'], (r) => r.stdout.split('\n').includes(B) && !r.stdout.includes(A)],
      [ALICE, ['apps:list', '--format', 'json'], (r) => JSON.stringify(JSON.parse(r.stdout)) === JSON.stringify([A])],
      [ALICE, ['apps:report', '--format', 'json'], (r) => !r.stdout.includes(B) && A in JSON.parse(r.stdout)],
      [BOB, ['domains:report'], (r) => r.stdout.includes(B) && !r.stdout.includes(A)],
      [ALICE, ['help'], (r) => r.exitCode === 0],
      [BOB, ['version'], (r) => r.stdout.startsWith('berth ')],
      ['admin', ['apps:list'], (r) => r.stdout.split('\n').includes(A) && r.stdout.split('\n').includes(B)],
      ['admin', ['ssh-keys:list'], (r) => r.stdout.includes(`NAME="${ALICE}"`)],
      ['admin', ['acl:list', A, '--format', 'json'], (r) => JSON.stringify(JSON.parse(r.stdout)) === JSON.stringify([ALICE])],
      ['admin', ['acl:report'], (r) => r.stdout.includes('Acl admins:') && r.exitCode === 0],
      ['admin', ['config', '--global'], (r) => r.exitCode === 0],
    ];
    await pool(allowed, 4, async ([user, args, ok]) => {
      const r = await ssh(args, { key: user });
      cases++;
      if (r.exitCode !== 0 || denialOf(r) || !ok(r)) problems.push(`${user} ${args.join(' ')}: expected allowed (exit ${r.exitCode}) ${r.stdout} ${r.stderr}`);
    });

    expect(problems).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(100);
  }, 900_000);

  test('apps:lock and apps:unlock: the owner may, the other user may not', async () => {
    expect((await ssh(['apps:lock', A], { key: ALICE })).exitCode).toBe(0);
    const denied = await ssh(['apps:unlock', A], { key: BOB });
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain(`${BOB} may not run apps:unlock on ${A} (no grant)`);
    expect((await ssh(['apps:locked', A], { key: ALICE })).exitCode).toBe(0);
    expect((await ssh(['apps:unlock', A], { key: ALICE })).exitCode).toBe(0);
  }, 120_000);

  test('git: bob may not push to or fetch app A, alice may not create an app by pushing; bob reaches his own repo', async () => {
    const push = await gitPush(repo, A, { key: BOB });
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain(`${BOB} may not run git-receive-pack on ${A} (no grant)`);
    const create = await gitPush(repo, uniqueApp('aclnew'), { key: ALICE });
    expect(create.exitCode).not.toBe(0);
    expect(create.all).toContain('only admins create apps');
    const s = state();
    const fetch = await execa('git', ['ls-remote', `ssh://${s.user}@127.0.0.1:${s.sshPort}/${A}`], {
      env: { ...process.env, GIT_SSH_COMMAND: `ssh -i ${path.join(s.keys, BOB)} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes` },
      reject: false,
      all: true,
    });
    expect(fetch.exitCode).not.toBe(0);
    expect(fetch.all).toContain(`${BOB} may not run git-upload-pack on ${A} (no grant)`);
    // bob's own app: the push passes the gate and reaches the repo's hook (which keeps non-deploy branches out)
    const own = await gitPush(repo, B, { key: BOB, ref: 'HEAD:refs/heads/feature' });
    expect(own.all).not.toContain('may not run');
    expect(own.all).toContain('is not the deploy branch');
  }, 180_000);

  test('denials are in the event log with the key name and fingerprint', async () => {
    const r = await berth(['events', '-n', '5000', '--format', 'json']);
    const events = JSON.parse(r.stdout) as { trigger: string; exit: number; args: string[]; actor: { name: string; fingerprint: string } }[];
    const denied = events.filter((e) => e.trigger === 'user-auth' && e.exit !== 0);
    for (const user of [ALICE, BOB]) {
      const mine = denied.filter((e) => e.actor.name === user);
      expect(mine.length).toBeGreaterThan(10);
      expect(mine.every((e) => /^SHA256:/.test(e.actor.fingerprint))).toBe(true);
    }
    const push = denied.find((e) => e.actor.name === BOB && e.args.includes('git-receive-pack'));
    expect(push?.args.some((a) => a.includes(A))).toBe(true);
  }, 60_000);
});
