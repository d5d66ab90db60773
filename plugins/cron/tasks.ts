import crypto from 'node:crypto';
import { errors, validate, type PluginContext } from '../../sdk/index.js';

export interface CronTask {
  id: string;
  schedule: string;
  command: string;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A stable id from app, schedule and command: the same task keeps its id across deploys. */
export function taskId(app: string, schedule: string, command: string): string {
  const bytes = crypto.createHash('sha256').update(`${app}\0${schedule}\0${command}`).digest().subarray(0, 10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * The `cron` list of an app.json text, checked: every entry needs a command and a valid schedule,
 * and no task may appear twice. An absent or empty app.json has no tasks.
 */
export function parseCronTasks(app: string, text: string | undefined): CronTask[] {
  if (text === undefined || !text.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw errors.invalidValue(`app.json is not valid JSON: ${(err as Error).message}`);
  }
  const list = json && typeof json === 'object' ? (json as { cron?: unknown }).cron : undefined;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw errors.invalidValue('app.json: "cron" must be a list of {"command": ..., "schedule": ...} entries');
  const tasks: CronTask[] = [];
  list.forEach((entry: unknown, i) => {
    const where = `app.json cron entry ${i + 1}`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw errors.invalidValue(`${where} must be an object with "command" and "schedule"`);
    const { command, schedule } = entry as { command?: unknown; schedule?: unknown };
    if (typeof command !== 'string' || !command.trim()) throw errors.invalidValue(`${where} has no command`);
    let normal: string;
    try {
      normal = validate.assertCronSchedule(schedule);
    } catch (err) {
      throw errors.invalidValue(`${where} (${command.trim()}): ${(err as Error).message}`, (err as { hint?: string }).hint);
    }
    const task = { id: taskId(app, normal, command.trim()), schedule: normal, command: command.trim() };
    if (tasks.some((t) => t.id === task.id)) throw errors.invalidValue(`${where} repeats an earlier task: ${task.schedule} ${task.command}`);
    tasks.push(task);
  });
  return tasks;
}

export function storedTasks(ctx: PluginContext, app: string): CronTask[] {
  const raw = ctx.props.get(app, 'tasks');
  if (!raw) return [];
  try {
    return JSON.parse(raw) as CronTask[];
  } catch {
    return [];
  }
}

/** Store the tasks of the deployed release; none removes the property. */
export function storeTasks(ctx: PluginContext, app: string, tasks: CronTask[]): void {
  if (tasks.length) ctx.props.set(app, 'tasks', JSON.stringify(tasks));
  else ctx.props.delete(app, 'tasks');
}

/** The same tasks under another app name (their ids include the name). */
export function renamed(tasks: CronTask[], app: string): CronTask[] {
  return tasks.map((t) => ({ ...t, id: taskId(app, t.schedule, t.command) }));
}
