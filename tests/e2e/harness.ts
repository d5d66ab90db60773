import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execa } from 'execa';

export interface E2EState {
  dir: string;
  root: string;
  libRoot: string;
  env: Record<string, string>;
  httpPort: number;
  sshPort: number;
  keys: string;
  user: string;
  domain: string;
}

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const berthBin = path.join(repoRoot, 'bin', 'berth');

export function state(): E2EState {
  const file = process.env.BERTH_E2E_STATE;
  if (!file) throw new Error('BERTH_E2E_STATE is not set: run e2e tests through jest (the e2e project\'s globalSetup starts the platform)');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as E2EState;
}

export function uniqueApp(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** berth run locally by root, as an admin would with sudo. */
export function berth(args: string[], o: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const s = state();
  return execa(berthBin, args, { env: { ...process.env, ...s.env, ...o.env }, input: o.input ?? '', reject: false, all: true, cwd: o.cwd });
}

function sshCommand(key: string): string {
  return `ssh -i ${key} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes`;
}

const shellQuote = (a: string) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * A command over real SSH, as a user's `alias berth='ssh berth@host --'`. ssh joins its arguments
 * with spaces, so each is quoted for the remote splitter unless `raw` asks to send them as typed.
 */
export function ssh(args: string[], o: { key?: string; input?: string; tty?: boolean; raw?: boolean } = {}) {
  const s = state();
  const key = path.join(s.keys, o.key ?? 'admin');
  const flags = sshCommand(key).split(' ').slice(1);
  return execa('ssh', [...flags, ...(o.tty ? ['-tt'] : []), '-p', String(s.sshPort), `${s.user}@127.0.0.1`, '--', ...(o.raw ? args : args.map(shellQuote))], {
    input: o.input ?? '',
    reject: false,
    all: true,
  });
}

/** A working copy of a fixture app, committed, ready to push. */
export async function appRepo(fixture: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-app-'));
  await initAppRepo(dir, fixture);
  return dir;
}

/**
 * The usual frame of a suite: a fresh git repo of a fixture app before its tests, the app destroyed and
 * the repo removed after them. The repo path is known at once; it is filled in by beforeAll.
 */
export function appFixture(prefix: string, fixture: string): { app: string; repo: string } {
  const app = uniqueApp(prefix);
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-app-'));
  beforeAll(() => initAppRepo(repo, fixture), 60_000);
  afterAll(async () => {
    await berth(['apps:destroy', app, '--force']);
    fs.rmSync(repo, { recursive: true, force: true });
  }, 120_000);
  return { app, repo };
}

async function initAppRepo(dir: string, fixture: string): Promise<void> {
  fs.cpSync(path.join(repoRoot, 'fixtures', 'apps', fixture), dir, { recursive: true });
  const git = (args: string[]) => execa('git', args, { cwd: dir });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'initial']);
}

export async function commitAll(dir: string, message: string): Promise<void> {
  await execa('git', ['add', '-A'], { cwd: dir });
  await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message], { cwd: dir });
}

/** A real `git push` over real SSH. */
export function gitPush(dir: string, app: string, o: { key?: string; ref?: string } = {}) {
  const s = state();
  const remote = `ssh://${s.user}@127.0.0.1:${s.sshPort}/${app}`;
  return execa('git', ['push', remote, o.ref ?? 'HEAD:main'], {
    cwd: dir,
    env: { ...process.env, GIT_SSH_COMMAND: sshCommand(path.join(s.keys, o.key ?? 'admin')) },
    reject: false,
    all: true,
  });
}

/** A request through the platform's nginx with the app's Host header. */
export function request(host: string, pathname = '/'): Promise<{ status: number; body: string }> {
  const s = state();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.httpPort, path: pathname, headers: { Host: host }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('request timed out')));
    req.end();
  });
}

export function appHost(app: string): string {
  return `${app}.${state().domain}`;
}

export async function docker(args: string[]) {
  return execa('docker', args, { reject: false });
}

export { freePort } from '../helpers/ports.js';
