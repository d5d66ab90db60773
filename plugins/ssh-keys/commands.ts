import { errors, platformUser, validate, type CommandArgs, type PluginContext } from '../../sdk/index.js';
import { assertKeyLines, DEFAULT_OPTIONS, entries, formatEntry, parseEntry, readLines, writeLines, type KeyEntry } from './authorized-keys.js';
import { fingerprintOf, readKeyText } from './public-key.js';
import { ensureSshEntry } from './setup.js';

/**
 * Key lines grant access to the platform: only root on the host changes them (as in Dokku). A
 * machine without the platform user (a development checkout) lets its owner manage a test key file.
 */
function requireRoot(ctx: PluginContext, command: string): void {
  if (process.getuid?.() !== 0 && (ctx.actor.fingerprint !== '' || platformUser(ctx.paths.root, ctx.env)))
    throw errors.denied(`${command} must be run as root on the host (sudo berth ${command} …)`);
}

/** SSHCOMMAND_ALLOWED_KEYS, or the default: options end at the first blank, so none may appear. */
function keyOptions(ctx: PluginContext): string {
  const opts = ctx.env.SSHCOMMAND_ALLOWED_KEYS || DEFAULT_OPTIONS;
  if (/[\s\\\x00-\x1f]/.test(opts) || (opts.match(/"/g)?.length ?? 0) % 2)
    throw errors.invalidValue(`Invalid SSHCOMMAND_ALLOWED_KEYS '${opts}'`, 'Use comma-separated authorized_keys options without blanks');
  return opts;
}

/** sshcommand's switches: any value but `true` turns a duplicate check off. */
function checks(ctx: PluginContext, name: 'NAME' | 'FINGERPRINT'): boolean {
  const v = ctx.env[`SSHCOMMAND_CHECK_DUPLICATE_${name}`];
  return v === undefined || v === '' || v === 'true';
}

export async function addKey(ctx: PluginContext, argv: CommandArgs): Promise<void> {
  requireRoot(ctx, 'ssh-keys:add');
  const [nameArg, source, extra] = argv._ as string[];
  if (extra !== undefined) throw errors.usage('Usage: berth ssh-keys:add NAME [KEY_FILE|-]');
  const name = validate.assertSshKeyName(nameArg);
  const publicKey = readKeyText(source);
  const fingerprint = await fingerprintOf(publicKey);
  const lines = readLines(ctx);
  assertKeyLines(ctx, lines);
  const existing = entries(lines);
  if (checks(ctx, 'NAME') && existing.some((e) => e.name === name)) throw errors.conflict('Duplicate ssh key name', `Remove it first with 'berth ssh-keys:remove ${name}'`);
  if (checks(ctx, 'FINGERPRINT') && existing.some((e) => e.fingerprint === fingerprint)) throw errors.conflict('Duplicate ssh public key specified');
  ensureSshEntry(ctx, { refresh: false });
  writeLines(ctx, [...lines, formatEntry(ctx.paths.root, { fingerprint, name, options: keyOptions(ctx), publicKey })]);
  ctx.log.out(fingerprint);
}

export function removeKey(ctx: PluginContext, argv: CommandArgs): void {
  requireRoot(ctx, 'ssh-keys:remove');
  const fp = argv.fingerprint === undefined ? undefined : String(argv.fingerprint);
  const [name, extra] = argv._ as string[];
  if ((fp === undefined) === (name === undefined) || extra !== undefined) throw errors.usage('Usage: berth ssh-keys:remove NAME | --fingerprint FINGERPRINT');
  const gone = (e: KeyEntry | undefined) => e !== undefined && (fp !== undefined ? e.fingerprint === fp : e.name === name);
  const lines = readLines(ctx);
  const kept = lines.filter((l) => !gone(parseEntry(l)));
  // removing what is not there leaves the wanted state: Dokku succeeds too
  if (kept.length === lines.length) return void ctx.log.warn(fp !== undefined ? `No ssh key with fingerprint ${fp}` : `No ssh key named '${name}'`);
  writeLines(ctx, kept);
  ctx.log.info1(`Removed ${lines.length - kept.length === 1 ? 'one key' : `${lines.length - kept.length} keys`}`);
}

export function listKeys(ctx: PluginContext, argv: CommandArgs): number {
  const format = String(argv.format ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') throw errors.usage(`Invalid --format value '${format}': use text or json`);
  const [name] = argv._ as string[];
  const lines = readLines(ctx);
  assertKeyLines(ctx, lines);
  const all = entries(lines);
  const shown = name === undefined ? all : all.filter((e) => e.name === name);
  if (format === 'json') {
    ctx.log.out(JSON.stringify(shown.map((e) => ({ fingerprint: e.fingerprint, name: e.name, SSHCOMMAND_ALLOWED_KEYS: e.options, 'public-key': e.publicKey }))));
    return 0;
  }
  if (!shown.length) {
    // a name that matches nothing is an answer scripts test by exit status alone (`ssh-keys:list NAME | wc -l`)
    if (name === undefined) ctx.log.warn('No public keys found.');
    return 1;
  }
  for (const e of shown) ctx.log.out(`${e.fingerprint} NAME="${e.name}" SSHCOMMAND_ALLOWED_KEYS="${e.options}"`);
  return 0;
}
