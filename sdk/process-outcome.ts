/** The fields of a finished child process (execa's result or error) that say how it ended. */
export interface ProcessEnd {
  exitCode?: number;
  signal?: string;
  code?: string;
  originalMessage?: string;
}

/**
 * How a child process ended, for error messages: `tar exit 2`, `tar killed by SIGKILL`, or, when it never
 * started, `tar could not be started (EACCES: …)` — never "exit undefined".
 */
export function describeEnd(program: string, end: ProcessEnd): string {
  if (end.exitCode !== undefined && end.exitCode !== null) return `${program} exit ${end.exitCode}`;
  if (end.signal) return `${program} killed by ${end.signal}`;
  const reason = end.code ?? 'unknown reason';
  return `${program} could not be started (${reason}${end.originalMessage ? `: ${end.originalMessage}` : ''})`;
}
