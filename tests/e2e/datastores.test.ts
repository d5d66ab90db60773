import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { appHost, appRepo, berth, berthBin, commitAll, docker, gitPush, request, ssh, state, uniqueApp } from './harness.js';

/**
 * Postgres and Redis services against real Docker: a pushed app reaches them by DNS alias on the
 * service networks, data survives redeploys and container restarts, and export/import round-trips.
 */
const app = uniqueApp('dbc');
const pg = `pg-${Math.random().toString(36).slice(2, 8)}`;
const rd = `rd-${Math.random().toString(36).slice(2, 8)}`;
let work: string;
let repo: string;
const extraApps: string[] = [];

const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const servicesDir = (type: string, name = '') => path.join(state().libRoot, 'services', type, name);

/** berth with stdout or stdin bound to a file: dumps are binary. */
function berthFile(args: string[], o: { stdout?: string; stdin?: string }) {
  return execa(berthBin, args, {
    env: { ...process.env, ...state().env },
    reject: false,
    stdout: o.stdout ? { file: o.stdout } : 'pipe',
    stdin: o.stdin ? { file: o.stdin } : 'ignore',
  });
}

async function ok(args: string[]) {
  const r = await berth(args);
  if (r.exitCode !== 0) throw new Error(`berth ${args.join(' ')} failed (${r.exitCode}):\n${r.all}`);
  return r;
}

async function push() {
  const r = await gitPush(repo, app);
  if (r.exitCode !== 0) throw new Error(`git push failed (${r.exitCode}):\n${r.all}`);
}

/** The counter the app returns for a route (the body must be a number). */
async function hit(route: string): Promise<number> {
  const r = await request(appHost(app), route);
  if (r.status !== 200 || !/^\d+\n$/.test(r.body)) throw new Error(`GET ${route}: ${r.status} ${r.body}`);
  return Number(r.body);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ds-'));
  repo = await appRepo('db-counter');
  await ok(['apps:create', app]);
}, 60_000);

afterAll(async () => {
  for (const [type, name] of [['postgres', pg], ['redis', rd]]) {
    await berth([`${type}:unlink`, name, app, '--no-restart']);
    await berth([`${type}:destroy`, name, '--force']);
    await docker(['rm', '-f', `berth.${type}.${name}`]);
    await docker(['network', 'rm', `berth-${type}-${name}`]);
  }
  for (const a of [app, ...extraApps]) await berth(['apps:destroy', a, '--force']);
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
}, 180_000);

