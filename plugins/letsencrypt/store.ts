import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GLOBAL, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

/**
 * Layout under the plugin's data dir: `--global/accounts/<id>/account.key` (one ACME account per server
 * and email), `APP/challenge/` (HTTP-01 tokens the proxy serves, world-readable as they are public),
 * `APP/certs/<config hash>/{fullchain.pem,key.pem}` (0700 dirs, 0600 files).
 */
export const appData = (ctx: PluginContext, app: string) => path.join(ctx.paths.data, app);
export const challengeDir = (ctx: PluginContext, app: string) => path.join(appData(ctx, app), 'challenge');
export const certsDir = (ctx: PluginContext, app: string) => path.join(appData(ctx, app), 'certs');

export function certPaths(ctx: PluginContext, app: string, hash: string): { dir: string; crt: string; key: string } {
  const dir = path.join(certsDir(ctx, app), hash);
  return { dir, crt: path.join(dir, 'fullchain.pem'), key: path.join(dir, 'key.pem') };
}

function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** The hash names what a certificate was asked for: a change of server, email or domains means a new request. */
export function configHash(server: string, email: string, domains: string[]): string {
  return crypto.createHash('sha256').update([server, email, ...[...domains].sort()].join('\0')).digest('hex').slice(0, 16);
}

export function writeCert(ctx: PluginContext, app: string, hash: string, crt: string, key: Buffer | string): { crt: string; key: string } {
  const p = certPaths(ctx, app, hash);
  privateDir(p.dir);
  writeFileAtomic(p.key, key, 0o600);
  writeFileAtomic(p.crt, crt, 0o600);
  return p;
}

export function readCurrent(ctx: PluginContext, app: string): { hash: string; crt: string; key: string; pem: string } | undefined {
  const hash = ctx.props.get(app, 'current');
  if (!hash || !/^[0-9a-f]{16}$/.test(hash)) return undefined;
  const p = certPaths(ctx, app, hash);
  try {
    return { hash, crt: p.crt, key: p.key, pem: fs.readFileSync(p.crt, 'utf8') };
  } catch {
    return undefined;
  }
}

/** Challenge files are written atomically so the ACME server never reads half a token. */
export function ensureChallengeDir(ctx: PluginContext, app: string): boolean {
  const dir = challengeDir(ctx, app);
  const existed = fs.existsSync(dir);
  fs.mkdirSync(ctx.paths.data, { recursive: true, mode: 0o755 });
  for (const d of [appData(ctx, app), dir]) {
    fs.mkdirSync(d, { recursive: true, mode: 0o755 });
    fs.chmodSync(d, 0o755);
  }
  return !existed;
}

const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export function writeToken(ctx: PluginContext, app: string, token: string, content: string): void {
  if (!TOKEN.test(token)) throw new Error(`The ACME server sent an invalid challenge token '${token.slice(0, 40)}'`);
  const file = path.join(challengeDir(ctx, app), token);
  writeFileAtomic(file, content, 0o644);
  fs.chmodSync(file, 0o644);
}

export function removeToken(ctx: PluginContext, app: string, token: string): void {
  if (TOKEN.test(token)) fs.rmSync(path.join(challengeDir(ctx, app), token), { force: true });
}

/** The account key of (server, email), created 0600 on first use. */
export async function accountKey(ctx: PluginContext, server: string, email: string, create: () => Promise<Buffer>): Promise<Buffer> {
  const id = crypto.createHash('sha256').update(`${server}\0${email}`).digest('hex').slice(0, 16);
  const dir = path.join(ctx.paths.data, GLOBAL, 'accounts', id);
  const file = path.join(dir, 'account.key');
  if (fs.existsSync(file)) return fs.readFileSync(file);
  privateDir(path.dirname(dir));
  privateDir(dir);
  const key = await create();
  writeFileAtomic(file, key, 0o600);
  writeFileAtomic(path.join(dir, 'account.json'), JSON.stringify({ server, email }) + '\n', 0o600);
  return key;
}

/** Every certificate dir of the app but the current one. */
export function staleCertDirs(ctx: PluginContext, app: string): string[] {
  const current = ctx.props.get(app, 'current');
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(certsDir(ctx, app));
  } catch {
    return [];
  }
  return entries.filter((e) => e !== current).map((e) => path.join(certsDir(ctx, app), e));
}
