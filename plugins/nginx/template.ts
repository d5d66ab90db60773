import fs from 'node:fs';
import { errors, type PluginContext } from '../../sdk/index.js';
import { upstreamName, type RenderInput } from './render.js';

/**
 * A plugin answering `nginx-app-template-source APP app-config` with a file path replaces the built-in
 * config. The file is plain nginx text with `{{ NAME }}` placeholders: APP, APP_DIR, UPSTREAM,
 * UPSTREAM_SERVERS, LISTENERS, SERVER_NAMES, BIND_ADDRESS, HTTP_PORT. (An app's own nginx.conf.sigil is a
 * Go template and wins over this one: app-template.ts.)
 */
export async function customTemplate(ctx: PluginContext, i: RenderInput): Promise<string | undefined> {
  if (!ctx.triggers.implemented('nginx-app-template-source')) return undefined;
  const file = (await ctx.triggers.collect('nginx-app-template-source', i.app, 'app-config')).trim();
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw errors.notFound(`The nginx template ${file} for ${i.app} cannot be read`);
  }
  const http = i.mappings.find((m) => m.scheme === 'http');
  const values: Record<string, string> = {
    APP: i.app,
    APP_DIR: i.appDir,
    UPSTREAM: upstreamName(i.app),
    UPSTREAM_SERVERS: i.listeners.map((l) => `server ${l};`).join(' '),
    LISTENERS: i.listeners.join(' '),
    SERVER_NAMES: i.domains.join(' '),
    BIND_ADDRESS: i.bindAddress,
    HTTP_PORT: String(http?.host ?? 80),
  };
  const out = text.replace(/\{\{\s*([A-Z_]+)\s*\}\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw errors.invalidValue(`Unknown placeholder ${whole} in the nginx template ${file}`);
    return v;
  });
  ctx.log.verbose(`Using the nginx template ${file}`);
  if (!out.includes('nginx.conf.d')) ctx.log.warn(`The nginx template ${file} does not include ${i.appDir}/nginx.conf.d/*.conf`);
  return out;
}
