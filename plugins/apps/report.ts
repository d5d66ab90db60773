import { errors, type PluginContext } from '../../core/sdk.js';
import { appDir } from './functions.js';
import { currentLock } from './lock.js';

type Field = [key: string, label: string, value: string];

function fields(ctx: PluginContext, app: string): Field[] {
  return [
    ['app-created-at', 'App created at', ctx.props.get(app, 'created-at') ?? ''],
    ['app-deploy-source', 'App deploy source', ctx.props.get(app, 'deploy-source') ?? ''],
    ['app-deploy-source-metadata', 'App deploy source metadata', ctx.props.get(app, 'deploy-source-metadata') ?? ''],
    ['app-dir', 'App dir', appDir(ctx, app)],
    ['app-locked', 'App locked', String(currentLock(ctx, app) !== undefined)],
  ];
}

export function reportJson(ctx: PluginContext, app: string): Record<string, string> {
  return Object.fromEntries(fields(ctx, app).map(([k, , v]) => [k, v]));
}

export function printReport(ctx: PluginContext, app: string): void {
  ctx.log.info2(`${app} app information`);
  for (const [, label, value] of fields(ctx, app)) ctx.log.verbose(`${(label + ':').padEnd(31)}${value}`);
}

/** `--app-dir` and friends print one raw value, as Dokku's report info flags do. */
export function reportValue(ctx: PluginContext, app: string, flag: string): string {
  const field = fields(ctx, app).find(([k]) => k === flag);
  if (!field) {
    const valid = fields(ctx, app).map(([k]) => `--${k}`).join(', ');
    throw errors.usage(`Invalid flag passed, valid flags: ${valid}`);
  }
  return field[2];
}
