import fs from 'node:fs';
import path from 'node:path';
import { docker, stopContainer } from './docker.js';
import { drain } from './readiness.js';
import { alive, readRetired, retiredDir, type RetiredMarker } from './retired.js';

/**
 * `node retire-worker.js DATA_DIR APP`: claims the app's retired containers that no live worker owns,
 * drains each (bounded by its stop timeout), stops and removes it, then drops its marker.
 */
async function retire(dataDir: string, app: string, m: RetiredMarker): Promise<void> {
  const file = path.join(retiredDir(dataDir, app), m.id);
  fs.writeFileSync(`${file}.claim`, JSON.stringify({ ...m, pid: process.pid }));
  fs.renameSync(`${file}.claim`, file);
  await drain((await docker()).getContainer(m.id), m.stopTimeoutMs);
  await stopContainer(m.id, Math.ceil(m.stopTimeoutMs / 1000), true);
  fs.rmSync(file, { force: true });
  console.log(`${new Date().toISOString()} retired ${m.id.slice(0, 12)}`);
}

async function main(): Promise<void> {
  const [dataDir, app] = process.argv.slice(2);
  if (!dataDir || !app) throw new Error('usage: retire-worker DATA_DIR APP');
  const mine = readRetired(dataDir, app).filter((m) => !alive(m.pid));
  const results = await Promise.allSettled(mine.map((m) => retire(dataDir, app, m)));
  for (const r of results) if (r.status === 'rejected') console.error(`${new Date().toISOString()} ${(r.reason as Error).message}`);
  if (results.some((r) => r.status === 'rejected')) process.exitCode = 1;
}

await main();
