import fs from 'node:fs';
import path from 'node:path';
import type { PluginRecord } from '../core/discovery.js';
import type { Engine } from '../core/engine.js';

export type CommandTarget =
  | { type: 'ts'; plugin: PluginRecord; name: string; description: string }
  | { type: 'subcommand'; plugin: PluginRecord; name: string; file: string };

/** Commands declared in manifests, found without importing any plugin module. */
export function tsCommands(engine: Engine): Map<string, CommandTarget> {
  const out = new Map<string, CommandTarget>();
  for (const p of engine.plugins()) {
    if (p.error) continue;
    for (const [name, description] of Object.entries(p.manifest.commands))
      if (!out.has(name)) out.set(name, { type: 'ts', plugin: p, name, description });
  }
  return out;
}

/**
 * Dokku's `subcommands/` lookup: for a bare `CMD`, `CMD/subcommands/default` then `CMD/subcommands/CMD`;
 * for `PREFIX:SUB` (SUB non-empty), `PREFIX/subcommands/SUB`. Only executable files count.
 */
export function subcommandTarget(engine: Engine, command: string): CommandTarget | undefined {
  const [ns, sub, extra] = command.split(':');
  if (extra !== undefined || !ns || sub === '' || /[/\0]/.test(command) || ns === '.' || ns === '..' || sub === '.' || sub === '..') return undefined;
  const plugin = engine.plugin(ns);
  if (!plugin) return undefined;
  for (const name of sub === undefined ? ['default', ns] : [sub]) {
    const file = path.join(plugin.dir, 'subcommands', name);
    if (isExecutableFile(file)) return { type: 'subcommand', plugin, name: command, file };
  }
  return undefined;
}

/** Plugins with a `commands` file, in byte order: each gets the full argv; exit 10 means "not mine". */
export function commandsFiles(engine: Engine): { plugin: PluginRecord; file: string }[] {
  return engine
    .plugins()
    .map((plugin) => ({ plugin, file: path.join(plugin.dir, 'commands') }))
    .filter((c) => isExecutableFile(c.file));
}

export function shellSubcommandNames(engine: Engine): string[] {
  const names: string[] = [];
  for (const p of engine.plugins()) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(path.join(p.dir, 'subcommands'));
    } catch {
      continue;
    }
    for (const e of entries) if (!e.startsWith('.')) names.push(e === 'default' ? p.name : `${p.name}:${e}`);
  }
  return names;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
