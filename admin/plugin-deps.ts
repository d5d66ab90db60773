import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errors } from '../core/errors.js';
import type { Paths } from '../core/paths.js';

/** berth's own package root: the nearest package.json named `berth` above this file (source or dist). */
export function berthPackageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'berth') return dir;
    } catch {
      // no readable package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) throw errors.notFound(`Cannot find berth's package.json above ${from}`);
  }
}

/**
 * `PLUGIN_PATH/node_modules/berth` → berth's package root, so `import … from 'berth/sdk'` resolves from
 * every plugin under available/ (Node walks up to PLUGIN_PATH/node_modules). Idempotent; replaced atomically.
 */
export function linkSdk(paths: Pick<Paths, 'pluginPath'>, root = berthPackageRoot()): string {
  const dir = path.join(paths.pluginPath, 'node_modules');
  const link = path.join(dir, 'berth');
  fs.mkdirSync(dir, { recursive: true });
  try {
    if (fs.readlinkSync(link) === root) return link;
  } catch {
    // missing or not a link: (re)create below
  }
  const tmp = `${link}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true, recursive: true });
  fs.symlinkSync(root, tmp, 'dir');
  try {
    fs.renameSync(tmp, link);
  } catch {
    fs.rmSync(link, { recursive: true, force: true });
    fs.renameSync(tmp, link);
  }
  return link;
}

/** The npm invocation for a plugin's production dependencies, or undefined when it has no package.json. */
export function npmInstallArgs(dir: string): string[] | undefined {
  let pkg: { dependencies?: object; optionalDependencies?: object };
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return ['install', '--omit=dev'];
  }
  // Nothing to install for production: npm would still resolve the dev tree against the registry.
  if (!Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).length) return undefined;
  const locked = ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => fs.existsSync(path.join(dir, f)));
  return [locked ? 'ci' : 'install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'];
}

const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

/** Installs a plugin's production dependencies in `dir`; a failure names the plugin and shows npm's stderr tail. */
export async function installPluginDependencies(name: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const args = npmInstallArgs(dir);
  if (!args) return false;
  const { execa } = await import('execa');
  const r = await execa('npm', args, { cwd: dir, reject: false, stdin: 'ignore', env: { ...env, npm_config_update_notifier: 'false' } });
  if (r.failed) {
    const why = tail(String(r.stderr ?? '')) || tail(String(r.stdout ?? '')) || (r.code === 'ENOENT' ? 'npm is not installed' : (r.shortMessage ?? ''));
    throw errors.pluginDependencies(name, `npm ${args.slice(0, 2).join(' ')}`, r.exitCode, why);
  }
  return true;
}
