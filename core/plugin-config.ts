import fs from 'node:fs';
import { createRequire } from 'node:module';
import { errors, messageOf } from './errors.js';
import { writeFileAtomic } from './atomic.js';

// The TOML parser is only loaded when a file has to be parsed (the manifest cache usually spares it).
const parseToml = (text: string): unknown => (createRequire(import.meta.url)('toml') as typeof import('toml')).parse(text);

/** plugn's config.toml: one table per plugin, string values only. */
export type ConfigTables = Record<string, Record<string, string>>;

export function readConfigToml(file: string): ConfigTables {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  if (text.trim() === '') return {};
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw errors.manifest(file, '(syntax)', `is not valid TOML: ${messageOf(err)}`);
  }
  const out: ConfigTables = {};
  for (const [table, values] of Object.entries(doc)) {
    if (typeof values !== 'object' || values === null) throw errors.manifest(file, table, 'must be a table');
    const entries: Record<string, string> = {};
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
      if (typeof v !== 'string') throw errors.manifest(file, `${table}.${k}`, 'must be a string');
      own(entries, k, v);
    }
    own(out, table, entries);
  }
  return out;
}

/** A key such as `__proto__` must become a property, never the object's prototype. */
function own<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k);
}

function tomlString(v: string): string {
  return JSON.stringify(v).replace(/\u007f/g, '\\u007f');
}

export function formatConfigToml(tables: ConfigTables): string {
  return Object.keys(tables)
    .map((t) => `[${tomlKey(t)}]\n` + Object.entries(tables[t]).map(([k, v]) => `  ${tomlKey(k)} = ${tomlString(v)}\n`).join(''))
    .join('\n');
}

export function writeConfigToml(file: string, tables: ConfigTables): void {
  writeFileAtomic(file, formatConfigToml(tables), 0o644);
}

export const upperName = (s: string) => s.replace(/-/g, '_').toUpperCase();
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * CONFIG_<KEY> values for one plugin: config.toml, overridden by a non-empty <PLUGIN>_<KEY> in the environment.
 * Values are passed verbatim (plugn evaluated them in a shell); a plugin name that is not an identifier skips the override.
 */
export function configValues(plugin: string, keys: string[], tables: ConfigTables, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const table = tables[plugin] ?? {};
  for (const key of keys) {
    const overrideName = `${upperName(plugin)}_${upperName(key)}`;
    const override = IDENT.test(overrideName) ? env[overrideName] : undefined;
    out[`CONFIG_${upperName(key)}`] = override ? override : table[key] ?? '';
  }
  return out;
}

/** `plugn config export` lines, escaped so that sourcing them cannot run anything. */
export function configExportLines(plugin: string, keys: string[], tables: ConfigTables): string[] {
  const esc = (v: string) => v.replace(/[\\$`"]/g, (c) => `\\${c}`);
  return [...keys].sort().map((key) => {
    const value = esc(tables[plugin]?.[key] ?? '');
    return `export CONFIG_${upperName(key)}="\${${upperName(plugin)}_${upperName(key)}:-"${value}"}"`;
  });
}
