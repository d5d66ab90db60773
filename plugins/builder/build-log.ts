import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The build id of the dispatch (the git plugin's), else `builds-generate-id`, else a sortable id of our own. */
export async function buildId(ctx: PluginContext): Promise<string> {
  const given = ctx.dispatch.buildId;
  if (given && ID.test(given)) return given;
  if (ctx.triggers.implemented('builds-generate-id')) {
    const id = (await ctx.triggers.collect('builds-generate-id')).trim();
    if (ID.test(id)) return id;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${crypto.randomBytes(3).toString('hex')}`;
}

type Write = NodeJS.WritableStream['write'];

/**
 * Copies everything berth itself prints during the build (every TS plugin writes through these two
 * streams) into BERTH_LIB_ROOT/data/builds/APP/<id>.log. Shell handlers write to the inherited
 * descriptors directly and are not captured. Returns the function that stops copying.
 */
export function teeOutput(ctx: PluginContext, app: string, id: string): { file: string; stop(failure?: string): void } {
  const file = path.join(ctx.paths.libRoot, 'data', 'builds', app, `${id}.log`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o640);
  const streams = [ctx.stdout, ctx.stderr] as (NodeJS.WritableStream & { write: Write })[];
  const originals = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    s.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      try {
        fs.writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
      } catch {
        // a full disk must not fail the deploy
      }
      return (originals[i] as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Write;
  });
  return {
    file,
    /** `failure`: the error berth prints after the build, so the log ends the way the user's screen does. */
    stop(failure) {
      streams.forEach((s, i) => (s.write = originals[i]));
      if (failure) fs.writeSync(fd, failure.split('\n').map((l) => ` !     ${l}\n`).join(''));
      fs.closeSync(fd);
    },
  };
}
