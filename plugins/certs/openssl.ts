import { errors } from '../../sdk/index.js';

/**
 * Every openssl call gets file paths only: key material never reaches an argv or a log line.
 * `-passin pass:` makes an encrypted key fail at once instead of prompting.
 */
async function openssl(args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const { execa } = await import('execa');
  const r = await execa('openssl', args, { reject: false, input: '', env: { LC_ALL: 'C' } });
  return { ok: r.exitCode === 0, stdout: r.stdout, stderr: r.stderr };
}

/** The public key of the certificate, or a clear error when the file is no PEM X.509 certificate. */
export async function certPublicKey(crt: string): Promise<string> {
  const r = await openssl(['x509', '-in', crt, '-noout', '-pubkey']);
  if (!r.ok || !r.stdout.includes('PUBLIC KEY')) throw errors.invalidValue('The certificate is not a valid PEM X.509 certificate');
  return r.stdout.trim();
}

export async function keyPublicKey(key: string): Promise<string> {
  const r = await openssl(['pkey', '-in', key, '-pubout', '-passin', 'pass:']);
  if (!r.ok || !r.stdout.includes('PUBLIC KEY')) throw errors.invalidValue('The key is not a valid unencrypted PEM private key');
  return r.stdout.trim();
}

/** Both parse and belong together; nothing is written before this passes. */
export async function assertPair(crt: string, key: string): Promise<void> {
  const [c, k] = [await certPublicKey(crt), await keyPublicKey(key)];
  if (c !== k) throw errors.invalidValue('The certificate and the key do not match');
}

export interface CertInfo {
  expiresAt: string;
  issuer: string;
  subject: string;
  hostnames: string[];
  verified: string;
}

function field(text: string, name: string): string {
  return new RegExp(`^${name}=\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
}

export async function certInfo(crt: string): Promise<CertInfo> {
  const r = await openssl(['x509', '-in', crt, '-noout', '-enddate', '-issuer', '-subject', '-ext', 'subjectAltName']);
  if (!r.ok) throw errors.invalidValue('The installed certificate cannot be read');
  const sans = [...r.stdout.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!);
  const cn = /CN\s*=\s*([^,/\s]+)/.exec(field(r.stdout, 'subject'))?.[1];
  const issuer = field(r.stdout, 'issuer');
  const subject = field(r.stdout, 'subject');
  const verify = await openssl(['verify', crt]);
  const verified = verify.ok ? 'verified by a certificate authority' : issuer === subject ? 'self signed' : 'unverified';
  return { expiresAt: field(r.stdout, 'notAfter'), issuer, subject, hostnames: sans.length ? sans : cn ? [cn] : [], verified };
}

/** A self-signed RSA certificate for DOMAIN (already validated), written to the two paths. */
export async function generateSelfSigned(domain: string, crt: string, key: string): Promise<void> {
  const r = await openssl([
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365',
    '-keyout', key, '-out', crt, '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain}`,
  ]);
  if (!r.ok) throw errors.external(`openssl could not generate a certificate: ${r.stderr.trim()}`);
}
