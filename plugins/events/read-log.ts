import fs from 'node:fs';
import type { EventEntry } from './interceptor.js';

const CHUNK = 64 * 1024;

/** The last n complete lines of a file, read backwards so a long log costs no more than its tail. */
export function lastLines(file: string, n: number): string[] {
  if (n <= 0) return [];
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    let pos = fs.fstatSync(fd).size;
    let text = '';
    while (pos > 0 && text.split('\n').length <= n + 1) {
      const len = Math.min(CHUNK, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, pos);
      text = buf.toString('latin1') + text;
    }
    const lines = Buffer.from(text, 'latin1').toString('utf8').split('\n');
    lines.pop(); // the text after the last newline is incomplete (or empty)
    if (pos > 0) lines.shift(); // the first line may be cut
    return lines.filter((l) => l !== '').slice(-n);
  } finally {
    fs.closeSync(fd);
  }
}

export function parseEntry(line: string): EventEntry | undefined {
  try {
    const e = JSON.parse(line) as EventEntry;
    return typeof e === 'object' && e !== null && typeof e.trigger === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** `2026-11-23T18:00:00Z post-create app=myapp 3 handlers 12ms exit 0 by alice` */
export function formatEntry(e: EventEntry): string {
  const parts = [e.time.replace(/\.\d+Z$/, 'Z'), e.trigger];
  if (e.app) parts.push(`app=${e.app}`);
  const n = e.handlers?.length ?? 0;
  parts.push(`${n} handler${n === 1 ? '' : 's'}`, `${Math.round(e.durationMs)}ms`, `exit ${e.exit}`);
  const failed = e.exit !== 0 ? e.handlers?.find((h) => h.exit !== 0) : undefined;
  if (failed) parts.push(`in ${failed.plugin}`);
  if (e.actor?.name) parts.push(`by ${e.actor.name}`);
  return parts.join(' ');
}
