import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errors, messageOf } from './errors.js';
import type { PluginRecord } from './discovery.js';
import type { PluginDefinition } from './types.js';
import { mark } from './timeline.js';

export type ModuleImporter = (file: string) => Promise<unknown>;

/** Built-in plugins ship compiled (.js beside the declared .ts); community TS plugins are loaded with tsx. */
export const defaultImporter: ModuleImporter = async (file) => {
  if (/\.[cm]?ts$/.test(file)) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
  return import(pathToFileURL(file).href);
};

export function moduleFile(plugin: PluginRecord): string {
  const declared = path.resolve(plugin.dir, plugin.manifest.module ?? 'index.ts');
  const compiled = declared.replace(/\.[cm]?ts$/, '.js');
  return compiled !== declared && fs.existsSync(compiled) ? compiled : declared;
}

/** A plugin outside any `"type": "module"` package is compiled to CommonJS by tsx: its default export arrives wrapped once more. */
function unwrapDefault(mod: { default?: PluginDefinition }): PluginDefinition {
  const def = mod.default ?? (mod as PluginDefinition);
  const inner = (def as { default?: PluginDefinition }).default;
  return inner && typeof inner === 'object' && !def.triggers && !def.commands ? inner : def;
}

export async function loadPluginModule(plugin: PluginRecord, importer: ModuleImporter): Promise<PluginDefinition> {
  const file = moduleFile(plugin);
  let mod: { default?: PluginDefinition };
  const t0 = performance.now();
  try {
    mod = (await importer(file)) as { default?: PluginDefinition };
    mark(`module of ${plugin.name} loaded (${Math.round(performance.now() - t0)} ms)`);
  } catch (err) {
    throw errors.pluginLoad(plugin.name, `cannot import ${path.basename(file)}: ${messageOf(err)}`, err);
  }
  const def = unwrapDefault(mod);
  for (const t of plugin.manifest.triggers)
    if (typeof def.triggers?.[t] !== 'function')
      throw errors.pluginLoad(plugin.name, `plugin.toml declares trigger '${t}' but the module exports no handler for it`);
  for (const c of Object.keys(plugin.manifest.commands))
    if (typeof def.commands?.[c]?.handler !== 'function')
      throw errors.pluginLoad(plugin.name, `plugin.toml declares command '${c}' but the module exports no handler for it`);
  if (plugin.manifest.interceptor && typeof def.intercept !== 'function')
    throw errors.pluginLoad(plugin.name, 'plugin.toml sets berth.interceptor but the module exports no intercept()');
  return def;
}
