import fs from 'node:fs';
import { errors, validate, type PluginContext } from '../../sdk/index.js';
import { issue, notAfter } from './acme.js';
import { settingsFor, type Settings } from './settings.js';
import { configHash, ensureChallengeDir, readCurrent, writeCert } from './store.js';

/** The app's domains a certificate can name over HTTP-01: no `_` catch-all, no wildcards. */
export async function certDomains(ctx: PluginContext, app: string): Promise<string[]> {
  const all = (await ctx.triggers.collect('domains-list', app)).map((d) => d.trim().toLowerCase()).filter((d) => d !== '' && d !== '_');
  const out: string[] = [];
  for (const d of all) {
    if (d.startsWith('*.')) ctx.log.warn(`Skipping ${d}: a wildcard needs a DNS-01 challenge`);
    else if (validate.isValidDomain(d) && !out.includes(d)) out.push(d);
  }
  return out;
}

/** Seconds until the certificate should be renewed (negative: inside the grace period). */
export function secondsToRenewal(expires: Date, graceSeconds: number, now = Date.now()): number {
  return Math.floor((expires.getTime() - now) / 1000) - graceSeconds;
}

/** Whether the installed certificate is the one this plugin issued last. */
export async function isActive(ctx: PluginContext, app: string): Promise<boolean> {
  const current = readCurrent(ctx, app);
  if (!current) return false;
  const installed = (await ctx.triggers.collect('certs-get', app, 'crt')).trim();
  if (!installed) return false;
  try {
    return fs.readFileSync(installed, 'utf8') === current.pem;
  } catch {
    return false;
  }
}

export type EnableResult = 'issued' | 'skipped';

/**
 * Dokku's idempotent enable: ask the ACME server only when nothing valid of ours is installed, when server,
 * email or domains changed, inside the grace period, or with `force`. The new pair reaches the proxy only
 * through certs-set after issuance succeeded, so a failure leaves the app served as it was.
 */
export async function enable(ctx: PluginContext, app: string, force: boolean): Promise<EnableResult> {
  const domains = await certDomains(ctx, app);
  if (!domains.length) throw errors.notFound(`No domains detected for ${app}`, `Add one with 'berth domains:add ${app} DOMAIN'`);
  const s = await settingsFor(ctx, app);
  if (!s.email) throw errors.usage(`Cannot request a certificate for ${app} without an e-mail address`, `Set one with 'berth letsencrypt:set ${app} email ADDRESS' (or --global)`);
  ctx.log.info2(`Enabling letsencrypt for ${app}`);
  const hash = configHash(s.directoryUrl, s.email, domains);
  const current = readCurrent(ctx, app);
  if (!force && current?.hash === hash && (await isActive(ctx, app)) && secondsToRenewal(await notAfter(current.pem), s.graceSeconds) > 0) {
    ctx.log.info1(`Certificate is still valid for ${app}, skipping certificate request`);
    ctx.log.verbose('Pass --force to letsencrypt:enable to request a new certificate anyway');
    return 'skipped';
  }
  await serveChallenges(ctx, app);
  ctx.log.info1(`Getting a letsencrypt certificate for ${app} via HTTP-01 from ${s.directoryUrl}`);
  for (const d of domains) ctx.log.verbose(`- Domain '${d}'`);
  const cert = await issue(ctx, app, domains, s);
  ctx.log.info1('Certificate retrieved successfully.');
  const files = writeCert(ctx, app, hash, cert.crt, cert.key);
  ctx.log.info1("Installing let's encrypt certificates");
  await ctx.triggers.notify('certs-set', app, files.crt, files.key);
  record(ctx, app, hash, s, domains, cert.notAfter);
  ctx.log.info1('Done');
  return 'issued';
}

function record(ctx: PluginContext, app: string, hash: string, s: Settings, domains: string[], expires: Date): void {
  ctx.props.set(app, 'current', hash);
  ctx.props.setMap(app, 'issued', { server: s.directoryUrl, email: s.email, domains: domains.join(' '), expires: expires.toISOString() });
}

/** The proxy answers /.well-known/acme-challenge/ for the app, deployed or not, before the order starts. */
async function serveChallenges(ctx: PluginContext, app: string): Promise<void> {
  if (ensureChallengeDir(ctx, app)) ctx.log.info1(`Serving ACME challenges for ${app} over http`);
  await ctx.triggers.notify('proxy-build-config', app);
}
