import crypto from 'node:crypto';
import type { Argv } from 'yargs';
import { errors, validate, type CommandArgs, type PluginContext, type ReportRows } from '../../sdk/index.js';
import { ATTACH_PHASES, attachmentBinds, readAttachments, upsertAttachment, type Attachment } from './attachments.js';
import { entryExists, loadEntry, resolveChown } from './entries.js';
import { mountsFor, PHASES, readMounts } from './mounts.js';

const str = (v: unknown) => (v === undefined || v === '' ? undefined : String(v));
/** Options handed to Docker with the bind: a comma list of plain words (`Z`, `noexec`, `nocopy`…). */
const VOLUME_OPTIONS = /^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/;
const DEFAULT_PROCESS = '_default_';

export const attachOptions = (y: Argv) =>
  y
    .option('container-dir', { type: 'string', describe: 'Absolute path inside the container' })
    .option('phase', { type: 'string', array: true, describe: 'deploy and/or run (default both)' })
    .option('volume-options', { type: 'string', describe: 'Comma-separated bind options, such as Z' })
    .option('volume-readonly', { type: 'boolean', default: false, describe: 'Mount read-only' })
    .option('volume-subpath', { type: 'string', describe: 'Mount this directory below the entry instead of its root' })
    .option('volume-chown', { type: 'string', describe: 'Owner of the mounted directory: herokuish, heroku, paketo, root, false or a uid' });

/** `storage:mount APP ENTRY --container-dir DIR …`: attach a named entry (again: the same entry and path update in place). */
export function attachEntry(ctx: PluginContext, app: string, entryName: string, argv: CommandArgs): void {
  const e = loadEntry(ctx, entryName);
  const container = str(argv.containerDir);
  if (!container) throw errors.usage('Please specify --container-dir for a storage entry mount');
  const phases = [...new Set(((argv.phase as string[] | undefined) ?? ATTACH_PHASES).map(String))];
  const bad = phases.find((p) => !ATTACH_PHASES.includes(p));
  if (bad) throw errors.invalidValue(`Invalid --phase '${bad}': use ${ATTACH_PHASES.join(' or ')}`);
  const options = str(argv.volumeOptions);
  if (options && !VOLUME_OPTIONS.test(options)) throw errors.invalidValue(`Invalid --volume-options '${options}': expected a comma-separated list such as Z or noexec,nosuid`);
  const subpath = str(argv.volumeSubpath);
  if (subpath) validate.assertSafeRelativePath(subpath, 'volume subpath');
  // recorded for schedulers that prepare volumes per attachment; docker-local binds the entry's directory as it is
  const chown = str(argv.volumeChown);
  if (chown) resolveChown(chown);
  const a: Attachment = { entry_name: e.name, container_path: validate.assertMountPath(container, 'container path'), phases, process_type: DEFAULT_PROCESS };
  if (subpath) a.subpath = subpath;
  if (argv.volumeReadonly === true) a.readonly = true;
  if (options) a.volume_options = options;
  if (chown) a.volume_chown = chown;
  const updated = upsertAttachment(ctx, app, a);
  ctx.log.info1(`${updated ? 'Updated' : 'Mounted'} storage entry ${e.name} at ${a.container_path} in ${app} (${phases.join(', ')})`);
  ctx.log.verbose(`Restart the app to apply it: berth ps:restart ${app}`);
}

/** storage:list --format json: plain binds as before, then the named-entry attachments. */
export function listJson(ctx: PluginContext, app: string): string {
  const plain = readMounts(ctx, app).map((m) => ({ host_path: m.host, container_path: m.container, ...(m.options ? { volume_options: m.options } : {}) }));
  const named = readAttachments(ctx, app).map((a) => ({ ...a, host_path: entryExists(ctx, a.entry_name) ? loadEntry(ctx, a.entry_name).host_path : '' }));
  return JSON.stringify([...plain, ...named]);
}

/** The name Dokku gives the entry it synthesises for a plain HOST:CONTAINER mount. */
const legacyName = (host: string) => `legacy-${crypto.createHash('sha1').update(host.startsWith('/') ? host : `vol:${host}`).digest('hex').slice(0, 10)}`;

/** Report rows: the -v lists per phase, then one `storage-attachment.N.*` group per mount. */
export function reportRows(ctx: PluginContext, app: string): ReportRows {
  const binds = (phase: string) => [...(PHASES as readonly string[]).includes(phase) ? mountsFor(ctx, app, phase).map(validate.bindString) : [], ...attachmentBinds(ctx, app, phase)];
  const rows: ReportRows = {};
  for (const phase of ['build', 'deploy', 'run']) rows[`storage-${phase}-mounts`] = binds(phase).map((b) => `-v ${b}`).join(' ');
  const groups: Record<string, string>[] = readMounts(ctx, app).map((m) => ({
    'entry-name': legacyName(m.host), 'host-path': m.host, 'container-path': m.container, phases: PHASES.join(','), 'process-type': DEFAULT_PROCESS,
    subpath: '', readonly: String(m.options.split(',').includes('ro')), 'volume-options': m.options, 'volume-chown': '',
  }));
  for (const a of readAttachments(ctx, app)) {
    if (!entryExists(ctx, a.entry_name)) {
      ctx.log.warn(`Skipping attachment of ${app} at ${a.container_path}: storage entry ${a.entry_name} does not exist`);
      continue;
    }
    groups.push({
      'entry-name': a.entry_name, 'host-path': loadEntry(ctx, a.entry_name).host_path ?? '', 'container-path': a.container_path, phases: a.phases.join(','),
      'process-type': a.process_type ?? DEFAULT_PROCESS, subpath: a.subpath ?? '', readonly: String(a.readonly === true), 'volume-options': a.volume_options ?? '', 'volume-chown': a.volume_chown ?? '',
    });
  }
  groups.forEach((g, i) => {
    for (const [k, v] of Object.entries(g)) rows[`storage-attachment.${i + 1}.${k}`] = v;
  });
  return rows;
}
