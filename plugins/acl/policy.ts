import { GLOBAL, type PluginContext } from '../../sdk/index.js';
import { classify, DEFAULT_ALLOWED, SERVICE_TYPES, type Target } from './rules.js';

/** Who is asking: a key name over SSH, or local use (no key name). */
export interface Caller {
  local: boolean;
  name: string;
}

/**
 * The key name comes from NAME (set by the key's forced command); the trigger's SSH_NAME argument
 * is used when a caller fires the trigger by hand. No name at all is local use: root always, and
 * other local users only outside an SSH session (they can only touch what their unix user can).
 */
export function callerOf(ctx: PluginContext, sshUser: string, sshName: string): Caller {
  const name = ctx.actor.name || (sshName && sshName !== 'default' ? sshName : '');
  if (name) return { local: false, name };
  const root = sshUser === 'root' || process.getuid?.() === 0;
  if (root || !ctx.env.SSH_CONNECTION) return { local: true, name: sshUser || 'root' };
  return { local: false, name: sshName || 'default' };
}

export const admins = (ctx: PluginContext): string[] => ctx.props.getList(GLOBAL, 'admins');
export const allowedCommands = (ctx: PluginContext): string[] => {
  const set = ctx.props.getList(GLOBAL, 'allowed-commands');
  return set.length ? set : DEFAULT_ALLOWED;
};

/** Local root and admins may do everything; with no admins configured every key is an admin. */
export function isAdmin(ctx: PluginContext, caller: Caller): boolean {
  if (caller.local) return true;
  const list = admins(ctx);
  return list.length === 0 || list.includes(caller.name);
}

export const appUsers = (ctx: PluginContext, app: string): string[] => ctx.props.getList(app, 'users');
export const serviceKey = (type: string, service: string) => `service.${type}.${service}`;
export const serviceUsers = (ctx: PluginContext, type: string, service: string): string[] => ctx.props.getList(GLOBAL, serviceKey(type, service));

/** Namespaces treated as service types: the known datastores plus every type that has a grant. */
export function serviceTypes(ctx: PluginContext): Set<string> {
  const types = new Set(SERVICE_TYPES);
  for (const key of ctx.props.keys(GLOBAL)) {
    const m = /^service\.(.+)\.[^.]+$/.exec(key);
    if (m) types.add(m[1]!);
  }
  return types;
}

export function grantedApp(ctx: PluginContext, app: string, user: string): boolean {
  try {
    return appUsers(ctx, app).includes(user);
  } catch {
    return false; // not a valid app name: nobody holds a grant on it
  }
}

/** Why a non-admin may not run a command, or undefined when they may. */
export function denial(ctx: PluginContext, user: string, cmd: string, args: string[], exists: (app: string) => boolean): string | undefined {
  if (allowedCommands(ctx).includes(cmd)) return undefined;
  const t: Target = classify(cmd, args, ctx.flags.app, serviceTypes(ctx));
  const who = `${user} may not run ${cmd}`;
  switch (t.kind) {
    case 'open':
    case 'listing':
      return undefined;
    case 'root-only':
      return `${who} (admins only)`;
    case 'creates-app':
      return `${who} (only admins create apps)`;
    case 'global':
      return `${who} (a global command not on the allowed-commands list)`;
    case 'global-settings':
      return `${who} --global (global settings are for admins)`;
    case 'app':
      if (!t.app) return `${who} without an app (name one of your apps)`;
      if (grantedApp(ctx, t.app, user)) return undefined;
      if (cmd === 'git-receive-pack' && !exists(t.app)) return `${who} on ${t.app} (it does not exist and only admins create apps)`;
      return `${who} on ${t.app} (no grant)`;
    case 'service':
      if (t.adminOnly) return `${who} (admins only)`;
      if (!t.service) return `${who} without a service (name one of yours)`;
      if (!serviceUsers(ctx, t.type, t.service).includes(user)) return `${who} on ${t.type} service ${t.service} (no grant)`;
      if (t.app && !grantedApp(ctx, t.app, user)) return `${who} on ${t.app} (no grant)`;
      return undefined;
  }
}
