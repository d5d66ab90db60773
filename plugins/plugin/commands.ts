import { errors, pluginAdmin, validate, type CommandArgs, type CommandDefinition, type PluginContext } from '../../sdk/index.js';

const format = (y: Parameters<NonNullable<CommandDefinition['builder']>>[0]) =>
  y.option('format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Output format' });

function nameArg(argv: CommandArgs): string {
  return validate.assertPluginName(argv._[0] as string | undefined);
}

/** Runs `install` in every enabled plugin, on an engine that sees the current plugin set. */
async function fireInstall(ctx: PluginContext): Promise<void> {
  await pluginAdmin.withFreshEngine(ctx, (e) => e.triggers.notify('install'));
}

export const list: CommandDefinition = {
  builder: format,
  handler(ctx, argv) {
    const rows = pluginAdmin.listPlugins(ctx.paths);
    if (argv.format === 'json') {
      const out = rows.map((r) => ({
        name: r.name,
        version: r.version ?? null,
        enabled: r.enabled,
        description: r.description ?? null,
        essential: r.essential,
        builtin: r.builtin,
        replacesBuiltin: r.replacesBuiltin,
        error: r.error?.message ?? null,
      }));
      ctx.log.out(JSON.stringify(out));
      return;
    }
    for (const r of rows) {
      const desc = r.error ? `!! ${r.error.message}` : `${r.description ?? ''}${r.replacesBuiltin ? ' (in place of the built-in)' : ''}`;
      ctx.log.out(`  ${r.name.padEnd(20)} ${(r.version ?? '').padEnd(5)} ${(r.enabled ? 'enabled' : 'disabled').padEnd(10)} ${desc}`);
    }
  },
};

export const install: CommandDefinition = {
  usage: '[<git-url|archive.tar.gz|directory>] [--committish REF] [--name NAME] [--core]',
  builder: (y) =>
    y
      .option('name', { type: 'string', describe: 'Install under this name instead of the one derived from the source' })
      .option('committish', { type: 'string', describe: 'Check out this commit, tag or branch (git sources) and pin the plugin to it' })
      .option('core', { type: 'boolean', default: false, describe: 'Only run the install hooks (core plugins cannot be added)' }),
  async handler(ctx, argv) {
    const source = argv._[0] as string | undefined;
    if (argv.core && source) ctx.log.info1('Cannot install additional core plugins, running core plugin install trigger');
    if (!source || argv.core) {
      ctx.log.info1('Running install hooks of every enabled plugin');
      await fireInstall(ctx);
      return;
    }
    const committish = argv.committish as string | undefined;
    const r = await pluginAdmin.install(ctx.paths, source, {
      name: argv.name as string | undefined,
      committish,
      dokkuNames: true,
      strict: true,
      requireDependencies: true,
      npmDependencies: true,
      replaceBuiltin: true,
    });
    if (r.status === 'exists') ctx.log.info1(`Plugin ${r.name} is already installed from ${source}`);
    try {
      pluginAdmin.enable(ctx.paths, r.name, { strict: true });
    } catch (err) {
      if (r.status !== 'exists') pluginAdmin.uninstall(ctx.paths, r.name, { force: true });
      throw err;
    }
    if (r.replacesBuiltin) {
      ctx.log.info1(`Plugin ${r.name} installed (${r.kind}) and enabled in place of the built-in ${r.name}`);
      ctx.log.verbose(`The built-in's data is left in place; 'berth plugin:uninstall ${r.name}' brings the built-in back`);
    } else if (r.status !== 'exists') ctx.log.info1(`Plugin ${r.name} installed (${r.kind}) and enabled`);
    await fireInstall(ctx);
  },
};

/** Dokku's `plugin:install-dependencies [--core]`: every enabled plugin's `dependencies` hook (system packages). */
export const installDependencies: CommandDefinition = {
  usage: '[--core]',
  builder: (y) => y.option('core', { type: 'boolean', default: false, describe: 'Accepted for Dokku; the built-in plugins are enabled plugins too' }),
  async handler(ctx) {
    ctx.log.info1('Running dependencies hooks of every enabled plugin');
    await pluginAdmin.withFreshEngine(ctx, (e) => e.triggers.notify('dependencies'));
  },
};

