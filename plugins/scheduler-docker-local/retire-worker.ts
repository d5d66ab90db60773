import { retireUnowned } from './retired.js';

/** `node retire-worker.js DATA_DIR APP`: the detached half of scheduler-retire (see retired.ts). */
const [dataDir, app] = process.argv.slice(2);
if (!dataDir || !app) throw new Error('usage: retire-worker DATA_DIR APP');
for (const r of await retireUnowned(dataDir, app)) {
  if (r.status === 'rejected') {
    console.error(`${new Date().toISOString()} ${(r.reason as Error).message}`);
    process.exitCode = 1;
  }
}
