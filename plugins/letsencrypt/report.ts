import { GLOBAL, type PluginContext, type ReportRows } from '../../sdk/index.js';
import { autorenewOn } from './cron.js';
import { isActive } from './enable.js';
import { computedEmail, DEFAULT_GRACE_SECONDS, DIRECTORIES } from './settings.js';

const KEYS = ['email', 'graceperiod', 'server', 'server-ca', 'auto'];

/** Dokku's letsencrypt report keys (app, global and computed value of each setting), plus berth's. */
export async function reportRows(ctx: PluginContext, app: string): Promise<ReportRows> {
  const global = app === GLOBAL;
  const rows: ReportRows = {};
  if (!global) {
    const issued = ctx.props.getMap(app, 'issued');
    rows['letsencrypt-active'] = String(await isActive(ctx, app));
    rows['letsencrypt-expiration'] = issued.expires ? String(Math.floor(Date.parse(issued.expires) / 1000)) : '';
    rows['letsencrypt-domains'] = issued.domains ?? '';
    rows['letsencrypt-revoked'] = issued.revoked ?? '';
  }
  rows['letsencrypt-autorenew'] = String(autorenewOn(ctx));
  for (const key of KEYS) {
    const g = ctx.props.get(GLOBAL, key) ?? '';
    const own = global ? '' : ctx.props.get(app, key) ?? '';
    let value = own || g;
    if (key === 'email') value = await computedEmail(ctx, app);
    if (key === 'graceperiod') value ||= String(DEFAULT_GRACE_SECONDS);
    if (key === 'server') value = DIRECTORIES[value || 'default'] ?? value;
    if (key === 'auto') value ||= 'false';
    rows[`letsencrypt-computed-${key}`] = value;
    rows[`letsencrypt-global-${key}`] = g;
    if (!global) rows[`letsencrypt-${key}`] = own;
  }
  return rows;
}
