// Bounded background load for the e2e run: one CPU-bound thread per core and one disk writer, so every
// suite proves itself on a busy host. Exits by itself when the process that started it is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const [owner, dir] = [Number(process.argv[2]), process.argv[3]];
const cores = Number(process.env.BERTH_E2E_LOAD_CPUS || os.availableParallelism());
for (let i = 0; i < cores; i++) new Worker('for (;;) {}', { eval: true }).unref();

// The writer rewrites one 32 MiB file with fsync, so it costs IO without filling the disk.
const block = Buffer.alloc(1 << 20, 7);
const file = path.join(dir, 'load.bin');
function writeRound() {
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < 32; i++) fs.writeSync(fd, block);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  setTimeout(writeRound, 10);
}
writeRound();

setInterval(() => {
  try {
    process.kill(owner, 0);
  } catch {
    fs.rmSync(file, { force: true });
    process.exit(0);
  }
}, 1000);
const stop = () => (fs.rmSync(file, { force: true }), process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
