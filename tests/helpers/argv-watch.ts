import fs from 'node:fs';

/** Every process's argv, read straight from /proc (a process may exit between listing and reading). */
export function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' '));
    } catch {
      // gone already
    }
  }
  return out;
}

/**
 * Samples every command line on the host until `work` settles; returns its result, how many samples
 * were taken and the lines that contained the needle (a function is asked again at each sample).
 */
export async function watchArgv<T>(work: Promise<T>, needle: string | (() => string)): Promise<{ result: T; samples: number; leaks: string[] }> {
  let done = false;
  const finished = work.finally(() => (done = true));
  let samples = 0;
  const leaks = new Set<string>();
  while (!done) {
    const value = typeof needle === 'string' ? needle : needle();
    if (value) for (const line of commandLines()) if (line.includes(value)) leaks.add(line);
    samples++;
    await new Promise((r) => setImmediate(r));
  }
  return { result: await finished, samples, leaks: [...leaks] };
}
