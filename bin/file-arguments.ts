import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SystemUser } from '../core/system-user.js';

/** Positional arguments (counted after the command) that name files or directories on the caller's side. */
const FILE_ARGUMENTS: Record<string, number[]> = {
  'certs:add': [1, 2],
  'certs:update': [1, 2],
  'builder:build': [1],
};

function groupsOf(user: SystemUser): Set<number> {
  const out = new Set([user.gid]);
  try {
    for (const line of fs.readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 4 && f[3]!.split(',').includes(user.name)) out.add(Number(f[2]));
    }
  } catch {
    // no group file: the primary group only
  }
  return out;
}

/** Whether `user` may reach and read `file`, judged from the mode bits along the path. */
export function readableBy(user: SystemUser, file: string): boolean {
  const groups = groupsOf(user);
  const allows = (p: string, bit: number): boolean => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return false;
    const shift = st.uid === user.uid ? 6 : groups.has(st.gid) ? 3 : 0;
    return ((st.mode >> shift) & bit) !== 0;
  };
  const parts = path.resolve(file).split(path.sep).filter(Boolean);
  for (let i = 0; i < parts.length; i++) if (!allows(`/${parts.slice(0, i).join('/')}`, 1)) return false;
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return !!st && allows(file, st.isDirectory() ? 5 : 4);
}

function chownTree(p: string, user: SystemUser): void {
  fs.chownSync(p, user.uid, user.gid);
  if (!fs.statSync(p).isDirectory()) return;
  for (const entry of fs.readdirSync(p)) chownTree(path.join(p, entry), user);
}

export interface StagedArguments {
  argv: string[];
  cleanup(): void;
}

/**
 * Root is about to re-run berth as the platform user in a directory that user may enter, so relative file
 * arguments are made absolute first, and files the user cannot read (in root's 0700 home, say) are copied
 * into a private directory of the user's for the length of the command.
 */
export function stageFileArguments(argv: string[], command: string | undefined, user: SystemUser): StagedArguments {
  const wanted = command ? FILE_ARGUMENTS[command] : undefined;
  const start = command ? argv.indexOf(command) : -1;
  if (!wanted || start < 0) return { argv, cleanup: () => {} };
  const out = [...argv];
  let stage: string | undefined;
  let n = 0;
  for (let i = start + 1; i < out.length; i++) {
    if (out[i]!.startsWith('-')) continue;
    if (wanted.includes(n++) && fs.existsSync(out[i]!)) {
      const abs = path.resolve(out[i]!);
      if (readableBy(user, abs)) out[i] = abs;
      else {
        stage ??= fs.mkdtempSync(path.join(os.tmpdir(), 'berth-args-'));
        const copy = path.join(stage, `${n}-${path.basename(abs)}`);
        fs.cpSync(abs, copy, { recursive: true });
        out[i] = copy;
      }
    }
  }
  if (stage) chownTree(stage, user);
  return { argv: out, cleanup: () => stage && fs.rmSync(stage, { recursive: true, force: true }) };
}
