import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
// One state file per run (the jest process), so runs on one host never read or remove each other's.
export const stateFile = process.env.BERTH_E2E_STATE || path.join(os.tmpdir(), `berth-e2e-state-${process.pid}.json`);
// Concurrent runs (one per engineer or CI job) need a platform user each: its home is the platform root.
export const E2E_USER = process.env.BERTH_E2E_USER || 'berth-e2e';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Poll until something accepts connections on 127.0.0.1:port (bounded). */
export async function waitForPort(port, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
