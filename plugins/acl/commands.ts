import fs from 'node:fs';
import { errors, GLOBAL, validate, verifyApp, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { admins, allowedCommands, appUsers, serviceKey, serviceUsers } from './policy.js';

const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));

function format(argv: CommandArgs): 'stdout' | 'json' {
  const f = argv.format === undefined ? 'stdout' : String(argv.format);
  if (f !== 'stdout' && f !== 'json') throw errors.usage(`Invalid --format value '${f}': use json or stdout`);
  return f;
}

function args(argv: CommandArgs, n: number, usage: string): string[] {
  const a = argv._.map(String);
  if (a.length !== n || a.some((x) => x === '')) throw errors.usage(`Usage: berth ${usage}`);
  return a;
}

function service(argv: CommandArgs, n: number, usage: string): { type: string; name: string; user?: string; key: string } {
  const [type, name, user] = args(argv, n, usage);
  validate.assertPluginName(type);
  validate.assertServiceName(name);
  return { type: type!, name: name!, user: user === undefined ? undefined : validate.assertSshKeyName(user), key: serviceKey(type!, name!) };
}

function printUsers(ctx: PluginContext, argv: CommandArgs, what: string, users: string[]): void {
  if (format(argv) === 'json') return void ctx.log.out(JSON.stringify(users));
  if (!users.length) return void ctx.log.warn(`Nobody has been granted ${what}`);
  ctx.log.info2(`Users with access to ${what}`);
  for (const u of users) ctx.log.out(u);
}

export async function aclAdd(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const [app0, user0] = args(argv, 2, 'acl:add APP USER');
  const app = await verifyApp(ctx, app0);
  const user = validate.assertSshKeyName(user0);
  if (appUsers(ctx, app).includes(user)) return void ctx.log.info1(`${user} already has access to ${app}`);
  ctx.props.listAdd(app, 'users', user);
  ctx.log.info1(`Granted ${user} access to ${app}`);
}

export async function aclRemove(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const [app0, user0] = args(argv, 2, 'acl:remove APP USER');
  const app = validate.assertAppName(app0);
  const user = validate.assertSshKeyName(user0);
  if (!ctx.props.listRemove(app, 'users', user)) throw errors.notFound(`${user} has no access to ${app}`);
  ctx.log.info1(`Revoked ${user}'s access to ${app}`);
}

export async function aclList(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  const [app0] = args(argv, 1, 'acl:list APP [--format json]');
  const app = await verifyApp(ctx, app0);
  printUsers(ctx, argv, app, appUsers(ctx, app));
}

export function aclAddService(ctx: PluginContext, argv: CommandArgs): void {
  const s = service(argv, 3, 'acl:add-service TYPE NAME USER');
  const label = `${s.type} service ${s.name}`;
  if (serviceUsers(ctx, s.type, s.name).includes(s.user!)) return void ctx.log.info1(`${s.user} already has access to ${label}`);
  ctx.props.listAdd(GLOBAL, s.key, s.user!);
  ctx.log.info1(`Granted ${s.user} access to ${label}`);
}

export function aclRemoveService(ctx: PluginContext, argv: CommandArgs): void {
  const s = service(argv, 3, 'acl:remove-service TYPE NAME USER');
  const label = `${s.type} service ${s.name}`;
  if (!ctx.props.listRemove(GLOBAL, s.key, s.user!)) throw errors.notFound(`${s.user} has no access to ${label}`);
  ctx.log.info1(`Revoked ${s.user}'s access to ${label}`);
}

export function aclListService(ctx: PluginContext, argv: CommandArgs): void {
  const s = service(argv, 2, 'acl:list-service TYPE NAME [--format json]');
  printUsers(ctx, argv, `${s.type} service ${s.name}`, serviceUsers(ctx, s.type, s.name));
}

const SETTINGS = ['admins', 'allowed-commands'];

/** `acl:set --global admins alice,bob`; no value goes back to the default. */
export function aclSet(ctx: PluginContext, argv: CommandArgs): void {
  const [key, ...rest] = argv._.map(String);
  if (argv.global !== true || !key || rest.length > 1) throw errors.usage('Usage: berth acl:set --global admins|allowed-commands [NAME,NAME,...]');
  if (!SETTINGS.includes(key)) throw errors.usage(`Invalid acl property '${key}': use ${SETTINGS.join(' or ')}`);
  const values = (rest[0] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (key === 'admins') values.forEach((v) => validate.assertSshKeyName(v));
  else for (const v of values) if (!/^[A-Za-z0-9][A-Za-z0-9:._-]*$/.test(v)) throw errors.usage(`Invalid command name '${v}'`);
  ctx.props.setList(GLOBAL, key, [...new Set(values)]);
  ctx.log.info1(values.length ? `Set acl ${key} to ${values.join(',')}` : `Unset acl ${key}`);
}

function grantedApps(ctx: PluginContext): string[] {
  let scopes: string[];
  try {
    scopes = fs.readdirSync(ctx.props.dir);
  } catch {
    return [];
  }
  return scopes.filter((s) => validate.isValidAppName(s) && appUsers(ctx, s).length > 0).sort();
}

/** Global settings plus every app that has grants. */
export function aclReport(ctx: PluginContext, argv: CommandArgs): void {
  const list = admins(ctx);
  const grants: Record<string, string[]> = {};
  for (const app of grantedApps(ctx)) grants[app] = appUsers(ctx, app);
  const rows = {
    'acl-enforced': String(list.length > 0),
    'acl-admins': list.join(','),
    'acl-allowed-commands': allowedCommands(ctx).join(','),
    'acl-app-grants': Object.entries(grants).map(([app, users]) => `${app}:${users.join('+')}`).join(' '),
  };
  if (format(argv) === 'json') return void ctx.log.out(JSON.stringify({ ...rows, 'acl-enforced': list.length > 0, grants }));
  ctx.log.info2('acl information');
  const width = Math.max(...Object.keys(rows).map((k) => k.length)) + 3;
  for (const [k, v] of Object.entries(rows)) ctx.log.out(`       ${(k.replace(/-/g, ' ').replace(/^a/, 'A') + ':').padEnd(width)}${v}`);
  if (!list.length) ctx.log.warn('No admins are set: every SSH key may run every command (acl:set --global admins NAME,...)');
}
