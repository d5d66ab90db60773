import fs from 'node:fs';

/** One child of the nginx master, as /proc shows it (readable for any user, whoever runs nginx). */
interface Child {
  pid: number;
  title: string;
}

function children(master: number): Child[] {
  const out: Child[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== master) continue;
      out.push({ pid: Number(entry), title: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The master's workers that may still accept connections (a worker shutting down has closed its listeners). */
export function acceptingWorkers(master: number): Set<number> {
  return new Set(children(master).filter((c) => c.title.includes('worker process') && !c.title.includes('shutting down')).map((c) => c.pid));
}

function stillAccepting(pid: number): boolean {
  try {
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return !title.includes('shutting down');
  } catch {
    return false;
  }
}

/**
 * Waits until none of `old` can accept a connection any more. The master forks the new workers first and
 * only then tells the old ones to quit; until an old worker has handled that it keeps accepting with the
 * old config, and under CPU pressure that takes long enough for the next request to land there. An old
 * worker sets its title to "shutting down" in the same step that closes its listening sockets.
 */
export async function waitForCutOver(master: number, old: Set<number>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 25)) {
    if (![...old].some(stillAccepting)) return true;
    if (!fs.existsSync(`/proc/${master}`)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
