import { GLOBAL, errors, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { callerOf, denial, isAdmin, grantedApp, serviceKey, serviceUsers } from './policy.js';
import { positionals, repoArgApp } from './rules.js';

async function appExists(ctx: PluginContext, app: string): Promise<boolean> {
  return (await ctx.triggers.gate('app-exists', app)).ok;
}

/** `user-auth SSH_USER SSH_NAME CMD ARGS…`: say what was refused and why, then veto. */
async function userAuth(ctx: PluginContext, sshUser: string, sshName: string, cmd: string, ...args: string[]): Promise<void> {
  const caller = callerOf(ctx, sshUser, sshName);
  if (isAdmin(ctx, caller)) return;
  // only a push can create an app, and only then does existence change the answer
  const pushed = cmd === 'git-receive-pack' ? repoArgApp(positionals(args)[0]) : undefined;
  const exists = pushed ? await appExists(ctx, pushed).catch(() => false) : true;
  const why = denial(ctx, caller.name, cmd ?? '', args, () => exists);
  if (why === undefined) return;
  ctx.log.warn(why);
  throw errors.denied(why);
}

export const triggers: TypedTriggerHandlers = {
  'user-auth': userAuth,

  'user-auth-app': (ctx, sshUser, sshName, ...apps) => {
    const caller = callerOf(ctx, sshUser, sshName);
    if (isAdmin(ctx, caller)) return apps;
    return apps.filter((app) => grantedApp(ctx, app, caller.name));
  },

  'user-auth-service': (ctx, sshUser, sshName, type, ...services) => {
    const caller = callerOf(ctx, sshUser, sshName);
    if (isAdmin(ctx, caller)) return services;
    return services.filter((s) => serviceUsers(ctx, type, s).includes(caller.name));
  },

  'post-delete': (ctx, app) => ctx.props.destroy(app),
  // a destroyed service takes its grants along: a new one of the same name starts with none
  'service-action': (ctx, event, type, service) => {
    if (event === 'post-destroy' && type && service) ctx.props.delete(GLOBAL, serviceKey(type, service));
  },
  // the grants follow a renamed app; a clone starts with none
  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
};
