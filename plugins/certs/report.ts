import type { PluginContext, ReportRows } from '../../sdk/index.js';
import { certInfo } from './openssl.js';
import { certFiles, hasCert, tlsDir } from './store.js';

/** Dokku's certs:report keys; an app without a certificate reports empty details. */
export async function reportRows(ctx: PluginContext, app: string): Promise<ReportRows> {
  const enabled = hasCert(ctx, app);
  const info = enabled ? await certInfo(certFiles(ctx, app).crt) : undefined;
  return {
    'ssl-dir': tlsDir(ctx, app),
    'ssl-enabled': String(enabled),
    'ssl-hostnames': info?.hostnames.join(' ') ?? '',
    'ssl-expires-at': info?.expiresAt ?? '',
    'ssl-issuer': info?.issuer ?? '',
    'ssl-subject': info?.subject ?? '',
    'ssl-verified': info?.verified ?? '',
  };
}
