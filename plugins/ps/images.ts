import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerClient, errors } from '../../sdk/index.js';

const docker = dockerClient;

export const repo = (app: string) => `berth/${app}`;

function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return (e?.json?.message ?? e?.message ?? String(err)).trim();
}

export async function inspectImage(ref: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await (await docker()).getImage(ref).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw errors.external(`Unable to inspect image ${ref}: ${dockerMessage(err)}`, err);
  }
}

/**
 * berth/APP:TAG from a built image, labelled com.dokku.image-stage=release by a one-line build
 * (`FROM source` + LABEL adds metadata only, no filesystem layer). A release image is just re-tagged.
 */
export async function createRelease(app: string, source: string, image: Docker.ImageInspectInfo, tag: string): Promise<void> {
  try {
    if (image.Config?.Labels?.['com.dokku.image-stage'] === 'release') {
      await (await docker()).getImage(image.Id).tag({ repo: repo(app), tag });
      return;
    }
    if (await commitWithLabel(app, image, tag)) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-release-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${image.Id}\nLABEL com.dokku.image-stage=release\n`);
      const stream = await (await docker()).buildImage({ context: dir, src: ['Dockerfile'] }, { t: `${repo(app)}:${tag}`, rm: true, forcerm: true });
      const failure = await new Promise<string | undefined>((resolve, reject) => {
        let error: string | undefined;
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const l of lines) if (l.trim()) error ??= (JSON.parse(l) as { error?: string }).error;
        });
        stream.on('end', () => resolve(error));
        stream.on('error', reject);
      });
      if (failure) throw new Error(failure);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } catch (err) {
    throw errors.external(`Unable to create release image ${repo(app)}:${tag} from ${source}: ${dockerMessage(err)}`, err);
  }
}

/**
 * The cheap way to a labelled copy: commit a created (never started) container with a LABEL change.
 * An image without a command cannot back a container; false sends the caller to a one-line build.
 */
async function commitWithLabel(app: string, image: Docker.ImageInspectInfo, tag: string): Promise<boolean> {
  if (!image.Config?.Cmd?.length && !image.Config?.Entrypoint?.length) return false;
  const container = await (await docker()).createContainer({ Image: image.Id });
  try {
    await container.commit({ repo: repo(app), tag, changes: 'LABEL com.dokku.image-stage=release' });
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
  return true;
}

/** Keep the current and the previous release and the tags in `keep`; drop older release tags and dangling images. */
export async function pruneReleases(app: string, current: number, keep: string[] = []): Promise<void> {
  const images = await (await docker()).listImages({ filters: { reference: [repo(app)] } });
  for (const t of images.flatMap((i) => i.RepoTags ?? [])) {
    const m = new RegExp(`^${repo(app).replace(/[.]/g, '\\.')}:v(\\d+)$`).exec(t);
    if (m && Number(m[1]) < current - 1 && !keep.includes(`v${m[1]}`)) await (await docker()).getImage(t).remove().catch(() => undefined);
  }
  await (await docker())
    .pruneImages({ filters: { dangling: ['true'], label: [`com.dokku.app-name=${app}`] } })
    .catch(() => undefined);
}