export const uninstall: CommandDefinition = {
  usage: '<name>',
  async handler(ctx, argv) {
    const name = nameArg(argv);
    if (!pluginAdmin.isInstalled(ctx.paths, name)) throw errors.pluginNotFound(name);
    pluginAdmin.assertRemovable(ctx.paths, name);
    await pluginAdmin.withFreshEngine(ctx, (e) => e.triggers.notify('uninstall', name));
    const replacement = pluginAdmin.isReplacement(ctx.paths, name);
    pluginAdmin.uninstall(ctx.paths, name, { refuseBuiltin: true });
    ctx.log.info1(`Plugin ${name} uninstalled`);
    if (replacement && pluginAdmin.restoreBuiltin(ctx.paths, name)) {
      pluginAdmin.enable(ctx.paths, name, { strict: true });
      ctx.log.info1(`The built-in ${name} is back and enabled (its data was left in place)`);
    }
  },
};

export const enable: CommandDefinition = {
  usage: '<name>',
  handler(ctx, argv) {
    const name = nameArg(argv);
    const changed = pluginAdmin.enable(ctx.paths, name, { strict: true });
    ctx.log.info1(changed ? `Plugin ${name} enabled` : `Plugin ${name} is already enabled`);
    if (pluginAdmin.isReplacement(ctx.paths, name))
      ctx.log.verbose(`It is the community plugin installed in place of the built-in ${name}; 'berth plugin:uninstall ${name}' brings the built-in back`);
    for (const ns of pluginAdmin.shadowedBy(ctx.paths, name))
      ctx.log.warn(`The built-in ${name} answers the ${ns}:* commands ahead of the community plugin ${ns}; disable one of the two ('berth plugin:disable ${name}' or 'berth plugin:disable ${ns}')`);
  },
};

export const disable: CommandDefinition = {
  usage: '<name>',
  handler(ctx, argv) {
    const name = nameArg(argv);
    if (!pluginAdmin.isInstalled(ctx.paths, name)) throw errors.pluginNotFound(name);
    if (!pluginAdmin.isPluginEnabled(ctx.paths, name)) {
      if (pluginAdmin.isBuiltin(ctx.paths, name)) pluginAdmin.setBuiltinDisabled(ctx.paths, name, true);
      ctx.log.info1(`Plugin ${name} is already disabled`);
      return;
    }
    pluginAdmin.disable(ctx.paths, name);
    ctx.log.info1(`Plugin ${name} disabled`);
  },
};

export const update: CommandDefinition = {
  usage: '[<name> [<commit|tag|branch>]]',
  async handler(ctx, argv) {
    const [name, committish] = argv._ as string[];
    if (name) {
      const r = await pluginAdmin.update(ctx.paths, name, committish, { npmDependencies: true });
      if (r.exit !== 0) throw errors.pluginNotFound(name);
      ctx.log.info1(r.message);
    }
    // As in Dokku, every plugin:update that did not fail runs update, whether or not the code changed.
    await pluginAdmin.withFreshEngine(ctx, (e) => e.triggers.notify('update'));
  },
};

export const installed: CommandDefinition = {
  usage: '<name>',
  handler: (ctx, argv) => (pluginAdmin.isInstalled(ctx.paths, nameArg(argv)) ? 0 : 1),
};

export const trigger: CommandDefinition = {
  usage: '<trigger> [args...]',
  raw: true,
  async handler(ctx, argv) {
    const [name, ...args] = argv._ as string[];
    if (!name) throw errors.usage('Please specify a trigger name', 'Usage: berth plugin:trigger <trigger> [args...]');
    validate.assertTriggerName(name);
    const r = await ctx.triggers.raw(name, args, 'inherit');
    if (r.exit !== 0 && r.error && r.handlers.at(-1)?.kind === 'ts') ctx.log.warn(r.error.message);
    return r.exit;
  },
};
