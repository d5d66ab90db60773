import { type PluginContext } from '../../sdk/index.js';
import { certDomains, enable, isActive } from './enable.js';
import { computed, computedEmail } from './settings.js';

/** `auto true` (per app or --global) with an email: every deploy and domain change keeps a certificate current. */
export async function autoEnabled(ctx: PluginContext, app: string): Promise<boolean> {
  return computed(ctx, app, 'auto') === 'true' && (await computedEmail(ctx, app)) !== '';
}

/**
 * Automatic TLS never fails the deploy or the domain change that fired it: the app keeps being served as
 * before and the warning says why. Without domains left there is nothing to certify.
 */
export async function autoIssue(ctx: PluginContext, app: string, why: string): Promise<void> {
  if (!(await certDomains(ctx, app)).length) return;
  try {
    await enable(ctx, app, false);
  } catch (err) {
    ctx.log.warn(`Automatic TLS for ${app} (${why}) failed; the app is served as before: ${(err as Error).message}`);
  }
}

/** A domain change: with auto on, the next certificate names exactly the current domains. */
export async function onDomainsChanged(ctx: PluginContext, app: string): Promise<void> {
  if (await autoEnabled(ctx, app)) return autoIssue(ctx, app, 'domains changed');
  if (await isActive(ctx, app)) ctx.log.warn(`The domains of ${app} changed: run 'berth letsencrypt:enable ${app}' so its certificate names them`);
}
