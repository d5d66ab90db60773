import fs from 'node:fs';
import path from 'node:path';
import { GLOBAL, errors, type PluginContext } from '../../sdk/index.js';
import { parseBuildpacksFile } from './sources.js';

/**
 * Which buildpacks a build runs. `explicit`: every one, in order (Heroku multi-buildpack); their
 * bin/detect must pass. `detect`: the first whose bin/detect passes.
 */
export interface Plan {
  mode: 'explicit' | 'detect';
  urls: string[];
  /** Where the list came from, for the build output. */
  origin: string;
  /**
   * False for lists the app's users control (.buildpacks, BUILDPACK_URL): those may not name sources
   * on this host's filesystem. Lists set with buildpacks:* (local paths only from the host) are trusted.
   */
  hostPaths: boolean;
}

/**
 * First match wins: the app's buildpacks property (buildpacks:add/set), BUILDPACK_URL, the app's
 * `.buildpacks` file, the admin's default list (buildpacks:set --global), then the small offline
 * buildpacks shipped in the repository's fixtures/buildpacks.
 */
export async function planBuildpacks(ctx: PluginContext, app: string, dir: string, env: Record<string, string>): Promise<Plan> {
  const configured = await listOf(ctx, app);
  if (configured.length) return { mode: 'explicit', urls: configured, origin: `buildpacks:list ${app}`, hostPaths: true };
  if (env.BUILDPACK_URL?.trim()) return { mode: 'explicit', urls: [env.BUILDPACK_URL.trim()], origin: 'the BUILDPACK_URL config var', hostPaths: false };
  const file = path.join(dir, '.buildpacks');
  if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    const urls = parseBuildpacksFile(fs.readFileSync(file, 'utf8'));
    if (urls.length) return { mode: 'explicit', urls, origin: 'the .buildpacks file', hostPaths: false };
  }
  const defaults = await listOf(ctx, GLOBAL);
  if (defaults.length) return { mode: 'detect', urls: defaults, origin: 'the default buildpacks (buildpacks:list --global)', hostPaths: true };
  const shipped = shippedBuildpacks(ctx);
  if (shipped.length) return { mode: 'detect', urls: shipped, origin: 'the buildpacks shipped with berth (fixtures/buildpacks)', hostPaths: true };
  throw errors.notFound(
    `No buildpacks are configured for ${app}`,
    'Set the default list with buildpacks:set --global URL, or the app list with buildpacks:add APP URL',
  );
}

async function listOf(ctx: PluginContext, scope: string): Promise<string[]> {
  if (!ctx.triggers.implemented('buildpacks-list')) return [];
  return (await ctx.triggers.collect('buildpacks-list', scope)).map((l) => l.trim()).filter(Boolean);
}

/**
 * fixtures/buildpacks of the berth checkout this plugin runs from (plugins/X or dist/plugins/X), in
 * the order its `default-order` file gives. Empty when berth was installed without fixtures.
 */
export function shippedBuildpacks(ctx: PluginContext): string[] {
  let dir: string;
  try {
    dir = fs.realpathSync(ctx.paths.pluginDir);
  } catch {
    return [];
  }
  for (let i = 0; i < 4; i++) {
    dir = path.dirname(dir);
    const root = path.join(dir, 'fixtures', 'buildpacks');
    const order = path.join(root, 'default-order');
    if (!fs.existsSync(order)) continue;
    return parseBuildpacksFile(fs.readFileSync(order, 'utf8'))
      .map((name) => path.join(root, name))
      .filter((p) => fs.statSync(path.join(p, 'bin', 'compile'), { throwIfNoEntry: false })?.isFile());
  }
  return [];
}
