import fs from 'node:fs';
import path from 'node:path';
import { assertPlainPath, platformUser, readFileOr, writeFileAtomic, type PluginContext } from '../../core/sdk.js';

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
