import fs from 'node:fs';
import path from 'node:path';
import { errors, GLOBAL, validate, type PluginContext, type PropertyCheck } from '../../sdk/index.js';

export const DIRECTORIES: Record<string, string> = {
  default: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

export const DEFAULT_GRACE_SECONDS = 30 * 24 * 3600;

function checkServer(v: string): void {
  if (v in DIRECTORIES) return;
  let url: URL;
  try {
    url = new URL(validate.assertUrl(v));
  } catch {
    throw errors.invalidValue(`Invalid ACME server '${v}': expected default, staging or an https:// directory URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw errors.invalidValue(`Invalid ACME server '${v}': expected an http(s):// directory URL`);
}

function checkServerCa(v: string): void {
  if (!path.isAbsolute(v)) throw errors.invalidValue(`Invalid server-ca '${v}': expected the absolute path of a PEM CA file`);
  let text: string;
  try {
    text = fs.readFileSync(v, 'utf8');
  } catch {
    throw errors.notFound(`The CA file ${v} cannot be read`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw errors.invalidValue(`The CA file ${v} holds no PEM certificate`);
}

function checkGrace(v: string): void {
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) throw errors.invalidValue(`Invalid graceperiod '${v}': expected a number of seconds such as 2592000 (30 days)`);
}

/** What `letsencrypt:set` accepts; each value is checked before anything is written. */
export const SETTABLE: Record<string, PropertyCheck> = {
  email: (v) => void validate.assertEmail(v),
  server: checkServer,
  'server-ca': checkServerCa,
  graceperiod: checkGrace,
  auto: (v) => {
    if (v !== 'true' && v !== 'false') throw errors.invalidValue(`Invalid auto '${v}': expected true or false`);
  },
};

const ENV_EMAIL = ['DOKKU_LETSENCRYPT_EMAIL', 'LETSENCRYPT_EMAIL'];

async function configEmail(ctx: PluginContext, app: string, global: boolean): Promise<string> {
  const raw = (await ctx.triggers.collect('config-export', app, global ? 'true' : 'false', 'false', 'json')).trim();
  if (!raw) return '';
  try {
    const env = JSON.parse(raw) as Record<string, string>;
    return ENV_EMAIL.map((k) => env[k] ?? '').find((v) => v !== '') ?? '';
  } catch {
    return '';
  }
}

/** The app's email, then DOKKU_LETSENCRYPT_EMAIL / LETSENCRYPT_EMAIL in its config, then the same two globally. */
export async function computedEmail(ctx: PluginContext, app: string): Promise<string> {
  if (app !== GLOBAL) {
    const own = ctx.props.get(app, 'email') || (await configEmail(ctx, app, false));
    if (own) return own;
  }
  return ctx.props.get(GLOBAL, 'email') || (await configEmail(ctx, app === GLOBAL ? 'x' : app, true));
}

export function computed(ctx: PluginContext, app: string, key: string): string {
  return app === GLOBAL ? ctx.props.get(GLOBAL, key) ?? '' : ctx.props.computed(app, key, '');
}

export interface Settings {
  email: string;
  server: string;
  directoryUrl: string;
  serverCa: string;
  graceSeconds: number;
}

export async function settingsFor(ctx: PluginContext, app: string): Promise<Settings> {
  const server = computed(ctx, app, 'server') || 'default';
  checkServer(server);
  const grace = computed(ctx, app, 'graceperiod');
  return {
    email: await computedEmail(ctx, app),
    server,
    directoryUrl: DIRECTORIES[server] ?? server,
    serverCa: computed(ctx, app, 'server-ca'),
    graceSeconds: grace && /^\d+$/.test(grace) ? Number(grace) : DEFAULT_GRACE_SECONDS,
  };
}
