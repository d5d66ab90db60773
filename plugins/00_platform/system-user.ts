import fs from 'node:fs';
import { execa } from 'execa';
import type { PluginContext, SystemUser } from '../../sdk/index.js';
import { errors, lookupUser as lookup, platformUserName } from '../../sdk/index.js';

function shadowLocked(name: string): boolean {
  try {
    const line = fs.readFileSync('/etc/shadow', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    return line?.split(':')[1]?.startsWith('!') ?? false;
  } catch {
    return false;
  }
}

/** The platform user (created with its home at the platform root, and put in the docker group). */
export async function systemUser(ctx: PluginContext, o: { create: boolean }): Promise<SystemUser | undefined> {
  const name = platformUserName(ctx.env);
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(name)) throw errors.invalidName('platform user name', name, 'expected a POSIX user name');
  let user = lookup(name);
  if (!user && o.create) {
    ctx.log.info1(`Creating platform user ${name}`);
    await execa('useradd', ['--system', '--user-group', '--shell', '/bin/bash', '--home-dir', ctx.paths.root, '--no-create-home', name]);
    user = lookup(name);
  }
  if (user && o.create) {
    // The platform root is the user's home, as sshd and git look there.
    if (user.home !== ctx.paths.root) {
      // Re-point only a stale home (its platform is gone); a live one belongs to another platform on this host.
      if (fs.existsSync(user.home) && !ctx.flags.force)
        throw errors.conflict(`The platform user ${name} already serves the platform at ${user.home}`, `Set BERTH_SYSTEM_USER to another user for this platform, or install with --force to move ${name} here`);
      await execa('usermod', ['-d', ctx.paths.root, name]);
    }
    await execa('usermod', ['-aG', 'docker', name], { reject: false });
    // A locked account ('!') is refused by sshd; '*' allows key logins and no password at all.
    if (shadowLocked(name)) await execa('usermod', ['-p', '*', name]);
  }
  return user;
}
