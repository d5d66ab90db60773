import fs from 'node:fs';
import path from 'node:path';
import { errors, validate, type PluginContext } from '../../sdk/index.js';
import { storageRoot } from './mounts.js';

/**
 * --chown choices, as Dokku names them. herokuish is the unprivileged user our buildpack images run
 * as (plugins/builder-buildpack APP_UID, the herokuish uid 32767); heroku is the uid of Cloud Native
 * Buildpacks' heroku builder (1000), paketo the Paketo builder's (2000, as uid and gid, as Dokku sets it); false leaves ownership alone.
 */
export const OWNERS: Record<string, [number, number] | null> = {
  herokuish: [32767, 32767],
  heroku: [1000, 1000],
  paketo: [2000, 2000],
  root: [0, 0],
  false: null,
};

export function assertChown(value: string): [number, number] | null {
  if (!Object.hasOwn(OWNERS, value)) throw errors.invalidValue(`Invalid --chown value '${value}'`, `Use one of: ${Object.keys(OWNERS).join(', ')}`);
  return OWNERS[value]!;
}

/**
 * The storage root belongs to whoever owns the data dir above it (the platform user), even when root
 * created it: the platform user then reads and exports every directory under it.
 */
export function makeStorageRoot(root: string): void {
  if (fs.existsSync(root)) return;
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  const parent = fs.statSync(path.dirname(root));
  if (process.getuid?.() === 0) fs.chownSync(root, parent.uid, parent.gid);
}

/** storage:ensure-directory NAME: create BERTH_LIB_ROOT/data/storage/NAME owned by the app user. */
export function ensureDirectory(ctx: PluginContext, nameArg: string | undefined, chown: string): string {
  const name = validate.assertStorageName(nameArg);
  const owner = assertChown(chown);
  ctx.log.warn(`Deprecated: use 'storage:create ${name} --chown ${chown}' for a named storage entry instead`);
  const dir = path.join(storageRoot(ctx), name);
  ctx.log.info1(`Ensuring ${dir} exists`);
  const existed = fs.existsSync(dir);
  if (existed && !fs.statSync(dir).isDirectory()) throw errors.conflict(`${dir} exists and is not a directory`);
  makeStorageRoot(storageRoot(ctx));
  fs.mkdirSync(dir, { mode: 0o755, recursive: true });
  if (owner) {
    const [uid, gid] = owner;
    ctx.log.verbose(`Setting directory ownership to ${uid}:${gid}`);
    const st = fs.statSync(dir);
    if (st.uid !== uid || st.gid !== gid) {
      try {
        fs.chownSync(dir, uid, gid);
      } catch (err) {
        if (!existed) fs.rmdirSync(dir);
        const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw errors.denied(`Unable to set the ownership of ${dir} to ${uid}:${gid} (${why}): run storage:ensure-directory as root, or pass --chown false`);
      }
    }
  }
  ctx.log.info1('Directory ready for mounting');
  return dir;
}
