import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { describeEnd, errors, type PluginContext } from '../../sdk/index.js';
import { exec, inspect } from './docker.js';
import { ensureRunning, stopService, waitReady } from './lifecycle.js';
import { password, readFile, type Service } from './service.js';

async function running(s: Service): Promise<void> {
  if (!(await inspect(s))?.State.Running) throw errors.conflict(`${s.type.title} service ${s.name} is not running`, `Start it with 'berth ${s.type.name}:start ${s.name}'`);
}

/** pg_dump custom format / the RDB file, streamed from docker exec to `out`. */
export async function exportTo(s: Service, out: Writable): Promise<void> {
  await running(s);
  const r = await exec(s, s.type.dumpCommand(readFile(s, 'DATABASE_NAME')), { env: s.type.execEnv(password(s)), out });
  if (r.code !== 0) throw errors.external(`Exporting ${s.name} failed (exit ${r.code})${r.stderr ? `: ${r.stderr.trim()}` : ''}`);
}

/** docker exec -i with this process's stdin; the password travels in the environment of the docker client. */
async function execStdin(s: Service, cmd: string[]) {
  const { execa } = await import('execa');
  const env = Object.fromEntries(s.type.execEnv(password(s)).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const envFlags = Object.keys(env).flatMap((k) => ['-e', k]);
  return execa('docker', ['exec', '-i', ...envFlags, s.container, ...cmd], { stdin: 'inherit', stdout: 'inherit', stderr: 'pipe', reject: false, env: { ...process.env, ...env } });
}

export async function importFrom(ctx: PluginContext, s: Service): Promise<void> {
  if (process.stdin.isTTY) throw errors.usage(`${s.type.name}:import reads the dump from stdin`, `Usage: berth ${s.type.name}:import ${s.name} < dump`);
  await running(s);
  const t0 = performance.now();
  if (s.type.restoreCommand) {
    const r = await execStdin(s, s.type.restoreCommand(readFile(s, 'DATABASE_NAME')));
    if (r.exitCode !== 0) throw errors.external(`Importing into ${s.name} failed (${describeEnd('docker exec', r)})${r.stderr ? `: ${String(r.stderr).trim()}` : ''}`);
  } else {
    // RDB: the entrypoint swaps /data/import.rdb in before the server starts, so stop (which saves) and start again
    const r = await execStdin(s, ['sh', '-c', 'cat >/data/import.rdb.tmp && [ "$(head -c 5 /data/import.rdb.tmp)" = REDIS ] && mv /data/import.rdb.tmp /data/import.rdb || { rm -f /data/import.rdb.tmp; echo "not an RDB file" >&2; exit 1; }']);
    if (r.exitCode !== 0) throw errors.external(`Importing into ${s.name} failed${r.stderr ? `: ${String(r.stderr).trim()}` : ''}`);
    await stopService(s);
    await ensureRunning(ctx, s);
  }
  ctx.log.info1(`Imported into ${s.name} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
}

export async function backupTo(ctx: PluginContext, s: Service, dir: string | undefined): Promise<void> {
  if (!dir || !path.isAbsolute(dir)) throw errors.usage('Please give an absolute host directory for the backup', `Usage: berth ${s.type.name}:backup ${s.name} /path/to/dir`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${s.type.name}-${s.name}-${stamp}.${s.type.dumpExtension}`);
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  try {
    await exportTo(s, out);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(tmp, file);
  } catch (err) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  ctx.log.info1(`Backup of ${s.name} written to ${file} (${fs.statSync(file).size} bytes)`);
}

export async function connectTo(s: Service): Promise<number> {
  const { execa } = await import('execa');
  await running(s);
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const env = Object.fromEntries(s.type.execEnv(password(s)).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
  const args = ['exec', '-i', ...(tty ? ['-t'] : []), ...Object.keys(env).flatMap((k) => ['-e', k]), s.container, ...s.type.connectCommand(readFile(s, 'DATABASE_NAME'))];
  const r = await execa('docker', args, { stdio: 'inherit', reject: false, env: { ...process.env, ...env } });
  return r.exitCode ?? 1;
}

export async function logsOf(s: Service, tail: boolean, lines: number | undefined): Promise<number> {
  const { execa } = await import('execa');
  if (!(await inspect(s))) throw errors.notFound(`The container of ${s.name} does not exist`);
  const args = ['logs', ...(tail ? ['--follow'] : []), ...(lines ? ['--tail', String(lines)] : []), s.container];
  const r = await execa('docker', args, { stdio: ['ignore', 'inherit', 'inherit'], reject: false });
  return r.exitCode ?? 1;
}

export { waitReady };
