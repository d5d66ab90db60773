/** Targets are informational: the summary says PASS or MISS, the exit status never depends on it. */
export interface Target {
  name: string;
  measured: string;
  target: string;
  /** undefined: skipped (nothing measured) or informational. */
  pass?: boolean;
  note?: string;
}

const targets: Target[] = [];

export function record(t: Target): void {
  targets.push(t);
}

export function skip(name: string, target: string, note: string): void {
  targets.push({ name, measured: '-', target, note });
}

export function printSummary(): void {
  const rows = targets.map((t) => [t.name, t.measured, t.target, t.pass === undefined ? (t.measured === '-' ? 'SKIP' : 'INFO') : t.pass ? 'PASS' : 'MISS', t.note ?? '']);
  const head = ['target', 'measured', 'goal', 'result', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log('\n== Summary');
  console.log(fmt(head));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(fmt(r));
}
