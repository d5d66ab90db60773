import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function docker(args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

export async function dockerReachable(): Promise<boolean> {
  try {
    await exec('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10000 });
    return true;
  } catch {
    return false;
  }
}

/** One GET; resolves with the status, or 0 when nothing answered yet. */
function get(port: number, host: string | undefined, pathname: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers: host ? { Host: host } : {}, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
    req.end();
  });
}

/** Polls until the app answers 200 (readiness, not a fixed sleep); throws after the deadline. */
export async function untilServing(port: number, o: { host?: string; path?: string; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? 120000);
  let last = 0;
  while (Date.now() < deadline) {
    last = await get(port, o.host, o.path ?? '/');
    if (last === 200) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no 200 from 127.0.0.1:${port}${o.host ? ` (Host ${o.host})` : ''} in time (last status ${last || 'none'})`);
}

/** Runs a command to success, noting when each output line (stdout or stderr) arrived. */
export function timedLines(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ ms: number; text: string }[]> {
  const t0 = performance.now();
  const lines: { ms: number; text: string }[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...o, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (c: Buffer) => {
        const parts = (rest + c.toString()).split(/\r?\n|\r/);
        rest = parts.pop() ?? '';
        for (const text of parts) lines.push({ ms: performance.now() - t0, text });
      });
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(lines);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${lines.slice(-8).map((l) => l.text).join(' | ')}`));
    });
  });
}

/** Touch the build context the same way for the floor and for berth's warm push. */
export function stamp(dir: string, label: string): void {
  fs.writeFileSync(`${dir}/BENCH_STAMP`, `${label} ${Date.now()}\n`);
}

/**
 * The floor: the same app with plain docker, no platform: build, run with the port published on
 * loopback, first 200. Returns milliseconds; the container and image are removed afterwards.
 */
export async function floorDeploy(appDir: string, tag: string, o: { noCache: boolean; port?: number }): Promise<number> {
  const t0 = performance.now();
  await docker(['build', '-q', ...(o.noCache ? ['--no-cache'] : []), '-t', tag, appDir]);
  const port = o.port ?? 5000;
  const id = await docker(['run', '-d', '-e', `PORT=${port}`, '-p', `127.0.0.1::${port}`, tag]);
  try {
    const mapped = await docker(['port', id, `${port}/tcp`]);
    const hostPort = Number(mapped.split('\n')[0].split(':').pop());
    await untilServing(hostPort);
    return performance.now() - t0;
  } finally {
    await docker(['rm', '-f', id]).catch(() => '');
  }
}
