import http from 'node:http';
import { dockerClient, errors, type PluginContext } from '../../sdk/index.js';

interface Healthcheck {
  type?: string;
  name?: string;
  path?: string;
  command?: string | string[];
  content?: string;
  attempts?: number;
  timeout?: number;
  wait?: number;
  initialDelay?: number;
  uptime?: number;
}

const docker = dockerClient;

const listed = (value: string | undefined, proc: string) => (value ?? '').split(',').some((t) => t === '_all_' || t === proc);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * check-deploy APP CID PROC HOSTPORT IP IDX: the app.json healthchecks of the process type (startup and
 * readiness; liveness is the restart policy's job), each retried `attempts` times `wait` seconds apart.
 * The first check that fails throws with its output and the deploy is aborted.
 */
export async function checkDeploy(ctx: PluginContext, app: string, cid: string, proc: string, port: string, ip: string, idx = '1'): Promise<void> {
  if (listed(ctx.props.get(app, 'disabled'), proc) || listed(ctx.props.get(app, 'skipped'), proc)) return;
  const raw = (await ctx.triggers.collect('app-json-get-content', app)).trim();
  if (!raw) return;
  let checks: Healthcheck[] = [];
  try {
    checks = ((JSON.parse(raw) as { healthchecks?: Record<string, Healthcheck[]> }).healthchecks ?? {})[proc] ?? [];
  } catch {
    throw errors.invalidValue(`app.json of ${app} is not valid JSON`);
  }
  if (!Array.isArray(checks)) throw errors.invalidValue(`app.json healthchecks.${proc} must be a list`);
  const dyno = `${proc}.${idx}`;
  for (const [i, check] of checks.entries()) {
    if (check.type === 'liveness') continue;
    const name = check.name || (check.path ? `path ${check.path}` : check.command ? 'command' : check.uptime ? 'uptime' : `check ${i + 1}`);
    ctx.log.verbose(`Running healthcheck '${name}' for ${dyno}`);
    if (check.initialDelay) await sleep(check.initialDelay * 1000);
    await attempt(ctx, dyno, name, check, () => runOne(check, cid, ip, port));
    ctx.log.verbose(`Healthcheck '${name}' succeeded for ${dyno}`);
  }
}

async function attempt(ctx: PluginContext, dyno: string, name: string, check: Healthcheck, run: () => Promise<string | undefined>): Promise<void> {
  const attempts = Math.max(1, check.attempts ?? 3);
  let failure = '';
  for (let n = 1; n <= attempts; n++) {
    const problem = await run().catch((err: Error) => err.message);
    if (problem === undefined) return;
    failure = problem;
    ctx.log.verbose(`Attempt ${n}/${attempts} of '${name}' failed: ${firstLine(problem)}`);
    if (n < attempts) await sleep((check.wait ?? 5) * 1000);
  }
  throw errors.external(`Healthcheck '${name}' failed for ${dyno} after ${attempts} attempt${attempts > 1 ? 's' : ''}:\n${indent(failure)}`);
}

/** undefined when the check passes, else what went wrong. */
async function runOne(check: Healthcheck, cid: string, ip: string, port: string): Promise<string | undefined> {
  const timeoutMs = (check.timeout ?? 5) * 1000;
  if (check.uptime) return uptime(cid, check.uptime);
  if (check.command) return command(cid, check.command, timeoutMs, check.content);
  if (check.path) {
    if (!port) return `no web port to send ${check.path} to`;
    const res = await get(ip || '127.0.0.1', Number(port), check.path, timeoutMs);
    if (res.status < 200 || res.status >= 400) return `GET ${check.path} answered ${res.status}\n${res.body.slice(0, 500)}`;
    if (check.content && !res.body.includes(check.content)) return `GET ${check.path} did not contain '${check.content}'\n${res.body.slice(0, 500)}`;
  }
  return undefined;
}

/** The container has been up `seconds` without a restart: waited for, then checked. */
async function uptime(cid: string, seconds: number): Promise<string | undefined> {
  const c = (await docker()).getContainer(cid);
  const started = Date.parse((await c.inspect()).State.StartedAt);
  const left = started + seconds * 1000 - Date.now();
  if (left > 0) await sleep(left);
  const info = await c.inspect();
  if (!info.State.Running || info.RestartCount > 0) return `the container did not stay up for ${seconds}s (exit code ${info.State.ExitCode})`;
  return undefined;
}

async function command(cid: string, cmd: string | string[], timeoutMs: number, content?: string): Promise<string | undefined> {
  const exec = await (await docker()).getContainer(cid).exec({ Cmd: Array.isArray(cmd) ? cmd : ['/bin/sh', '-c', cmd], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const sink = { write: (b: Buffer) => (chunks.push(b), true) } as unknown as NodeJS.WritableStream;
  (await docker()).modem.demuxStream(stream, sink, sink);
  const done = await Promise.race([new Promise<boolean>((r) => stream.once('end', () => r(true))), sleep(timeoutMs).then(() => false)]);
  stream.destroy();
  const output = Buffer.concat(chunks).toString('utf8').trim();
  if (!done) return `timed out after ${timeoutMs / 1000}s\n${output}`;
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) return `exit code ${ExitCode}\n${output}`;
  if (content && !output.includes(content)) return `output did not contain '${content}'\n${output}`;
  return undefined;
}

function get(host: string, port: number, pathname: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: pathname, agent: false, headers: { 'User-Agent': 'berth-healthcheck' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
  });
}

const firstLine = (s: string) => s.split('\n')[0];
const indent = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `       ${l}`)
    .join('\n');
