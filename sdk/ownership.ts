import fs from 'node:fs';
import path from 'node:path';
import type { Paths } from '../core/paths.js';
import { platformUser } from '../core/system-user.js';

/**
 * After root ran the install triggers, everything the platform writes at run time belongs to the
 * platform user again (install handlers write properties, logs and data as root).
 */
export async function handOverToPlatformUser(paths: Paths): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const user = platformUser(paths.root);
  if (!user) return;
  const owner = `${user.uid}:${user.gid}`;
  // imported here: this module loads with every command, execa costs more than the rest of start-up
  const { execa } = await import('execa');
  const trees = [paths.root, ...['config', 'data', 'logs', 'services'].map((d) => path.join(paths.libRoot, d))].filter((d) => fs.existsSync(d));
  if (trees.length) await execa('chown', ['-R', owner, ...trees]);
  const own = [paths.libRoot, paths.pluginPath, path.join(paths.pluginPath, '.manifest-cache.json')].filter((f) => fs.existsSync(f));
  if (own.length) await execa('chown', [owner, ...own]);
}