describe('postgres', () => {
  test('create, link, deploy: the count grows; redeploy and container restarts lose nothing', async () => {
    const t0 = performance.now();
    const c = await ok(['postgres:create', pg]);
    console.log(`postgres:create until accepting connections: ${secs(t0)}s`);
    expect(c.stdout).toContain(`=====> Postgres container created: ${pg}`);
    const pw = fs.readFileSync(path.join(servicesDir('postgres', pg), 'PASSWORD'), 'utf8').trim();
    expect(fs.statSync(path.join(servicesDir('postgres', pg), 'PASSWORD')).mode & 0o777).toBe(0o600);
    expect(c.all).not.toContain(pw);
    const inspect = JSON.parse((await docker(['inspect', `berth.postgres.${pg}`])).stdout)[0];
    expect(inspect.Config.Labels).toMatchObject({ berth: 'service', 'berth.service': 'postgres' });
    expect(inspect.HostConfig.RestartPolicy.Name).toBe('always');
    expect(inspect.Args.join(' ')).not.toContain(pw);

    const l = await ok(['--trace', 'postgres:link', pg, app]);
    expect(l.stdout).toContain(`-----> Linking ${pg} to ${app}: setting DATABASE_URL`);
    expect(l.all).not.toContain(pw); // config-set's echo of the value is dropped, --trace shows no value
    expect(l.stdout).not.toContain('Setting config vars');
    expect((await ok(['config:get', app, 'DATABASE_URL'])).stdout).toBe(`postgres://postgres:${pw}@berth-postgres-${pg}:5432/${pg.replace(/-/g, '_')}`);
    expect((await berth(['postgres:linked', pg, app])).exitCode).toBe(0);
    expect((await ok(['postgres:app-links', app])).stdout).toBe(pg);
    expect((await ok(['postgres:links', pg])).stdout).toBe(app);
    const info = async (flag: string) => (await ok(['postgres:info', pg, flag])).stdout;
    expect(await info('--dsn')).toBe((await ok(['config:get', app, 'DATABASE_URL'])).stdout);
    expect(await info('--data-dir')).toBe(path.join(servicesDir('postgres', pg), 'data'));
    expect(JSON.parse(await info('--format=json'))).toMatchObject({ status: 'running', links: app, version: 'berth/postgres:15', network: `berth-postgres-${pg}` });
    expect(JSON.parse((await ok(['postgres:list', '--format', 'json'])).stdout)).toEqual([{ name: pg, version: 'berth/postgres:15', status: 'running', links: [app] }]);

    await push();
    expect([await hit('/pg'), await hit('/pg'), await hit('/pg')]).toEqual([1, 2, 3]);

    fs.writeFileSync(path.join(repo, 'CHANGED'), 'x\n');
    await commitAll(repo, 'redeploy');
    await push();
    expect(await hit('/pg')).toBe(4);

    const r0 = performance.now();
    await ok(['postgres:restart', pg]);
    console.log(`postgres:restart until accepting connections: ${secs(r0)}s`);
    expect(await hit('/pg')).toBe(5);
    // a restart behind berth's back (the daemon, a reboot): same data, same alias
    expect((await docker(['restart', `berth.postgres.${pg}`])).exitCode).toBe(0);
    await ok(['postgres:start', pg]); // waits until it accepts connections again
    expect(await hit('/pg')).toBe(6);

    // a service stopped by hand (or left down by a reboot) comes back with the linked app's ps:restore
    await ok(['postgres:stop', pg]);
    expect((await ok(['postgres:info', pg, '--status'])).stdout).toBe('exited');
    const s0 = performance.now();
    await ok(['ps:restore']);
    console.log(`ps:restore with a stopped linked service: ${secs(s0)}s`);
    expect((await ok(['postgres:info', pg, '--status'])).stdout).toBe('running');
    expect(await hit('/pg')).toBe(7);
  }, 900_000);

  test('bad input changes nothing', async () => {
    const bad = await berth(['postgres:create', 'no/good']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toContain("Invalid service name 'no/good'");
    expect(fs.readdirSync(servicesDir('postgres'))).toEqual([pg]);
    const version = await berth(['postgres:create', `${pg}x`, '--image-version', '9']);
    expect(version.exitCode).not.toBe(0);
    expect(version.all).toContain("Unsupported postgres version '9'");
    expect(fs.readdirSync(servicesDir('postgres'))).toEqual([pg]);

    const missing = await berth(['postgres:link', 'nope', app]);
    expect(missing.exitCode).not.toBe(0);
    expect(missing.all).toContain('Postgres service nope does not exist');

    const noApp = await berth(['postgres:link', pg, 'no-such-app']);
    expect(noApp.exitCode).toBe(20);

    const again = await berth(['postgres:link', pg, app]);
    expect(again.exitCode).not.toBe(0);
    expect(again.all).toContain('Already linked as DATABASE_URL');

    const linked = await berth(['postgres:destroy', pg, '--force']);
    expect(linked.exitCode).not.toBe(0);
    expect(linked.all).toContain('Cannot delete linked service');
    expect((await ok(['postgres:info', pg, '--status'])).stdout).toBe('running');
    expect(await hit('/pg')).toBe(8);
  }, 120_000);

  test('links follow apps:rename and apps:clone, apps:destroy unlinks; --alias', async () => {
    const [a, b, c] = [uniqueApp('dbr'), uniqueApp('dbr'), uniqueApp('dbr')];
    extraApps.push(a, b, c);
    const pw = fs.readFileSync(path.join(servicesDir('postgres', pg), 'PASSWORD'), 'utf8').trim();
    await ok(['apps:create', a]);
    const l = await ok(['postgres:link', pg, a, '--alias', 'reporting', '--no-restart']);
    expect(l.all).not.toContain(pw);
    expect((await berth(['config:get', a, 'DATABASE_URL'])).exitCode).toBe(1);
    const dsn = (await ok(['config:get', a, 'REPORTING_URL'])).stdout;
    expect(dsn).toContain(`@berth-postgres-${pg}:5432/`);

    await ok(['apps:rename', a, b]);
    expect((await ok(['postgres:links', pg])).stdout.split('\n').sort()).toEqual([app, b].sort());
    expect((await ok(['postgres:app-links', b])).stdout).toBe(pg);
    expect((await ok(['config:get', b, 'REPORTING_URL'])).stdout).toBe(dsn);

    // like Dokku's datastores: the clone carries the URL in its config and is linked too
    await ok(['apps:clone', b, c]);
    expect((await berth(['postgres:linked', pg, c])).exitCode).toBe(0);
    expect((await ok(['postgres:links', pg])).stdout.split('\n').sort()).toEqual([app, b, c].sort());

    await ok(['apps:destroy', c, '--force']);
    await ok(['apps:destroy', b, '--force']);
    expect((await ok(['postgres:links', pg])).stdout).toBe(app);
  }, 120_000);

  test('connect (piped and as a tty over SSH), logs, backup; the password is never logged', async () => {
    const pw = fs.readFileSync(path.join(servicesDir('postgres', pg), 'PASSWORD'), 'utf8').trim();
    const piped = await berth(['postgres:connect', pg], { input: 'SELECT 6 * 7 AS answer;\n' });
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toMatch(/answer\s*\n-+\s*\n\s*42\s*\n/);
    const tty = await ssh(['postgres:connect', pg], { tty: true, input: "\\pset pager off\nSELECT 'tty' || 'ok' AS t;\n\\q\n" });
    expect(tty.exitCode).toBe(0);
    expect(tty.all).toContain('ttyok');
    expect(tty.all).toMatch(/=#/); // psql's interactive prompt: it saw a terminal

    const logs = await ok(['postgres:logs', pg, '-n', '5']);
    expect(logs.all.trim().split('\n').length).toBeLessThanOrEqual(5);
    expect(logs.all).toMatch(/\S/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ds-backup-'));
    fs.chmodSync(dir, 0o777); // written by the platform user
    try {
      const b = await ok(['postgres:backup', pg, dir]);
      const [file] = fs.readdirSync(dir);
      expect(file).toMatch(new RegExp(`^postgres-${pg}-.*\\.dump$`));
      expect(b.stdout).toContain(path.join(dir, file!));
      expect(fs.statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(dir, file!)).subarray(0, 5).toString()).toBe('PGDMP');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    expect(fs.readFileSync(path.join(state().libRoot, 'logs', 'events.log'), 'utf8')).not.toContain(pw);
  }, 120_000);

  test('export, destroy, create, import: the rows are back', async () => {
    const dump = path.join(work, 'pg.dump');
    const e0 = performance.now();
    const exp = await berthFile(['postgres:export', pg], { stdout: dump });
    expect(exp.exitCode).toBe(0);
    console.log(`postgres:export: ${secs(e0)}s, ${fs.statSync(dump).size} bytes`);
    expect(fs.readFileSync(dump).subarray(0, 5).toString()).toBe('PGDMP');

    await ok(['postgres:unlink', pg, app, '--no-restart']);
    expect((await berth(['config:get', app, 'DATABASE_URL'])).exitCode).toBe(1);
    const typo = await berth(['postgres:destroy', pg], { input: 'nope\n' });
    expect(typo.exitCode).not.toBe(0);
    expect(typo.all).toContain(`Confirmation did not match ${pg}`);
    expect((await ok(['postgres:info', pg, '--status'])).stdout).toBe('running');
    await ok(['postgres:destroy', pg, '--force']);
    expect(fs.existsSync(servicesDir('postgres', pg))).toBe(false);
    expect((await docker(['inspect', `berth.postgres.${pg}`])).exitCode).not.toBe(0);

    await ok(['postgres:create', pg]);
    const i0 = performance.now();
    const imp = await berthFile(['postgres:import', pg], { stdin: dump });
    expect(imp.exitCode).toBe(0);
    console.log(`postgres:import: ${secs(i0)}s`);
    await ok(['postgres:link', pg, app]); // the app is deployed: this restarts it with the new URL
    expect(await hit('/pg')).toBe(9);
  }, 600_000);
});

describe('redis', () => {
  test('create, link, count; restart; export, destroy, create, import', async () => {
    const t0 = performance.now();
    await ok(['redis:create', rd]);
    console.log(`redis:create until accepting connections: ${secs(t0)}s`);
    const pw = fs.readFileSync(path.join(servicesDir('redis', rd), 'PASSWORD'), 'utf8').trim();
    const conf = path.join(servicesDir('redis', rd), 'config', 'redis.conf');
    expect(fs.statSync(conf).mode & 0o777).toBe(0o600);
    const inspect = JSON.parse((await docker(['inspect', `berth.redis.${rd}`])).stdout)[0];
    expect(JSON.stringify([inspect.Args, inspect.Config.Env, inspect.Config.Cmd])).not.toContain(pw);

    const l = await ok(['--trace', 'redis:link', rd, app]); // restarts the deployed app: the deploy path under --trace too
    expect(l.stdout).toContain(`-----> Linking ${rd} to ${app}: setting REDIS_URL`);
    expect(l.all).not.toContain(pw);
    expect((await ok(['config:get', app, 'REDIS_URL'])).stdout).toBe(`redis://default:${pw}@berth-redis-${rd}:6379`);
    expect([await hit('/redis'), await hit('/redis')]).toEqual([1, 2]);
    const cli = await berth(['redis:connect', rd], { input: 'GET hits\n' });
    expect([cli.exitCode, cli.stdout.trim()]).toEqual([0, '2']);
    expect(await hit('/pg')).toBe(10); // the postgres link survived the restart the redis link caused

    expect((await docker(['restart', `berth.redis.${rd}`])).exitCode).toBe(0);
    await ok(['redis:start', rd]);
    expect(await hit('/redis')).toBe(3);

    const dump = path.join(work, 'redis.rdb');
    expect((await berthFile(['redis:export', rd], { stdout: dump })).exitCode).toBe(0);
    expect(fs.readFileSync(dump).subarray(0, 5).toString()).toBe('REDIS');

    const junk = path.join(work, 'junk');
    fs.writeFileSync(junk, 'not a dump\n');
    const bad = await berthFile(['redis:import', rd], { stdin: junk });
    expect(bad.exitCode).not.toBe(0);
    expect(await hit('/redis')).toBe(4);

    await ok(['redis:unlink', rd, app, '--no-restart']);
    await ok(['redis:destroy', rd, '--force']);
    await ok(['redis:create', rd]);
    expect((await berthFile(['redis:import', rd], { stdin: dump })).exitCode).toBe(0);
    await ok(['redis:link', rd, app]);
    expect(await hit('/redis')).toBe(4);
  }, 900_000);
});
