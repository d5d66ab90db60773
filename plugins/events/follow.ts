import fs from 'node:fs';
import path from 'node:path';

export interface FollowOptions {
  onLine(line: string): void;
  onReady?(): void;
  /** Stop after this many lines. */
  maxLines?: number;
  /** Stop after this many seconds. */
  timeoutSeconds?: number;
}

/** Prints lines appended to a file from now on (like `tail -f`), surviving creation and truncation. */
export async function follow(file: string, o: FollowOptions): Promise<void> {
  const { watch } = await import('chokidar');
  let offset = sizeOf(file);
  let partial = '';
  let count = 0;
  // The directory is watched, not the file: the log may not exist yet, and a rotated log is a new file.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const watcher = watch(path.dirname(file), { ignoreInitial: true, depth: 0 });
  await new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      watcher.close().then(resolve, reject);
    };
    const drain = () => {
      if (stopped) return;
      const size = sizeOf(file);
      if (size < offset) (offset = 0), (partial = '');
      if (size === offset) return;
      const buf = Buffer.alloc(size - offset);
      const fd = fs.openSync(file, 'r');
      try {
        fs.readSync(fd, buf, 0, buf.length, offset);
      } finally {
        fs.closeSync(fd);
      }
      offset = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        o.onLine(line);
        if (o.maxLines !== undefined && ++count >= o.maxLines) return stop();
      }
    };
    if (o.timeoutSeconds !== undefined) timer = setTimeout(stop, o.timeoutSeconds * 1000);
    if (o.maxLines === 0) return stop();
    const onFile = (changed: string) => path.resolve(changed) === path.resolve(file) && drain();
    watcher.on('add', onFile).on('change', onFile).on('unlink', onFile).on('error', reject);
    watcher.on('ready', () => {
      o.onReady?.();
      drain();
    });
  });
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
