/** Procfile lines `type: command`; anything else (comments, blank lines) is ignored, as on Heroku. */
const ENTRY = /^([A-Za-z0-9][A-Za-z0-9_-]*):\s*(.*\S)\s*$/;

export function parseProcfile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = ENTRY.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The image's process table: the buildpack's defaults, overridden type by type by the Procfile. */
export function mergeProcesses(defaults: Record<string, string>, procfile: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [type, command] of Object.entries(defaults)) if (ENTRY.test(`${type}: ${command}`)) out[type] = command.trim();
  return Object.assign(out, procfile);
}

/** One `type: command` per line, the format the image's /start reads (commands never contain newlines). */
export function formatProcesses(processes: Record<string, string>): string {
  return Object.entries(processes)
    .map(([type, command]) => `${type}: ${command.replace(/[\r\n]+/g, ' ')}\n`)
    .join('');
}
