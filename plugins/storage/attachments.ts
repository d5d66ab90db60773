import fs from 'node:fs';
import { errors, validate, type PluginContext } from '../../sdk/index.js';
import { loadEntry, entryExists } from './entries.js';

/** How one app uses one storage entry: where it goes, in which phases, with which volume options. */
export interface Attachment {
  entry_name: string;
  container_path: string;
  phases: string[];
  process_type?: string;
  subpath?: string;
  readonly?: boolean;
  volume_options?: string;
  volume_chown?: string;
}

/** One JSON object a line, one list property per app: a change is one atomic write. */
const PROPERTY = 'attachments';
export const ATTACH_PHASES = ['deploy', 'run'];

export function readAttachments(ctx: PluginContext, app: string): Attachment[] {
  return ctx.props.getList(app, PROPERTY).map((line) => {
    try {
      return JSON.parse(line) as Attachment;
    } catch {
      throw errors.invalidValue(`A stored storage attachment of ${app} is not JSON: ${line}`, `Check or remove ${ctx.props.dir}/${app}/${PROPERTY}`);
    }
  });
}

function writeAttachments(ctx: PluginContext, app: string, list: Attachment[]): void {
  ctx.props.setList(app, PROPERTY, list.map((a) => JSON.stringify(a)));
}

/** Adds the attachment, or updates the one with the same entry and container path: true when it updated. */
export function upsertAttachment(ctx: PluginContext, app: string, a: Attachment): boolean {
  validate.assertMountPath(a.container_path, 'container path');
  const list = readAttachments(ctx, app);
  const at = list.findIndex((x) => x.entry_name === a.entry_name && x.container_path === a.container_path);
  const taken = list.find((x, i) => i !== at && x.container_path === a.container_path);
  if (taken) throw errors.conflict(`Container path ${a.container_path} is already mounted from storage entry ${taken.entry_name}`);
  if (at >= 0) list[at] = a;
  else list.push(a);
  writeAttachments(ctx, app, list);
  return at >= 0;
}

/** Removes the app's attachments of an entry (only the one at `containerPath` when given); how many went. */
export function removeAttachments(ctx: PluginContext, app: string, entry: string, containerPath?: string): number {
  const list = readAttachments(ctx, app);
  const kept = list.filter((x) => x.entry_name !== entry || (containerPath !== undefined && x.container_path !== containerPath));
  if (kept.length !== list.length) writeAttachments(ctx, app, kept);
  return list.length - kept.length;
}

/** Apps with at least one attachment of the entry, in byte order. */
export function appsUsingEntry(ctx: PluginContext, entry: string): string[] {
  let scopes: string[] = [];
  try {
    scopes = fs.readdirSync(ctx.props.dir);
  } catch {
    return [];
  }
  return scopes.filter((app) => validate.isValidAppName(app) && readAttachments(ctx, app).some((a) => a.entry_name === entry)).sort();
}

/** The attachments of a phase as Docker bind strings (`host:container[:options]`); missing entries are skipped. */
export function attachmentBinds(ctx: PluginContext, app: string, phase: string): string[] {
  return readAttachments(ctx, app)
    .filter((a) => a.phases.includes(phase) && entryExists(ctx, a.entry_name))
    .map((a) => {
      const e = loadEntry(ctx, a.entry_name);
      const host = a.subpath ? `${e.host_path}/${a.subpath}` : e.host_path!;
      const options = [a.readonly ? 'ro' : '', a.volume_options ?? ''].filter(Boolean).join(',');
      return options ? `${host}:${a.container_path}:${options}` : `${host}:${a.container_path}`;
    });
}
