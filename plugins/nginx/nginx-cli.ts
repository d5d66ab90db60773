import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BerthError, errors, type PluginContext } from '../../sdk/index.js';
import { mainConf } from './settings.js';
import { acceptingWorkers, waitForCutOver } from './workers.js';

const SYSTEM_PID = '/run/nginx.pid';
const RELOAD_TIMEOUT_MS = 30000;

function findBinary(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];
  for (const d of dirs) {
    const file = path.join(d, 'nginx');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * The nginx invocation for a verb: with the `conf` property, `nginx -c CONF` (the caller's own nginx, errors
 * to stderr); otherwise the system nginx, through `sudo -n` when not root (allowed by the platform's sudoers).
 */
function command(ctx: PluginContext, verb: string[]): { file: string; args: string[] } {
  const bin = findBinary(ctx.env);
  if (!bin) throw errors.external('nginx is not installed (no nginx binary on PATH or in /usr/sbin)');
  const conf = mainConf(ctx);
  if (conf) return { file: bin, args: ['-c', conf, '-e', 'stderr', ...verb] };
  if (process.getuid?.() === 0) return { file: bin, args: verb };
  return { file: 'sudo', args: ['-n', bin, ...verb] };
}

/** stdout and stderr as one text in arrival order (nginx -t reports on stderr). A plain spawn: every deploy runs two. */
function spawnAll(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; all: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let all = '';
    child.stdout.on('data', (c: Buffer) => (all += c.toString()));
    child.stderr.on('data', (c: Buffer) => (all += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code, all }));
  });
}

async function run(ctx: PluginContext, verb: string[]) {
  const c = command(ctx, verb);
  const r = await spawnAll(c.file, c.args, ctx.env).catch((err: NodeJS.ErrnoException) => {
    throw errors.external(`Cannot run ${[c.file, ...c.args].join(' ')}: ${err.code ?? err.message}`, err);
  });
  return { ok: r.exitCode === 0, output: r.all.trim() };
}

export function testConfig(ctx: PluginContext): Promise<{ ok: boolean; output: string }> {
  return run(ctx, ['-t']);
}

/** The master's pid, from the `pid` directive of the main config (or the system default). */
function masterPid(ctx: PluginContext): number | undefined {
  const conf = mainConf(ctx) || '/etc/nginx/nginx.conf';
  let pidFile = SYSTEM_PID;
  try {
    const m = /^\s*pid\s+([^;\s]+)\s*;/m.exec(fs.readFileSync(conf, 'utf8'));
    if (m) pidFile = path.resolve(path.dirname(conf), m[1]!);
  } catch {
    // unreadable main config: the default pid file
  }
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!(pid > 0)) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the system nginx runs as root and we do not; it is alive all the same
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return pid;
}

/**
 * `nginx -s reload`, then wait (bounded) until every worker still running the old config stopped accepting
 * connections, so the next request gets the new config and callers may stop the old upstreams. A master
 * that is not running is reported, not fatal: the config is on disk for its next start.
 */
export async function reload(ctx: PluginContext, timeoutMs = RELOAD_TIMEOUT_MS): Promise<void> {
  const master = masterPid(ctx);
  const old = master ? acceptingWorkers(master) : new Set<number>();
  const r = await run(ctx, ['-s', 'reload']);
  if (!r.ok && !master) return void ctx.log.warn('nginx is not running; the new config applies when it starts');
  if (!r.ok) throw errors.external(`Reloading nginx failed:\n${r.output}`);
  if (!master) return;
  if (await waitForCutOver(master, old, timeoutMs)) return;
  throw new BerthError('EXTERNAL', `nginx still runs workers with the previous config ${timeoutMs / 1000} s after the reload, so new requests may get the old config`, {
    hint: "Check nginx's error log (a config that fails to load keeps the old workers); the new config is on disk and applies at the next reload",
  });
}
