import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { berth, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';
import { watchArgv as watch } from '../helpers/argv-watch.js';

/**
 * Config values reach containers through the Docker API's Env, never through a process argv:
 * every process's command line is sampled from /proc for as long as a build+deploy and a
 * ps:restart run, and none may hold the value.
 */
const fixture = path.join(repoRoot, 'fixtures', 'apps', 'sample');
const app = `sec-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const secret = `argv-s3cr3t-${Math.random().toString(36).slice(2, 10)}`;
const pg = `sec-pg-${Math.random().toString(36).slice(2, 8)}`;
let p: TempPlatform;

const run = (args: string[]) => berth(p, args, { env: { BERTH_NO_DROP: '1' } });
const docker = (args: string[]) => execa('docker', args, { reject: false });

/** The argv watcher, looking for this suite's config secret unless told otherwise. */
const watchArgv = <T>(work: Promise<T>, needle: string | (() => string) = secret) => watch(work, needle);

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  // No proxy here: the nginx plugin would otherwise reload the host's nginx.
  for (const name of ['nginx', 'proxy']) fs.rmSync(path.join(p.pluginPath, 'enabled', name), { force: true });
  expect((await run(['apps:create', app])).exitCode).toBe(0);
  expect((await run(['config:set', '--no-restart', app, `GREETING=${secret}`])).exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  // The app first: destroying it unlinks the service, which can then be destroyed.
  await run(['apps:destroy', app, '--force']);
  expect((await run(['postgres:destroy', pg, '--force'])).exitCode).toBe(0);
  const left = await docker(['ps', '-aq', '--filter', `label=com.dokku.app-name=${app}`]);
  if (left.stdout.trim()) await docker(['rm', '-f', ...left.stdout.trim().split('\n')]);
  const images = await docker(['images', '-q', `berth/${app}`]);
  if (images.stdout.trim()) await docker(['rmi', '-f', ...new Set(images.stdout.trim().split('\n'))]);
  p.cleanup();
}, 120_000);

describe('config values never appear in any process argv', () => {
  test('the scanner does see a value passed in argv', async () => {
    const { leaks } = await watchArgv(execa('sh', ['-c', 'sleep 0.3', 'sh', secret]));
    expect(leaks.length).toBeGreaterThan(0);
  });

  test('during a build and deploy', async () => {
    const { result, samples, leaks } = await watchArgv(run(['builder:build', app, fixture]));
    expect(result.exitCode).toBe(0);
    expect(samples).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  }, 300_000);

  test('during ps:restart, while the value does reach the container env', async () => {
    const { result, samples, leaks } = await watchArgv(run(['ps:restart', app]));
    expect(result.exitCode).toBe(0);
    expect(samples).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
    const ids = (await docker(['ps', '-q', '--filter', `label=com.dokku.app-name=${app}`])).stdout.trim().split('\n').filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    const c = JSON.parse((await docker(['inspect', ids[0]!])).stdout)[0];
    expect(c.Config.Env).toContain(`GREETING=${secret}`);
    expect(JSON.stringify([c.Path, c.Args, c.Config.Cmd, c.Config.Entrypoint])).not.toContain(secret);
  }, 300_000);
});

/** Every file under the platform's roots whose content holds `value`. */
function filesHolding(value: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        // Postgres's own data directory belongs to the database server.
        if (!file.endsWith(path.join(pg, 'data'))) walk(file);
      } else if (e.isFile() && fs.readFileSync(file).includes(value)) found.push(file);
    }
  };
  for (const root of new Set([p.root, p.libRoot])) walk(root);
  return found;
}

describe('database passwords', () => {
  const servicePassword = () => {
    try {
      return fs.readFileSync(path.join(p.libRoot, 'services', 'postgres', pg, 'PASSWORD'), 'utf8').trim();
    } catch {
      return '';
    }
  };

  test('never appear in any argv during postgres:create, postgres:link and the redeploy it starts', async () => {
    const create = await watchArgv(run(['postgres:create', pg]), servicePassword);
    expect(create.result.exitCode).toBe(0);
    const pw = servicePassword();
    expect(pw.length).toBeGreaterThan(8);
    expect(create.leaks).toEqual([]);
    const link = await watchArgv(run(['--trace', 'postgres:link', pg, app]), pw);
    expect(link.result.exitCode).toBe(0);
    expect(link.samples).toBeGreaterThan(10);
    expect(link.leaks).toEqual([]);
    // --trace shows dispatches and their arguments, never the value.
    const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
    expect(output(link.result)).toContain('+ [');
    expect(output(link.result)).not.toContain(pw);
    expect(output(create.result)).not.toContain(pw);
    const ids = (await docker(['ps', '-q', '--filter', `label=com.dokku.app-name=${app}`])).stdout.trim().split('\n').filter(Boolean);
    const c = JSON.parse((await docker(['inspect', ids[0]!])).stdout)[0];
    expect(c.Config.Env.some((e: string) => e.startsWith('DATABASE_URL=') && e.includes(pw))).toBe(true);
  }, 300_000);

  test('the events log holds no password; every file that does is 0600 and the platform user\'s', async () => {
    const pw = servicePassword();
    const events = path.join(p.libRoot, 'logs', 'events.log');
    expect(fs.existsSync(events)).toBe(true);
    expect(fs.readFileSync(events, 'utf8')).toContain('postgres');
    const holders = filesHolding(pw);
    expect(holders).not.toContain(events);
    // The service's PASSWORD file and the app's config store, at least.
    expect(holders.length).toBeGreaterThanOrEqual(2);
    const uid = process.getuid!();
    expect(holders.map((f) => [f, (fs.statSync(f).mode & 0o777).toString(8), fs.statSync(f).uid])).toEqual(holders.map((f) => [f, '600', uid]));
  }, 60_000);
});
