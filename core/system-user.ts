import fs from 'node:fs';
import path from 'node:path';
import { readFileOr } from './atomic.js';

/** The account the platform runs as and owns its files with. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export function platformUserName(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_SYSTEM_USER || (/^(1|true|yes)$/i.test(env.BERTH_DOKKU_COMPAT ?? '') ? 'dokku' : 'berth');
}

/** The platform user is a local system account, so /etc/passwd answers without spawning anything. */
export function lookupUser(name: string, passwd = '/etc/passwd'): SystemUser | undefined {
  for (const line of readFileOr(passwd, '').split('\n')) {
    const f = line.split(':');
    if (f.length >= 7 && f[0] === name) return { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
  }
  return undefined;
}

/**
 * The platform user of the platform at `root`: BERTH_SYSTEM_USER (default `berth`) when it exists
 * and its home is that root. A platform elsewhere (a test's temp dir) has no platform user.
 */
export function platformUser(root: string, env: NodeJS.ProcessEnv = process.env): SystemUser | undefined {
  const user = lookupUser(platformUserName(env));
  return user && sameDir(user.home, root) ? user : undefined;
}

function sameDir(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}
