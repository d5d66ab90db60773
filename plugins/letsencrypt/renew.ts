import { errors, type PluginContext } from '../../sdk/index.js';
import { notAfter } from './acme.js';
import { enable, secondsToRenewal } from './enable.js';
import { settingsFor } from './settings.js';
import { readCurrent } from './store.js';

export interface Expiry {
  app: string;
  expires: Date;
  toExpiry: number;
  toRenewal: number;
}

/** Apps with a certificate of ours, most urgent renewal first. */
export async function expiries(ctx: PluginContext, apps: string[]): Promise<Expiry[]> {
  const out: Expiry[] = [];
  for (const app of apps) {
    const current = readCurrent(ctx, app);
    if (!current) continue;
    const expires = await notAfter(current.pem);
    const { graceSeconds } = await settingsFor(ctx, app);
    out.push({ app, expires, toExpiry: Math.floor((expires.getTime() - Date.now()) / 1000), toRenewal: secondsToRenewal(expires, graceSeconds) });
  }
  return out.sort((a, b) => a.toRenewal - b.toRenewal);
}

/** `12d, 3h, 4m, 5s` as Dokku's list prints time spans. */
export function formatSpan(seconds: number): string {
  if (seconds <= 0) return 'now';
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(seconds / size);
    seconds -= n * size;
    if (n || (unit === 's' && !parts.length)) parts.push(`${n}${unit}`);
  }
  return parts.join(', ');
}

/** Renew what is inside its grace period; one app failing does not stop the others, but fails the run. */
export async function autoRenew(ctx: PluginContext, apps: string[], single: boolean): Promise<void> {
  if (!single) ctx.log.info2('Auto-renewing all apps...');
  const list = await expiries(ctx, apps);
  if (single && !list.length) return void ctx.log.info1(`Letsencrypt not enabled for ${apps[0]}`);
  const failed: string[] = [];
  for (const e of list) {
    if (e.toRenewal > 0) {
      ctx.log.verbose(`${e.app} still has ${formatSpan(e.toRenewal)} left before renewal`);
      continue;
    }
    ctx.log.info1(`${e.app} needs renewal`);
    try {
      await enable(ctx, e.app, true);
    } catch (err) {
      ctx.log.warn(`Renewing ${e.app} failed: ${(err as Error).message}`);
      failed.push(e.app);
    }
  }
  if (!single) ctx.log.info2('Finished auto-renewal');
  if (failed.length) throw errors.external(`The certificates of ${failed.join(', ')} could not be renewed; each app keeps its current certificate`);
}
