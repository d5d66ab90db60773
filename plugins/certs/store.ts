import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEnd, errors, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { assertPair } from './openssl.js';

export function tlsDir(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app, 'tls');
}

export function certFiles(ctx: PluginContext, app: string): { crt: string; key: string } {
  const dir = tlsDir(ctx, app);
  return { crt: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
}

export function hasCert(ctx: PluginContext, app: string): boolean {
  const { crt, key } = certFiles(ctx, app);
  return fs.existsSync(crt) && fs.existsSync(key);
}

/** A private (0700) scratch dir, removed whatever happens in `work`. */
export async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-certs-'));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Entry names as tar lists them (`./x` counts as `x`); anything but a plain top-level name is refused. */
function checkEntries(listing: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of listing.split('\n')) {
    const n = entry.replace(/^\.\//, '');
    if (n === '' || n === '.' || entry === './') continue;
    if (n.includes('/') || n === '..' || n.startsWith('-')) throw errors.invalidValue(`Refusing tar entry '${entry}': only plain file names are allowed`);
    names.set(n, entry);
  }
  return names;
}

/** The one .crt and one .key of a tar given on stdin, extracted into `dir`. */
export async function extractTar(tar: Buffer, dir: string): Promise<{ crt: string; key: string }> {
  const { execa } = await import('execa');
  if (!tar.length) throw errors.usage('Please specify CRT and KEY files, or pipe a tar containing one .crt and one .key file on stdin');
  const list = await execa('tar', ['-tf', '-'], { input: tar, reject: false, encoding: 'utf8' });
  if (list.exitCode !== 0) throw errors.invalidValue('The input on stdin is not a tar archive');
  const names = checkEntries(list.stdout);
  const pick = (ext: string) => {
    const found = [...names.keys()].filter((n) => n.endsWith(ext));
    if (found.length !== 1) throw errors.invalidValue(`The tar must contain exactly one ${ext} file (found ${found.length})`);
    return found[0]!;
  };
  const [crt, key] = [pick('.crt'), pick('.key')];
  const out = path.join(dir, 'tar');
  fs.mkdirSync(out, { mode: 0o700 });
  const members = [names.get(crt)!, names.get(key)!];
  const x = await execa('tar', ['-xf', '-', '-C', out, '--no-same-owner', '--no-same-permissions', '--', ...members], { input: tar, reject: false });
  if (x.exitCode !== 0) throw errors.invalidValue(`The tar could not be extracted: ${x.stderr.trim() || describeEnd('tar', x)}`);
  for (const f of [crt, key]) if (!fs.lstatSync(path.join(out, f), { throwIfNoEntry: false })?.isFile()) throw errors.invalidValue(`Tar entry '${f}' is not a regular file`);
  return { crt: path.join(out, crt), key: path.join(out, key) };
}

/** Validate, then write both files atomically with mode 0600; invalid input leaves the old pair in place. */
export async function install(ctx: PluginContext, app: string, src: { crt: string; key: string }): Promise<void> {
  await assertPair(src.crt, src.key);
  const dest = certFiles(ctx, app);
  fs.mkdirSync(tlsDir(ctx, app), { recursive: true, mode: 0o750 });
  writeFileAtomic(dest.key, fs.readFileSync(src.key), 0o600);
  writeFileAtomic(dest.crt, fs.readFileSync(src.crt), 0o600);
}

export function removeFiles(ctx: PluginContext, app: string): void {
  fs.rmSync(tlsDir(ctx, app), { recursive: true, force: true });
}

/** The tls dir follows a renamed or cloned app, modes kept. */
export function copyTls(ctx: PluginContext, from: string, to: string): void {
  const src = tlsDir(ctx, from);
  const dest = tlsDir(ctx, to);
  if (!fs.existsSync(src) || fs.existsSync(dest) || !fs.existsSync(path.dirname(dest))) return;
  fs.cpSync(src, dest, { recursive: true });
}
