import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { docker, stopContainer } from './docker.js';
import { drain } from './readiness.js';

/**
 * Old containers leave the deploy path once the proxy points at their successors: they are registered
 * here (one marker file per container, so concurrent writers never clash) and drained, stopped and
 * removed by a detached worker, as Dokku's scheduler does after its wait-to-retire. The pusher gets
 * control back as soon as the new release serves; a worker that dies leaves its markers to the next one.
 */
function retiredDir(dataDir: string, app: string): string {
  return path.join(dataDir, app, 'retired');
}

export interface RetiredMarker {
  id: string;
  /** Milliseconds the container may take to drain and stop. */
  stopTimeoutMs: number;
  /** The worker that owns the marker; 0 when none has claimed it yet. */
  pid: number;
}

export function registerRetired(ctx: PluginContext, app: string, ids: string[], stopTimeoutMs: number): void {
  for (const id of ids) writeFileAtomic(path.join(retiredDir(ctx.paths.data, app), id), JSON.stringify({ id, stopTimeoutMs, pid: 0 }));
}

export function readRetired(dataDir: string, app: string): RetiredMarker[] {
  const dir = retiredDir(dataDir, app);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^[0-9a-f]{12,64}$/.test(n));
  } catch {
    return [];
  }
  const out: RetiredMarker[] = [];
  for (const name of names) {
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RetiredMarker);
    } catch {
      // Removed by a worker between the listing and the read.
    }
  }
  return out;
}

function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Start a detached worker for the app's unclaimed markers. Its output goes to a log file, never to
 * the caller's pipes, so git and sshd do not wait for it. Resolves false when no compiled worker
 * exists (source checkouts run through tsx): the caller then retires in the foreground.
 */
export function spawnRetirer(ctx: PluginContext, app: string): boolean {
  const worker = fileURLToPath(new URL('./retire-worker.js', import.meta.url));
  if (!fs.existsSync(worker)) return false;
  const log = path.join(ctx.paths.data, app, 'retire.log');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const fd = fs.openSync(log, 'a', 0o600);
  try {
    const child = spawn(process.execPath, [worker, ctx.paths.data, app], { detached: true, stdio: ['ignore', fd, fd], env: process.env });
    child.unref();
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

async function retireOne(dataDir: string, app: string, m: RetiredMarker): Promise<void> {
  const file = path.join(retiredDir(dataDir, app), m.id);
  writeFileAtomic(file, JSON.stringify({ ...m, pid: process.pid }));
  await drain((await docker()).getContainer(m.id), m.stopTimeoutMs);
  await stopContainer(m.id, Math.ceil(m.stopTimeoutMs / 1000), true);
  fs.rmSync(file, { force: true });
}

/**
 * Claims the app's retired containers that no live worker owns (a dead worker's included), drains
 * each (bounded by its stop timeout), stops and removes it, then drops its marker. Settles them all.
 */
export async function retireUnowned(dataDir: string, app: string): Promise<PromiseSettledResult<void>[]> {
  const mine = readRetired(dataDir, app).filter((m) => !alive(m.pid));
  return Promise.allSettled(mine.map((m) => retireOne(dataDir, app, m)));
}
