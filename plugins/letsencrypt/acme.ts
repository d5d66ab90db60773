import fs from 'node:fs';
import { errors, type PluginContext } from '../../sdk/index.js';
import type { Settings } from './settings.js';
import { accountKey, removeToken, writeToken } from './store.js';

type Acme = typeof import('acme-client');

/** acme-client (and axios under it) load only when a command talks to an ACME server. */
async function acme(s: Settings): Promise<Acme> {
  const mod = (await import('acme-client')) as Acme & { default?: Acme };
  const lib = mod.default ?? mod;
  if (s.serverCa) {
    const https = await import('node:https');
    let ca: Buffer;
    try {
      ca = fs.readFileSync(s.serverCa);
    } catch {
      throw errors.notFound(`The server-ca file ${s.serverCa} cannot be read`, "Fix it with 'berth letsencrypt:set --global server-ca /path/to/ca.pem'");
    }
    lib.axios.defaults.httpsAgent = new https.Agent({ ca });
  }
  return lib;
}

/** The ACME server's own words (acme-client puts the problem document's detail in the message). */
function answered(s: Settings, what: string, err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return errors.external(`${what} failed; the ACME server ${s.directoryUrl} answered: ${msg}`, err);
}

async function client(ctx: PluginContext, lib: Acme, s: Settings) {
  const key = await accountKey(ctx, s.directoryUrl, s.email, () => lib.crypto.createPrivateKey(2048));
  return new lib.Client({ directoryUrl: s.directoryUrl, accountKey: key, backoffAttempts: 10, backoffMin: 200, backoffMax: 5000 });
}

export interface Issued {
  crt: string;
  key: Buffer;
  notAfter: Date;
}

/** One certificate for all `domains`, proven by HTTP-01 tokens written to the app's challenge dir. */
export async function issue(ctx: PluginContext, app: string, domains: string[], s: Settings): Promise<Issued> {
  const lib = await acme(s);
  const c = await client(ctx, lib, s);
  const [key, csr] = await lib.crypto.createCsr({ commonName: domains[0]!, altNames: domains });
  let crt: string;
  try {
    crt = await c.auto({
      csr,
      email: s.email,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // The ACME server's view is what counts; a host often cannot reach its own public name.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
        if (challenge.type !== 'http-01') throw new Error(`unsupported challenge type ${challenge.type}`);
        writeToken(ctx, app, challenge.token, keyAuthorization);
      },
      challengeRemoveFn: async (_authz, challenge) => removeToken(ctx, app, challenge.token),
    });
  } catch (err) {
    throw answered(s, `Getting a certificate for ${domains.join(', ')}`, err);
  }
  const info = lib.crypto.readCertificateInfo(crt);
  return { crt, key, notAfter: info.notAfter };
}

export async function revoke(ctx: PluginContext, crt: string, s: Settings): Promise<void> {
  const lib = await acme(s);
  const c = await client(ctx, lib, s);
  try {
    // The account that issued the certificate signs the revocation; the server looks it up by its key.
    await c.createAccount({ termsOfServiceAgreed: true, onlyReturnExisting: true, contact: [`mailto:${s.email}`] });
    await c.revokeCertificate(crt);
  } catch (err) {
    throw answered(s, 'Revoking the certificate', err);
  }
}

/** Expiry of a PEM certificate without touching the network. */
export async function notAfter(pem: string): Promise<Date> {
  const crypto = await import('node:crypto');
  return new Date(new crypto.X509Certificate(pem).validTo);
}
