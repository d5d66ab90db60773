import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, type PluginContext } from '../../sdk/index.js';

/** One running dyno as recorded in BERTH_ROOT/APP/{CONTAINER,IP,PORT}.PROC.N (Dokku's files). */
export interface Slot {
  proc: string;
  index: number;
  cid: string;
  ip: string;
  port: string;
}

const CONTAINER_FILE = /^CONTAINER\.([A-Za-z0-9][A-Za-z0-9_-]*)\.(\d+)$/;

function appDir(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.root, app);
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

export function readSlots(ctx: PluginContext, app: string, proc?: string): Slot[] {
  let names: string[];
  try {
    names = fs.readdirSync(appDir(ctx, app));
  } catch {
    return [];
  }
  const slots: Slot[] = [];
  for (const name of names) {
    const m = CONTAINER_FILE.exec(name);
    if (!m || (proc && m[1] !== proc)) continue;
    const suffix = `${m[1]}.${m[2]}`;
    const dir = appDir(ctx, app);
    slots.push({ proc: m[1], index: Number(m[2]), cid: read(path.join(dir, name)), ip: read(path.join(dir, `IP.${suffix}`)), port: read(path.join(dir, `PORT.${suffix}`)) });
  }
  return slots.sort((a, b) => a.proc.localeCompare(b.proc) || a.index - b.index);
}

/** PORT and IP first, CONTAINER last: a reader that sees the CONTAINER file sees a complete slot. */
export function writeSlot(ctx: PluginContext, app: string, s: Slot): void {
  const dir = appDir(ctx, app);
  const suffix = `${s.proc}.${s.index}`;
  writeFileAtomic(path.join(dir, `PORT.${suffix}`), s.port, 0o644);
  writeFileAtomic(path.join(dir, `IP.${suffix}`), s.ip, 0o644);
  writeFileAtomic(path.join(dir, `CONTAINER.${suffix}`), s.cid, 0o644);
}

export function removeSlot(ctx: PluginContext, app: string, proc: string, index: number): void {
  const dir = appDir(ctx, app);
  for (const kind of ['CONTAINER', 'IP', 'PORT']) fs.rmSync(path.join(dir, `${kind}.${proc}.${index}`), { force: true });
}

/** Make the recorded slots of `proc` exactly `slots`. */
export function replaceSlots(ctx: PluginContext, app: string, proc: string, slots: Slot[]): void {
  for (const s of slots) writeSlot(ctx, app, s);
  const keep = new Set(slots.map((s) => s.index));
  for (const s of readSlots(ctx, app, proc)) if (!keep.has(s.index)) removeSlot(ctx, app, proc, s.index);
}

/**
 * A deploy between scheduler-deploy and scheduler-retire (or scheduler-rollback): the new containers
 * and the final names they get, the containers to retire, and the slots to restore on rollback.
 */
export interface Pending {
  tag: string;
  procs: string[];
  created: { id: string; name: string; final: string }[];
  retire: string[];
  previous: Slot[];
}

function pendingFile(ctx: PluginContext, app: string): string {
  return path.join(ctx.paths.data, app, 'pending.json');
}

export function readPending(ctx: PluginContext, app: string): Pending | undefined {
  const raw = read(pendingFile(ctx, app));
  return raw ? (JSON.parse(raw) as Pending) : undefined;
}

export function writePending(ctx: PluginContext, app: string, p: Pending): void {
  writeFileAtomic(pendingFile(ctx, app), JSON.stringify(p));
}

export function clearPending(ctx: PluginContext, app: string): void {
  fs.rmSync(pendingFile(ctx, app), { force: true });
}
