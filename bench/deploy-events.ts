import fs from 'node:fs';
import path from 'node:path';
import { fmtMs } from './measure.js';

interface Entry {
  time: string;
  trigger: string;
  app?: string;
  durationMs: number;
  handlers: { plugin: string; kind: string; durationMs: number }[];
}

/**
 * Where a push spent its time, from the platform's own event log: the slowest handlers of the
 * app's dispatches since `since` (a handler's time includes the triggers it fired itself).
 */
export function printSlowestHandlers(libRoot: string, app: string, since: Date, top = 8): void {
  let text: string;
  try {
    text = fs.readFileSync(path.join(libRoot, 'logs', 'events.log'), 'utf8');
  } catch {
    return console.log('    (no events.log: the events plugin is off or missing)');
  }
  const rows: { label: string; ms: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let e: Entry;
    try {
      e = JSON.parse(line) as Entry;
    } catch {
      continue;
    }
    if (e.app !== app || new Date(e.time) < since) continue;
    for (const h of e.handlers ?? []) rows.push({ label: `${e.trigger} → ${h.plugin} (${h.kind})`, ms: h.durationMs });
  }
  if (!rows.length) {
    const apps = new Set(text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Entry).app ?? '-'));
    return console.log(`    (events.log holds nothing for ${app} since ${since.toISOString()}; apps seen: ${[...apps].join(', ')})`);
  }
  rows.sort((a, b) => b.ms - a.ms);
  console.log(`    slowest handlers of the second push (${rows.length} handler runs logged):`);
  for (const r of rows.slice(0, top)) console.log(`      ${fmtMs(r.ms).padStart(10)}  ${r.label}`);
}
