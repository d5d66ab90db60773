import { BerthError, hostFailure, messageOf } from '../core/errors.js';

export interface PrintOptions {
  trace?: boolean;
  /** plugn's style: bare lines, without berth's ` !     ` prefix. */
  plain?: boolean;
  /** Print a trigger failure too (berth leaves that to the failed shell handler's own output). */
  triggerFailures?: boolean;
}

/** The one place that turns errors into what the user sees and the process exit code, for `berth` and `plugn`. */
export function exitCodeFor(err: unknown, stderr: { write(s: string): unknown } = process.stderr, o: boolean | PrintOptions = {}): number {
  const { trace = false, plain = false, triggerFailures = false } = typeof o === 'boolean' ? { trace: o } : o;
  const line = (s: string) => stderr.write(plain ? `${s}\n` : ` !     ${s}\n`);
  err = hostFailure(err) ?? err;
  if (err instanceof BerthError) {
    if (err.code !== 'TRIGGER_FAILED' || trace || triggerFailures) line(err.message);
    if (err.hint) line(err.hint);
    if (trace && err.cause) stderr.write(`${(err.cause as Error).stack ?? String(err.cause)}\n`);
    return err.exitCode;
  }
  line(messageOf(err));
  if (trace && err instanceof Error && err.stack) stderr.write(err.stack + '\n');
  return 1;
}
