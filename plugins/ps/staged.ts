import fs from 'node:fs';
import path from 'node:path';
import { errors, processAlive, writeFileAtomic, type PluginContext } from '../../sdk/index.js';

/**
 * Procfile and app.json travel with a deploy: core-post-extract stages them as `<name>.<pid>` in the
 * ps data dir, the deploy reads the staged copy, and core-post-deploy promotes it. A failed deploy
 * leaves the promoted copies (those of the release that keeps serving) untouched.
 */
export const STAGED_FILES = ['Procfile', 'app.json'] as const;
export type StagedFile = (typeof STAGED_FILES)[number];

const dir = (ctx: PluginContext, app: string) => path.join(ctx.paths.data, app);

/** core-post-extract APP DIR: stage the source's files (an absent file is staged as absent). */
export function stageFromSource(ctx: PluginContext, app: string, source: string): void {
  fs.mkdirSync(dir(ctx, app), { recursive: true });
  for (const name of fs.readdirSync(dir(ctx, app))) {
    const m = /^(Procfile|app\.json)\.(\d+)(\.absent)?$/.exec(name);
    if (m && !processAlive(Number(m[2]))) fs.rmSync(path.join(dir(ctx, app), name), { force: true });
  }
  for (const name of STAGED_FILES) {
    const text = readOr(path.join(source, name));
    if (name === 'app.json' && text !== undefined) parseAppJson(text);
    const staged = path.join(dir(ctx, app), `${name}.${process.pid}`);
    fs.rmSync(`${staged}.absent`, { force: true });
    fs.rmSync(staged, { force: true });
    writeFileAtomic(text === undefined ? `${staged}.absent` : staged, text ?? '');
  }
}

/** The copy this deploy sees: its own staged file, else the promoted one. */
export function readStaged(ctx: PluginContext, app: string, name: StagedFile): string | undefined {
  const staged = path.join(dir(ctx, app), `${name}.${process.pid}`);
  if (fs.existsSync(`${staged}.absent`)) return undefined;
  return readOr(staged) ?? readOr(path.join(dir(ctx, app), name));
}

/** core-post-deploy: the staged files become the app's current ones. */
export function promoteStaged(ctx: PluginContext, app: string): void {
  for (const name of STAGED_FILES) {
    const staged = path.join(dir(ctx, app), `${name}.${process.pid}`);
    if (fs.existsSync(staged)) fs.renameSync(staged, path.join(dir(ctx, app), name));
    else if (fs.existsSync(`${staged}.absent`)) {
      fs.rmSync(path.join(dir(ctx, app), name), { force: true });
      fs.rmSync(`${staged}.absent`, { force: true });
    }
  }
}

export function dropStaged(ctx: PluginContext, app: string): void {
  for (const name of STAGED_FILES) for (const f of [`${name}.${process.pid}`, `${name}.${process.pid}.absent`]) fs.rmSync(path.join(dir(ctx, app), f), { force: true });
}

/**
 * The image's own process table (label com.berth.process-types: a buildpack's default_process_types
 * under the Procfile) joins the Procfile this deploy sees: the non-web types it adds become process
 * types like Procfile ones (scaled by formation or ps:scale, run with /bin/sh -c). A missing web line
 * stays missing: web then runs the image's CMD, as before.
 */
export function stageProcessTable(ctx: PluginContext, app: string, label: string | undefined): void {
  let table: unknown;
  try {
    table = JSON.parse(label ?? '');
  } catch {
    return;
  }
  if (!table || typeof table !== 'object') return;
  const text = readStaged(ctx, app, 'Procfile');
  const procfile = parseProcfile(text);
  const extra = Object.entries(table as Record<string, unknown>).filter(
    ([type, command]) => type !== 'web' && !procfile.has(type) && typeof command === 'string' && command.trim() !== '' && !/[\r\n]/.test(command) && parseProcfile(`${type}: ${command}`).has(type),
  );
  if (!extra.length) return;
  const staged = path.join(dir(ctx, app), `Procfile.${process.pid}`);
  fs.mkdirSync(dir(ctx, app), { recursive: true });
  writeFileAtomic(staged, `${text ?? ''}${text && !text.endsWith('\n') ? '\n' : ''}${extra.map(([t, c]) => `${t}: ${String(c).trim()}\n`).join('')}`);
  fs.rmSync(`${staged}.absent`, { force: true });
}

/** Procfile lines `type: command`; comments and anything else are ignored, as on Heroku. */
export function parseProcfile(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (text ?? '').replace(/\r\n?/g, '\n').split('\n')) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*):\s*(.*\S)\s*$/.exec(line.trim());
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

export interface HealthcheckSpec {
  type?: string;
  name?: string;
  path?: string;
  command?: string | string[];
  content?: string;
  attempts?: number;
  timeout?: number;
  wait?: number;
  initialDelay?: number;
  uptime?: number;
}

export interface AppJson {
  scripts?: { dokku?: { predeploy?: string; postdeploy?: string } };
  formation?: Record<string, { quantity?: number }>;
  healthchecks?: Record<string, HealthcheckSpec[]>;
}

export function parseAppJson(text: string | undefined): AppJson {
  if (text === undefined || !text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw errors.invalidValue(`app.json is not valid JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw errors.invalidValue('app.json must contain a JSON object');
  return value as AppJson;
}

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
