import fs from 'node:fs';
import path from 'node:path';
import { assertPlainPath, errors, platformUser, readFileOr, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

export const DEFAULT_OPTIONS = 'no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding';

/** One key line written by berth (or sshcommand): the forced command carries the key's identity. */
export interface KeyEntry {
  fingerprint: string;
  name: string;
  options: string;
  publicKey: string;
}

export function keysFile(ctx: PluginContext): string {
  return path.join(ctx.paths.root, '.ssh', 'authorized_keys');
}

/** sshcommand's line: the login shell sets FINGERPRINT and NAME, then runs the entry with the original command. */
export function formatEntry(root: string, e: KeyEntry): string {
  const command = `FINGERPRINT=${e.fingerprint} NAME=\\"${e.name}\\" \`cat ${assertPlainPath(root, 'platform root')}/.sshcommand\` $SSH_ORIGINAL_COMMAND`;
  return `command="${command}",${e.options} ${e.publicKey}`;
}

const LINE = /^command="FINGERPRINT=(\S+) NAME=(?:\\"([^"\\]*)\\"|([^\s"\\]+)) `cat [^`]*` \$SSH_ORIGINAL_COMMAND",(.*)$/;

/** A berth/sshcommand line, or undefined for comments and keys added by other means (kept as they are). */
export function parseEntry(line: string): KeyEntry | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const rest = m[4]!;
  const cut = optionsEnd(rest);
  return { fingerprint: m[1]!, name: m[2] ?? m[3]!, options: rest.slice(0, cut), publicKey: rest.slice(cut + 1) };
}

/** Options end at the first blank outside double quotes. */
function optionsEnd(s: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ' ' && !quoted) return i;
  }
  return s.length;
}

export function readLines(ctx: PluginContext): string[] {
  return readFileOr(keysFile(ctx), '').split('\n').filter((l) => l.trim() !== '');
}

/** The first field of a public key line is its type; anything else there means options or garbage. */
export const KEY_TYPE = /^(?:ssh|ecdsa|sk)-[A-Za-z0-9@.-]+$/;

/** A line sshd can use: a comment, or `[options] type blob [comment]`. */
function isKeyLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('#')) return true;
  const rest = KEY_TYPE.test(t.split(/\s+/)[0]!) ? t : t.slice(quotedOptionsEnd(t) + 1).trimStart();
  const [type, blob] = rest.split(/\s+/);
  return KEY_TYPE.test(type ?? '') && /^[A-Za-z0-9+/=]+$/.test(blob ?? '');
}

/** Like optionsEnd, but a backslash escapes the next character, as sshd reads `command="… \"x y\" …"`. */
function quotedOptionsEnd(s: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && quoted) i++;
    else if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ' ' && !quoted) return i;
  }
  return s.length;
}

/** A damaged file is not edited further, nor listed as if it were whole (as sshcommand refuses it). */
export function assertKeyLines(ctx: PluginContext, lines: string[]): void {
  const bad = lines.findIndex((l) => !isKeyLine(l));
  if (bad >= 0) throw errors.invalidValue(`Invalid line ${bad + 1} in ${keysFile(ctx)}: not a public key`, 'Fix or remove that line, then try again');
}

export function entries(lines: string[]): KeyEntry[] {
  return lines.map(parseEntry).filter((e): e is KeyEntry => e !== undefined);
}

/** Temp file + rename, 0600 in a 0700 .ssh; owned by the platform user when root writes it. */
export function writeLines(ctx: PluginContext, lines: string[]): void {
  const file = keysFile(ctx);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  writeFileAtomic(file, lines.length ? lines.join('\n') + '\n' : '', 0o600);
  giveToPlatformUser(ctx, path.dirname(file), file);
}

/** Files root writes for sshd must belong to the account sshd logs in as. */
export function giveToPlatformUser(ctx: PluginContext, ...files: string[]): void {
  if (process.getuid?.() !== 0) return;
  const user = platformUser(ctx.paths.root, ctx.env);
  if (!user) return;
  for (const f of files) fs.chownSync(f, user.uid, user.gid);
}
