import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../core/errors.js';

export interface LockInfo {
  pid: number;
  buildId?: string;
  startedAt: string;
  /** `apps:lock` holds the lock with no live process: only apps:unlock releases it. */
  manual?: boolean;
  reason?: string;
}

export interface HeldLock {
  file: string;
  info: LockInfo;
  release(): void;
}

/** Whether a process exists (EPERM: it does, but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** A lock whose holder died (and was not taken by hand) is stale and may be broken. */
export function isStale(info: LockInfo | undefined): boolean {
  return !info || (!info.manual && !processAlive(info.pid));
}

function tryCreate(file: string, info: LockInfo): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, JSON.stringify(info));
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function breakIfStale(file: string): void {
  const info = readLock(file);
  if (!isStale(info)) return;
  // Rename first so two breakers cannot both delete a lock a third process just took.
  const grave = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, grave);
    const moved = readLock(grave);
    if (moved && !isStale(moved)) fs.renameSync(grave, file);
    else fs.rmSync(grave, { force: true });
  } catch {
    // someone else broke or replaced it
  }
}

export interface AcquireOptions {
  /** Wait up to this long for the holder to finish; 0 fails at once. */
  waitMs?: number;
  buildId?: string;
  manual?: boolean;
  reason?: string;
  describe?: string;
  onWait?: (holder: LockInfo | undefined) => void;
}

/** An exclusive lock file holding pid, build id and start time; released on exit, broken when its holder died. */
export async function acquireLock(file: string, o: AcquireOptions = {}): Promise<HeldLock> {
  const info: LockInfo = { pid: process.pid, buildId: o.buildId, startedAt: new Date().toISOString(), manual: o.manual, reason: o.reason };
  const deadline = Date.now() + (o.waitMs ?? 0);
  let told = false;
  for (;;) {
    if (tryCreate(file, info)) break;
    breakIfStale(file);
    if (tryCreate(file, info)) break;
    const holder = readLock(file);
    if (Date.now() >= deadline) {
      const what = o.describe ?? 'This app';
      throw errors.locked(
        holder?.manual ? `${what} is locked${holder.reason ? ` (${holder.reason})` : ''}` : `${what} currently has a deploy lock in place (pid ${holder?.pid ?? '?'}, since ${holder?.startedAt ?? '?'})`,
        holder?.manual ? "Run 'apps:unlock' to release it" : "Wait for the running deploy to finish, or run 'apps:unlock' to release the existing deploy lock",
      );
    }
    if (!told) (told = true), o.onWait?.(holder);
    await waitForChange(file, Math.min(1000, deadline - Date.now()));
  }
  const release = () => {
    process.off('exit', release);
    const current = readLock(file);
    if (current?.pid === info.pid && current.startedAt === info.startedAt) fs.rmSync(file, { force: true });
  };
  if (!o.manual) process.on('exit', release);
  return { file, info, release };
}

/** Wake when the lock file changes (released), or after `ms` at most to re-check a dead holder. */
function waitForChange(file: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, Math.max(10, ms));
    try {
      watcher = fs.watch(path.dirname(file), done);
    } catch {
      // directory vanished: the timer re-checks
    }
  });
}
