import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { quote } from './render.js';
import { mainConf } from './settings.js';

const SYSTEM_INCLUDE = '/etc/nginx/conf.d/berth.conf';

/**
 * Hooks the apps' configs into the system nginx. Skipped when the `conf` property names another main
 * config (that nginx carries its own include line) or when there is no system nginx conf.d.
 */
export function installSystemInclude(ctx: PluginContext): void {
  if (mainConf(ctx) || !fs.existsSync(path.dirname(SYSTEM_INCLUDE))) return;
  const text = [
    '# berth: every app routed by nginx (managed by berth install)',
    'server_names_hash_bucket_size 512;',
    'server_tokens off;',
    `include ${quote(path.join(ctx.paths.root, '*', 'nginx.conf'))};`,
    '',
  ].join('\n');
  let current: string | undefined;
  try {
    current = fs.readFileSync(SYSTEM_INCLUDE, 'utf8');
  } catch {
    // not written yet
  }
  if (current === text) return;
  // One system nginx serves one platform: a second platform on the host (another root) must not take it over.
  const owner = /^include "?([^";]+)\/\*\/nginx\.conf"?;$/m.exec(current ?? '')?.[1];
  if (owner && path.resolve(owner) !== path.resolve(ctx.paths.root) && !ctx.flags.force) {
    ctx.log.warn(`${SYSTEM_INCLUDE} routes the platform at ${owner}; leaving it alone (set 'nginx:set --global conf' for this platform, or install with --force)`);
    return;
  }
  try {
    writeFileAtomic(SYSTEM_INCLUDE, text, 0o644);
    ctx.log.info1(`Wrote ${SYSTEM_INCLUDE}`);
  } catch (err) {
    ctx.log.warn(`Cannot write ${SYSTEM_INCLUDE} (${(err as Error).message}); run 'berth install' as root`);
  }
}
