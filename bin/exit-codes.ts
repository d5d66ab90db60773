import { BerthError, hostFailure, messageOf } from '../core/errors.js';

/** The one place that turns errors into what the user sees and the process exit code. */
export function exitCodeFor(err: unknown, stderr: NodeJS.WritableStream = process.stderr, trace = false): number {
  err = hostFailure(err) ?? err;
  if (err instanceof BerthError) {
    if (err.code !== 'TRIGGER_FAILED' || trace) stderr.write(` !     ${err.message}\n`);
    if (err.hint) stderr.write(` !     ${err.hint}\n`);
    if (trace && err.cause) stderr.write(`${(err.cause as Error).stack ?? String(err.cause)}\n`);
    return err.exitCode;
  }
  const yargsError = err instanceof Error && err.name === 'YError';
  stderr.write(` !     ${messageOf(err)}\n`);
  if (trace && err instanceof Error && err.stack) stderr.write(err.stack + '\n');
  return yargsError ? 1 : 1;
}
