import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { isValidAppName, isValidPluginName } from './validate.js';
import { errors } from './errors.js';

export const GLOBAL = '--global';
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * One plugin's properties in Dokku's layout: config/<plugin>/<app|--global>/<key>.
 * Scalars are raw files without a trailing newline, lists are newline-separated, maps are JSON.
 */
export class PropertyStore {
  readonly dir: string;

  constructor(libRoot: string, readonly plugin: string) {
    if (!isValidPluginName(plugin)) throw errors.invalidName('plugin name', plugin, 'not a valid property namespace');
    this.dir = path.join(libRoot, 'config', plugin);
  }

  private file(scope: string, key: string): string {
    return path.join(this.scopeDir(scope), checkKey(key));
  }

  private scopeDir(scope: string): string {
    if (scope !== GLOBAL && !isValidAppName(scope) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(scope))
      throw errors.invalidName('property scope', scope, 'expected an app name or --global');
    return path.join(this.dir, scope);
  }

  get(scope: string, key: string): string | undefined {
    try {
      return fs.readFileSync(this.file(scope, key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** App value, then the global one, then the default: what Dokku's reports call "computed". */
  computed(scope: string, key: string, fallback = ''): string {
    const own = scope === GLOBAL ? undefined : this.get(scope, key);
    return own ?? this.get(GLOBAL, key) ?? fallback;
  }

  getOr(scope: string, key: string, fallback: string): string {
    return this.get(scope, key) ?? fallback;
  }

  exists(scope: string, key: string): boolean {
    return fs.existsSync(this.file(scope, key));
  }

  /** An empty value deletes the key, as Dokku's `X:set APP KEY` without a value does. */
  set(scope: string, key: string, value: string): void {
    if (value === '') return this.delete(scope, key);
    writeFileAtomic(this.file(scope, key), value, 0o600);
  }

  delete(scope: string, key: string): void {
    fs.rmSync(this.file(scope, key), { force: true });
  }

  keys(scope: string): string[] {
    try {
      return fs.readdirSync(this.scopeDir(scope)).filter((k) => KEY.test(k) && !k.includes('.tmp-')).sort();
    } catch {
      return [];
    }
  }

  all(scope: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of this.keys(scope)) out[k] = this.get(scope, k) ?? '';
    return out;
  }

  getList(scope: string, key: string): string[] {
    const raw = this.get(scope, key);
    return raw ? raw.split('\n').filter((l) => l !== '') : [];
  }

  setList(scope: string, key: string, values: string[]): void {
    if (values.some((v) => v.includes('\n'))) throw errors.invalidValue('List values cannot contain newlines');
    this.set(scope, key, values.join('\n'));
  }

  listAdd(scope: string, key: string, value: string): void {
    this.setList(scope, key, [...this.getList(scope, key), value]);
  }

  listRemove(scope: string, key: string, value: string): boolean {
    const list = this.getList(scope, key);
    const next = list.filter((v) => v !== value);
    this.setList(scope, key, next);
    return next.length !== list.length;
  }

  getMap(scope: string, key: string): Record<string, string> {
    const raw = this.get(scope, key);
    return raw ? (JSON.parse(raw) as Record<string, string>) : {};
  }

  setMap(scope: string, key: string, map: Record<string, string>): void {
    this.set(scope, key, Object.keys(map).length ? JSON.stringify(map) : '');
  }

  clone(from: string, to: string): void {
    const src = this.scopeDir(from);
    if (!fs.existsSync(src)) return;
    fs.mkdirSync(this.scopeDir(to), { recursive: true });
    for (const k of this.keys(from)) writeFileAtomic(this.file(to, k), fs.readFileSync(this.file(from, k)), 0o600);
  }

  /** Remove one app's properties, or the whole namespace with `_all_`. */
  destroy(scope: string): void {
    fs.rmSync(scope === '_all_' ? this.dir : this.scopeDir(scope), { recursive: true, force: true });
  }
}

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 100) throw errors.invalidName('property', key, 'use letters, digits, "_", "." and "-"');
  return key;
}
