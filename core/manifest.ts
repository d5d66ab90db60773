import fs from 'node:fs';
import { createRequire } from 'node:module';
import { errors, messageOf } from './errors.js';
import { isValidTriggerName } from './validate.js';

// The TOML parser is only loaded when a file has to be parsed (the manifest cache usually spares it).
const parseToml = (text: string): unknown => (createRequire(import.meta.url)('toml') as typeof import('toml')).parse(text);

/** A plugin.toml, validated. `[plugin]` is plugn's table; `[berth]` and `[commands]` are berth's additions. */
export interface Manifest {
  file: string;
  name?: string;
  version?: string;
  description?: string;
  /** Declared config keys (plugn: key = human description; never a default). */
  configKeys: string[];
  /** TS entry module, relative to the plugin directory. */
  module?: string;
  triggers: string[];
  interceptor: boolean;
  essential: boolean;
  provides: Record<string, string>;
  berthRange?: string;
  depends: string[];
  commands: Record<string, string>;
}

type Table = Record<string, unknown>;

export function emptyManifest(file: string): Manifest {
  return { file, configKeys: [], triggers: [], interceptor: false, essential: false, provides: {}, depends: [], commands: {} };
}

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest(file);
    throw errors.manifest(file, '(file)', `cannot be read: ${messageOf(err)}`);
  }
  return parseManifest(file, text);
}

export function parseManifest(file: string, text: string): Manifest {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (err) {
    const e = err as { line?: number; column?: number; location?: { start?: { line?: number; column?: number } }; message?: string };
    const line = e.line ?? e.location?.start?.line ?? '?';
    const column = e.column ?? e.location?.start?.column ?? '?';
    throw errors.manifest(file, '(syntax)', `is not valid TOML at line ${line}, column ${column}: ${e.message ?? messageOf(err)}`);
  }
  const m = emptyManifest(file);
  const plugin = optTable(file, doc, 'plugin', '');
  if (plugin) {
    m.name = optString(file, plugin, 'name', 'plugin.');
    const version = plugin.version;
    if (version !== undefined) {
      if (typeof version !== 'string' && typeof version !== 'number') throw errors.manifest(file, 'plugin.version', 'must be a string');
      m.version = String(version);
    }
    m.description = optString(file, plugin, 'description', 'plugin.');
    const config = optTable(file, plugin, 'config', 'plugin.');
    m.configKeys = config ? Object.keys(config).sort() : [];
  }
  const berth = optTable(file, doc, 'berth', '');
  if (berth) {
    m.module = optString(file, berth, 'module', 'berth.');
    m.triggers = optStringList(file, berth, 'triggers', 'berth.');
    for (const t of m.triggers) if (!isValidTriggerName(t)) throw errors.manifest(file, 'berth.triggers', `holds an invalid trigger name '${t}'`);
    if (m.triggers.length && !m.module) throw errors.manifest(file, 'berth.module', 'is required when berth.triggers is set');
    m.interceptor = optBool(file, berth, 'interceptor', 'berth.');
    m.essential = optBool(file, berth, 'essential', 'berth.');
    m.berthRange = optString(file, berth, 'requires', 'berth.');
    m.depends = optStringList(file, berth, 'depends', 'berth.');
    const provides = optTable(file, berth, 'provides', 'berth.') ?? {};
    for (const [role, impl] of Object.entries(provides)) {
      if (typeof impl !== 'string') throw errors.manifest(file, `berth.provides.${role}`, 'must be a string');
      m.provides[role] = impl;
    }
  }
  const commands = optTable(file, doc, 'commands', '') ?? {};
  for (const [name, desc] of Object.entries(commands)) {
    if (typeof desc !== 'string') throw errors.manifest(file, `commands.${name}`, 'must be a string (the help line)');
    if (!/^[a-z0-9][a-z0-9:_-]*$/.test(name)) throw errors.manifest(file, `commands.${name}`, 'is not a valid command name');
    m.commands[name] = desc;
  }
  if (Object.keys(m.commands).length && !m.module) throw errors.manifest(file, 'berth.module', 'is required when [commands] is set');
  return m;
}

function optTable(file: string, t: Table, key: string, prefix: string): Table | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw errors.manifest(file, prefix + key, 'must be a table');
  return v as Table;
}

function optString(file: string, t: Table, key: string, prefix: string): string | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw errors.manifest(file, prefix + key, 'must be a string');
  return v;
}

function optBool(file: string, t: Table, key: string, prefix: string): boolean {
  const v = t[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw errors.manifest(file, prefix + key, 'must be true or false');
  return v;
}

function optStringList(file: string, t: Table, key: string, prefix: string): string[] {
  const v = t[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw errors.manifest(file, prefix + key, 'must be a list of strings');
  return v as string[];
}
