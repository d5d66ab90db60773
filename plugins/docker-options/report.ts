import { printReport, type CommandArgs, type CommandDefinition, type PluginContext } from '../../core/sdk.js';
import { list, PHASES } from './store.js';

const rows = (ctx: PluginContext, app: string) => Object.fromEntries(PHASES.map((p) => [`docker-options-${p}`, list(ctx, app, p).join(' ')]));

/** `docker-options:report [APP] [--format json] [--docker-options-build|deploy|run]`. */
export const reportCommand: CommandDefinition = {
  usage: '[<app>] [--format json] [--docker-options-build|--docker-options-deploy|--docker-options-run]',
  builder: (y) => y.option('format', { type: 'string', describe: 'stdout or json' }),
  async handler(ctx, argv) {
    const { verifyApp } = await import('../../core/sdk.js');
    const app = argv._[0] === undefined ? undefined : await verifyApp(ctx, String(argv._[0]));
    await printReport(ctx, argv, { title: 'docker options', app, rows: (a) => rows(ctx, a) });
  },
};

/** This plugin's section of `report APP`. */
export function reportSection(ctx: PluginContext, app: string): Promise<void> {
  return printReport(ctx, { _: [] } as unknown as CommandArgs, { title: 'docker options', app, rows: (a) => rows(ctx, a) });
}
