import tty from 'node:tty';
import { errors } from '../core/errors.js';
import type { PluginContext } from '../core/types.js';

/**
 * Dokku's guard for destructive commands: warn, then read one line from stdin; anything but the exact
 * name (or end of input) aborts with nothing changed. `what` completes "This command will destroy …".
 */
export async function confirmByName(ctx: PluginContext, name: string, what: string): Promise<void> {
  ctx.log.warn('WARNING: Potentially Destructive Action');
  ctx.log.warn(`This command will destroy ${what}.`);
  ctx.log.warn(`To proceed, type "${name}"`);
  ctx.stderr.write('\n> ');
  const answer = (await firstLine()).trim();
  // Piped answers are not echoed: end the prompt line ourselves.
  if (!tty.isatty(0)) ctx.stderr.write('\n');
  if (answer !== name) throw errors.usage(`Confirmation did not match ${name}. Aborted.`);
}

/** One line from the process stdin; the stream is paused again so it never holds the process open. */
function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const stdin = process.stdin;
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', finish);
      stdin.pause();
      const nl = text.indexOf('\n');
      resolve(nl >= 0 ? text.slice(0, nl) : text);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', finish);
  });
}
