import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { errors } from '../../sdk/index.js';
import { KEY_TYPE } from './authorized-keys.js';


/** The key text from a file or stdin, with the trailing newlines sshcommand strips. */
export function readKeyText(source: string | undefined): string {
  let raw: Buffer;
  try {
    raw = source && source !== '-' ? fs.readFileSync(source) : fs.readFileSync(0);
  } catch (err) {
    if (source && source !== '-') throw errors.notFound(`Cannot read the key file '${source}': ${(err as Error).message}`);
    raw = Buffer.alloc(0);
  }
  return raw.toString('utf8').replace(/[\r\n]+$/, '').trim();
}

/** One public key, checked by ssh-keygen; returns its fingerprint (ssh-keygen's default hash). */
export async function fingerprintOf(key: string): Promise<string> {
  if (key === '') throw errors.invalidValue('Invalid ssh public key: no key was given', 'Pass a public key file, or the key on stdin');
  if (/[\r\n]/.test(key)) throw errors.invalidValue('Too many keys provided: add one key per ssh-keys:add');
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(key)) throw errors.invalidValue('Invalid ssh public key: it contains control characters');
  const [type, blob] = key.split(/[ \t]+/);
  if (!KEY_TYPE.test(type ?? '') || !blob)
    throw errors.invalidValue('Invalid ssh public key', 'Expected one line such as "ssh-ed25519 AAAA… comment", without options in front');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-key-'));
  try {
    const file = path.join(dir, 'key.pub');
    fs.writeFileSync(file, key + '\n', { mode: 0o600 });
    const r = await execa('ssh-keygen', ['-l', '-f', file], { reject: false, stdin: 'ignore' });
    const fp = r.exitCode === 0 ? r.stdout.split(/\s+/)[1] : undefined;
    if (!fp) throw errors.invalidValue('Invalid ssh public key', (r.stderr || r.stdout).replace(file, 'the key').trim() || undefined);
    return fp;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
