import fs from 'node:fs';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { BUILDER } from './build.js';

/**
 * builder-detect: buildpacks for every source without a Dockerfile. This plugin sorts before
 * builder-dockerfile, so it must stay silent when a Dockerfile (at that builder's configured
 * dockerfile-path) is present; `builder:set APP selected` still wins over both.
 */
export function detectBuilder(ctx: PluginContext, app: string, dir: string): string | undefined {
  const dockerfile = ctx.readProps('builder-dockerfile').computed(app, 'dockerfile-path', 'Dockerfile') || 'Dockerfile';
  return fs.existsSync(path.join(dir, dockerfile)) ? undefined : BUILDER;
}
