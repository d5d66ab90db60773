import { Engine } from '../core/engine.js';
import path from 'node:path';
import { dokkuFlagEnv, parseGlobalFlags, traceFromRc } from '../cli/global-flags.js';
import { applyRc, HOST_RC_FILES, rootRcFiles } from '../cli/rc-env.js';
import { dokkuEnv, resolvePaths } from '../core/paths.js';
import { route } from '../cli/router.js';
import { linkBuiltins } from '../core/builtins.js';
import { handOverToPlatformUser } from '../sdk/ownership.js';
import { exitCodeFor } from './exit-codes.js';
import { mark, markProcess } from '../core/timeline.js';
import { deferDockerodeExtras } from './dockerode-load.js';
import { authorize, dropToPlatformUser, entryArgv } from './ssh-entry.js';

/** `berth [global flags] COMMAND args…` */
export async function main(argv: string[]): Promise<number> {
  let trace = false;
  try {
    argv = entryArgv(argv);
    // Host rc files may move the roots or the platform user, so they are read before either is used.
    applyRc(HOST_RC_FILES);
    const { flags, rest } = parseGlobalFlags(argv);
    markProcess(`berth ${rest[0] ?? ''}`);
    deferDockerodeExtras();
    trace = flags.trace;
    const dropped = await dropToPlatformUser(argv, rest[0]);
    if (dropped !== undefined) return dropped;
    const paths = resolvePaths();
    applyRc(rootRcFiles(paths.root));
    if (!flags.trace && traceFromRc(paths.root)) trace = flags.trace = true;
    const engine = new Engine({ paths, flags, extraEnv: { ...dokkuEnv(paths), ...dokkuFlagEnv(argv) } });
    const installing = rest[0] === 'install' && rest.length === 1;
    // An access-control plugin already in place decides before install relinks anything.
    if (installing) await authorize(engine, rest);
    if (installing) linkBuiltins(paths), engine.reset();
    await engine.loadInterceptors();
    try {
      if (installing) {
        await engine.triggers.notify('install');
        await engine.flush();
        await handOverToPlatformUser(paths);
        return 0;
      }
      await authorize(engine, rest);
      return await route(engine, rest, { invokedAs: path.basename(process.argv[1] ?? 'berth') });
    } finally {
      await engine.flush();
      mark(`berth ${rest[0] ?? ''}: done`);
    }
  } catch (err) {
    return exitCodeFor(err, process.stderr, { trace });
  }
}
