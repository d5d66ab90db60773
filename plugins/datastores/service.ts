import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errors, validate, writeFileAtomic, readFileOr, type PluginContext } from '../../sdk/index.js';
import type { ServiceType } from './types.js';

/** One service: its state dir BERTH_LIB_ROOT/services/<type>/NAME and the Docker names derived from it. */
export interface Service {
  type: ServiceType;
  name: string;
  dir: string;
  container: string;
  /** DNS alias on the service network, and the network's own name. */
  alias: string;
  network: string;
}

export function typeRoot(ctx: PluginContext, type: ServiceType): string {
  return path.join(ctx.paths.libRoot, 'services', type.name);
}

export function service(ctx: PluginContext, type: ServiceType, rawName: string | undefined): Service {
  const name = validate.assertServiceName(rawName);
  const alias = `berth-${type.name}-${name.replace(/[._]/g, '-')}`;
  return { type, name, dir: path.join(typeRoot(ctx, type), name), container: `berth.${type.name}.${name}`, alias, network: alias };
}

export function exists(s: Service): boolean {
  return fs.existsSync(path.join(s.dir, 'PASSWORD'));
}

export function existing(ctx: PluginContext, type: ServiceType, name: string | undefined): Service {
  const s = service(ctx, type, name);
  if (!exists(s)) throw errors.notFound(`${type.title} service ${s.name} does not exist`, `Run 'berth ${type.name}:list' to see your services`);
  return s;
}

export function listServices(ctx: PluginContext, type: ServiceType): string[] {
  try {
    const root = typeRoot(ctx, type);
    return fs.readdirSync(root).filter((n) => /^[A-Za-z0-9_-]+$/.test(n) && fs.existsSync(path.join(root, n, 'PASSWORD'))).sort();
  } catch {
    return [];
  }
}

export function readFile(s: Service, file: string): string {
  return readFileOr(path.join(s.dir, file), '').trim();
}

export function writeFile(s: Service, file: string, value: string, mode = 0o644): void {
  writeFileAtomic(path.join(s.dir, file), value + '\n', mode);
}

export const newPassword = () => crypto.randomBytes(16).toString('hex');

/** Dokku's DATABASE_NAME: the service name with `.` and `-` turned into `_`. */
export const databaseName = (name: string) => name.replace(/[.-]/g, '_');

export function password(s: Service): string {
  return readFile(s, 'PASSWORD');
}

export function image(s: Service): string {
  return readFile(s, 'IMAGE') || `berth/${s.type.name}:${s.type.versions[0]}`;
}

export function url(s: Service): string {
  return s.type.url(password(s), s.alias, readFile(s, 'DATABASE_NAME') || databaseName(s.name));
}

export function links(s: Service): string[] {
  return readFile(s, 'LINKS').split('\n').filter(Boolean);
}

export function writeLinks(s: Service, apps: string[]): void {
  writeFileAtomic(path.join(s.dir, 'LINKS'), [...new Set(apps)].sort().map((a) => a + '\n').join(''), 0o644);
}
