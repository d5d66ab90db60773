import { GLOBAL, printReport, type CommandArgs, type PluginContext, type ReportRows } from '../../sdk/index.js';
import { appDir } from './functions.js';
import { currentLock } from './lock.js';

function rows(ctx: PluginContext, app: string): ReportRows {
  return {
    'app-created-at': ctx.props.get(app, 'created-at') ?? '',
    'app-deploy-source': ctx.props.get(app, 'deploy-source') ?? '',
    'app-deploy-source-metadata': ctx.props.get(app, 'deploy-source-metadata') ?? '',
    'app-dir': appDir(ctx, app),
    ...globalRows(ctx),
    'app-locked': String(currentLock(ctx, app) !== undefined),
  };
}

function globalRows(ctx: PluginContext): ReportRows {
  return { 'app-global-disable-autocreation': ctx.props.get(GLOBAL, 'disable-autocreation') ?? '' };
}

/** `apps:report [APP] [--format json] [--app-dir …]`, and this plugin's section of `report APP`. */
export function report(ctx: PluginContext, argv: CommandArgs, app?: string): Promise<void> {
  return printReport(ctx, argv, { title: 'app', app, rows: (a) => rows(ctx, a), globalRows: () => globalRows(ctx), jsonKeys: 'both' });
}
