import fs from 'node:fs';
import path from 'node:path';

/**
 * Old containers retire in a detached worker after a deploy returns. Waits (bounded, polling) until
 * the app has no retired container left to drain, i.e. its marker directory is empty or gone.
 */
export async function untilRetired(libRoot: string, app: string, timeoutMs = 60_000): Promise<void> {
  const dir = path.join(libRoot, 'data', 'scheduler-docker-local', app, 'retired');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let left: string[];
    try {
      left = fs.readdirSync(dir);
    } catch {
      return;
    }
    if (!left.length) return;
    if (Date.now() > deadline) throw new Error(`${app}: containers still retiring after ${timeoutMs} ms: ${left.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
