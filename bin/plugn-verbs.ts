import fs from 'node:fs';
import path from 'node:path';
import { listDir } from '../core/discovery.js';
import { errors } from '../core/errors.js';
import { readManifest } from '../core/manifest.js';
import * as admin from '../admin/plugin-admin.js';
import { configExportLines, readConfigToml, writeConfigToml } from '../core/plugin-config.js';
import type { Paths } from '../core/paths.js';
import { assertPluginName, isValidTriggerName } from '../core/validate.js';
import { berthVersion } from '../core/version.js';
import { exitCodeFor } from './exit-codes.js';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export interface VerbCall {
  paths: Paths;
  env: NodeJS.ProcessEnv;
  io: Io;
  args: string[];
}

export interface Verb {
  desc: string;
  /** Argument placeholders for `plugn help VERB`. */
  args: string[];
  run(c: VerbCall): number | Promise<number>;
}

const handledByMain = () => 0;

/** plugn's `%v` of a manifest field: `<nil>` when the key is missing, nothing when there is no plugin.toml. */
function field(row: admin.PluginRow, value: string | undefined): string {
  if (!row.hasManifest || row.error?.code === 'MANIFEST_INVALID') return '';
  return value ?? '<nil>';
}

async function trigger({ paths, env, io, args }: VerbCall): Promise<number> {
  if (args.length === 0) return 1;
  const [hook, ...rest] = args;
  if (hook === '') return 0;
  if (!isValidTriggerName(hook)) {
    io.err(`Invalid hook name '${hook}': it must not be "." or "..", nor contain "/" or NUL\n`);
    return 1;
  }
  const { Engine } = await import('../core/engine.js');
  const engine = new Engine({ paths, env });
  await engine.loadInterceptors();
  try {
    const r = await engine.triggers.raw(hook, rest, 'inherit');
    // A shell handler has said why on its own stderr; a TS handler's error is printed as berth prints it.
    if (r.exit !== 0 && r.error && r.handlers.at(-1)?.kind === 'ts') exitCodeFor(r.error, { write: io.err }, { triggerFailures: true });
    return r.exit;
  } finally {
    await engine.flush();
  }
}

export const verbs: Record<string, Verb> = {
  config: { desc: 'Plugin configuration', args: ['subcommand'], run: handledByMain },
  disable: {
    desc: 'Disable a plugin',
    args: ['name'],
    run: ({ paths, args }) => (admin.disable(paths, args[0] as string), 0),
  },
  enable: {
    desc: 'Enable a plugin',
    args: ['name'],
    run: ({ paths, args }) => (admin.enable(paths, args[0] as string), 0),
  },
  help: { desc: 'Shows help information for a command', args: ['args'], run: handledByMain },
  init: {
    desc: 'Initialize an empty plugin path',
    args: [],
    run: ({ paths, io }) => {
      admin.init(paths);
      io.out(`Initialized empty Plugn plugin path in ${paths.pluginPath}\n`);
      return 0;
    },
  },
  install: {
    desc: 'Install a new plugin from a Git URL',
    args: ['url', 'name'],
    run: async ({ paths, io, args: [url, name] }) => {
      if (!url) throw errors.usage('Usage: plugn install <url> [name]');
      const r = await admin.install(paths, url, { name: name || undefined });
      if (r.status === 'exists') io.err(`Plugin '${r.name}' is already installed.\n`);
      return 0;
    },
  },
  list: {
    desc: 'List all local plugins',
    args: [],
    run: ({ paths, io }) => {
      for (const row of admin.listPlugins(paths)) {
        if (row.error?.code === 'MANIFEST_INVALID') io.err(` !     ${row.error.message}\n`);
        const status = row.enabled ? 'enabled' : 'disabled';
        io.out(`  ${row.name.padEnd(20)} ${field(row, row.version).padEnd(5)} ${status.padEnd(10)} ${field(row, row.description)}\n`);
      }
      return 0;
    },
  },
  source: {
    desc: 'Source commands for sourcable plugins',
    args: [],
    run: ({ paths, io }) => {
      for (const name of listDir(paths.enabled)) {
        const file = path.join(paths.enabled, name, `${name}.sh`);
        if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) io.out(`source ${file}\n`);
      }
      return 0;
    },
  },
  trigger: { desc: 'Triggers hook in enabled plugins', args: ['hook'], run: trigger },
  uninstall: {
    desc: 'Remove plugin from available plugins',
    args: ['name'],
    run: ({ paths, args }) => (admin.uninstall(paths, args[0]), 0),
  },
  update: {
    desc: 'Update plugin and optionally pin to commit/tag/branch',
    args: ['name', 'committish'],
    run: async ({ paths, io, args: [name, committish] }) => {
      const r = await admin.update(paths, name, committish || undefined);
      io.out(`${r.message}\n`);
      return r.exit;
    },
  },
  version: {
    desc: 'Show version',
    args: [],
    run: ({ io }) => (io.out(`plugn: ${berthVersion()}\n`), 0),
  },
};

/** Own keys only, so names like `__proto__` or `toString` read as missing. */
function ownValue(tables: Record<string, Record<string, string>>, plugin: string, key: string): string | undefined {
  const table = Object.hasOwn(tables, plugin) ? tables[plugin] : undefined;
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}

function needs(args: string[], count: number, usage: string): void {
  if (args.length < count || args.slice(0, count).some((a) => a === '')) throw errors.usage(`Usage: plugn config ${usage}`);
}

export const configVerbs: Record<string, Verb> = {
  export: {
    desc: 'Export plugin configuration',
    args: ['plugin'],
    run: ({ paths, io, args }) => {
      needs(args, 1, 'export <plugin>');
      const file = path.join(paths.available, assertPluginName(args[0]), 'plugin.toml');
      if (!fs.existsSync(file)) {
        io.err(`open ${file}: no such file or directory\n`);
        return 1;
      }
      const lines = configExportLines(args[0], readManifest(file).configKeys, readConfigToml(paths.configToml));
      for (const line of lines) io.out(line + '\n');
      return 0;
    },
  },
  get: {
    desc: 'Get plugin configuration',
    args: ['plugin', 'name'],
    run: ({ paths, io, args: [plugin, key, ...rest] }) => {
      needs([plugin, key, ...rest], 2, 'get <plugin> <key>');
      io.out(`${ownValue(readConfigToml(paths.configToml), plugin, key) ?? '<nil>'}\n`);
      return 0;
    },
  },
  set: {
    desc: 'Set plugin configuration',
    args: ['plugin', 'name', 'value'],
    run: ({ paths, io, args: [plugin, key, value = ''] }) => {
      needs([plugin, key], 2, 'set <plugin> <key> <value>');
      if (!fs.existsSync(paths.configToml)) {
        io.err(`open ${paths.configToml}: no such file or directory\n`);
        return 1;
      }
      const tables = new Map(Object.entries(readConfigToml(paths.configToml)));
      const table = new Map(Object.entries(tables.get(plugin) ?? {}));
      tables.set(plugin, Object.fromEntries(table.set(key, value)));
      writeConfigToml(paths.configToml, Object.fromEntries(tables));
      return 0;
    },
  },
};
