import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, describeEnd, errors, platformUser, validate, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

export const BEGIN = '# BEGIN berth cron tasks (written by berth; edits between these lines are overwritten)';
export const END = '# END berth cron tasks';
const PLAIN_PATH = /^\/[A-Za-z0-9._/+@,:=-]*$/;

/**
 * A `schedule;command;logfile` entry as a crontab line (logfile optional; the command may itself hold
 * `;`). `%` is escaped since cron turns it into a newline; a bad entry is an error naming it.
 */
export function crontabLine(entry: string): string {
  const fields = entry.split(';');
  if (fields.length < 2 || /[\n\r]/.test(entry)) throw errors.invalidValue(`Invalid cron entry '${entry}': expected schedule;command;logfile`);
  const schedule = validate.assertCronSchedule(fields[0]);
  const logfile = fields.length >= 3 ? fields.pop()!.trim() : '';
  const command = fields.slice(1).join(';').trim();
  if (!command) throw errors.invalidValue(`Invalid cron entry '${entry}': no command`);
  if (logfile && !PLAIN_PATH.test(logfile)) throw errors.invalidValue(`Invalid cron entry '${entry}': the log file must be a plain absolute path`);
  return `${schedule} ${command.replace(/%/g, '\\%')}${logfile ? ` >>${logfile} 2>&1` : ''}`;
}

/** The crontab with berth's block replaced by `lines` (dropped when there are none); other lines stay as they are. */
export function mergeCrontab(current: string, lines: string[]): string {
  const kept: string[] = [];
  let inside = false;
  for (const line of current.split('\n')) {
    if (line === BEGIN) inside = true;
    else if (line === END) inside = false;
    else if (!inside) kept.push(line);
  }
  while (kept.length && kept[kept.length - 1]!.trim() === '') kept.pop();
  const block = lines.length ? [BEGIN, ...lines, END] : [];
  const all = [...kept, ...block];
  return all.length ? `${all.join('\n')}\n` : '';
}

async function readCrontab(user: string): Promise<string> {
  const { execa } = await import('execa');
  const r = await execa('crontab', ['-l', '-u', user], { reject: false });
  if (r.exitCode === 0) return r.stdout ? `${r.stdout}\n` : '';
  if (/no crontab for/i.test(r.stderr)) return '';
  throw errors.external(`Unable to read the crontab of ${user}: ${r.stderr.trim() || describeEnd('crontab', r)}`);
}

/** The whole crontab goes in on stdin (argv only names the user); an empty one is removed. */
async function installCrontab(user: string, text: string): Promise<void> {
  const { execa } = await import('execa');
  const r = text ? await execa('crontab', ['-u', user, '-'], { input: text, reject: false }) : await execa('crontab', ['-r', '-u', user], { reject: false });
  if (r.exitCode !== 0 && !(!text && /no crontab for/i.test(r.stderr))) throw errors.external(`Unable to write the crontab of ${user}: ${r.stderr.trim() || describeEnd('crontab', r)}`);
}

/**
 * scheduler-cron-write docker-local [APP]: every `cron-entries docker-local` line (the cron plugin's
 * app tasks and other plugins' jobs) becomes berth's block in the platform user's crontab. A platform
 * without its own user (a test's temp platform) keeps only the rendered copy in its data dir.
 */
export async function schedulerCronWrite(ctx: PluginContext, scheduler: string): Promise<void> {
  const lines: string[] = [];
  for (const entry of await ctx.triggers.collect('cron-entries', 'docker-local')) {
    if (!entry.trim()) continue;
    try {
      lines.push(crontabLine(entry));
    } catch (err) {
      ctx.log.warn(`Skipping a cron entry: ${(err as Error).message}`);
    }
  }
  fs.mkdirSync(ctx.paths.data, { recursive: true });
  const lock = await acquireLock(path.join(ctx.paths.data, 'crontab.lock'), { waitMs: 30_000, describe: 'The crontab' });
  try {
    writeFileAtomic(path.join(ctx.paths.data, 'crontab'), mergeCrontab('', lines));
    const user = platformUser(ctx.paths.root, ctx.env);
    if (!user) return void ctx.log.trace('no platform user for this platform: the crontab is not installed');
    const current = await readCrontab(user.name);
    const next = mergeCrontab(current, lines);
    if (next !== current) await installCrontab(user.name, next);
  } finally {
    lock.release();
  }
}
