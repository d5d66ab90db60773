import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, type PluginContext } from '../../core/sdk.js';
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
  try {
    if (fs.readFileSync(SYSTEM_INCLUDE, 'utf8') === text) return;
  } catch {
    // not written yet
  }
  try {
    writeFileAtomic(SYSTEM_INCLUDE, text, 0o644);
    ctx.log.info1(`Wrote ${SYSTEM_INCLUDE}`);
  } catch (err) {
    ctx.log.warn(`Cannot write ${SYSTEM_INCLUDE} (${(err as Error).message}); run 'berth install' as root`);
  }
}
