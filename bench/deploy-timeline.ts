import fs from 'node:fs';
import path from 'node:path';

/** The switch and the log of berth's stage marks (core/timeline.ts): the file's existence turns marks on. */
export function timelineFile(libRoot: string): string {
  return path.join(libRoot, 'logs', 'timeline');
}

/** Turn marks on (the platform user appends to the file) and drop earlier marks. */
export function startTimeline(libRoot: string, uid: number, gid: number): void {
  const file = timelineFile(libRoot);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  fs.chownSync(file, uid, gid);
  fs.chmodSync(file, 0o644);
}

export function stopTimeline(libRoot: string): void {
  fs.rmSync(timelineFile(libRoot), { force: true });
}

interface Mark {
  t: number;
  pid: number;
  mark: string;
}

/** Marks since `sinceEpochMs`, as ms after it, one line each; process ids are numbered in order of appearance. */
export function printTimeline(libRoot: string, sinceEpochMs: number, indent = '      '): void {
  let marks: Mark[];
  try {
    marks = fs
      .readFileSync(timelineFile(libRoot), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Mark)
      .filter((m) => m.t >= sinceEpochMs - 1);
  } catch {
    return console.log(`${indent}(no berth timeline)`);
  }
  marks.sort((a, b) => a.t - b.t);
  const procs = new Map<number, number>();
  let prev = sinceEpochMs;
  for (const m of marks) {
    if (!procs.has(m.pid)) procs.set(m.pid, procs.size + 1);
    const at = m.t - sinceEpochMs;
    console.log(`${indent}${at.toFixed(0).padStart(7)}  +${(m.t - prev).toFixed(0).padStart(5)}  [p${procs.get(m.pid)}] ${m.mark}`);
    prev = m.t;
  }
}
