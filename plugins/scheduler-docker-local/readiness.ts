import fs from 'node:fs';
import net from 'node:net';
import type Docker from 'dockerode';
import { errors } from '../../sdk/index.js';
import { lastLogLines } from './docker.js';

const POLL_MS = 50;
/** Readiness polls start this soon and double up to POLL_MS: a small app listens within milliseconds. */
const FIRST_POLL_MS = 5;
/** A wrong listen address that stays put this long fails at once instead of at the timeout. */
const WRONG_LISTEN_MS = 3000;
const DRAIN_QUIET_POLLS = 6;

export interface ReadyCheck {
  container: Docker.Container;
  dyno: string;
  containerPort: number;
  hostPort: number;
  timeoutMs: number;
}

/**
 * Wait until the app listens: docker-proxy accepts on the host port as soon as the container runs,
 * so the listening socket is looked up in the container's network namespace (/proc/PID/net/tcp*),
 * then the host port is connected to. Polls; fails early when the container stops or restarts.
 */
export async function waitReady(c: ReadyCheck): Promise<void> {
  const deadline = Date.now() + c.timeoutMs;
  let wrongSince = 0;
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, POLL_MS)) {
    const info = await c.container.inspect();
    const st = info.State;
    if (!st.Running || st.Restarting || info.RestartCount > 0) {
      const lines = await lastLogLines(info.Id);
      throw errors.external(
        `${c.dyno} stopped before it listened on port ${c.containerPort} (exit code ${st.ExitCode})` + (lines.length ? `\n${lines.map((l) => `       ${l}`).join('\n')}` : ''),
      );
    }
    const sockets = listeningSockets(st.Pid, c.containerPort);
    const ready = sockets === 'unknown' ? await httpProbe(c.hostPort) : sockets === 'any' && (await tcpAccepts(c.hostPort));
    if (ready) return;
    // Listening, but where nginx cannot reach it: say so plainly, and early (the app will not move).
    const wrong = sockets === 'unknown' ? undefined : wrongListen(st.Pid, c.containerPort);
    wrongSince = wrong ? wrongSince || Date.now() : 0;
    if (Date.now() >= deadline || (wrong && Date.now() - wrongSince >= WRONG_LISTEN_MS)) {
      const lines = await lastLogLines(info.Id);
      const why = wrong ?? `did not listen on port ${c.containerPort} ($PORT) within ${Math.round(c.timeoutMs / 1000)}s`;
      throw errors.external(`${c.dyno} ${why}` + (lines.length ? `\n${lines.map((l) => `       ${l}`).join('\n')}` : ''));
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** What is wrong with where the app listens, when it listens somewhere other than 0.0.0.0:$PORT. */
export function wrongListen(pid: number, port: number): string | undefined {
  const all = listeners(pid);
  const own = all.filter((l) => l.port === port);
  if (own.length && own.every((l) => l.loopback))
    return `listens on ${own[0].loopback && own[0].v6 ? '[::1]' : '127.0.0.1'}:${port} only; it must listen on 0.0.0.0:$PORT (PORT=${port})`;
  if (!own.length && all.length) {
    const seen = [...new Set(all.map((l) => `${l.loopback ? '127.0.0.1' : '0.0.0.0'}:${l.port}`))].join(', ');
    return `listens on ${seen}, not on $PORT (PORT=${port}); it must listen on 0.0.0.0:$PORT`;
  }
  return undefined;
}

interface Listener {
  port: number;
  loopback: boolean;
  v6: boolean;
}

/** LISTEN sockets of the container's network namespace. */
function listeners(pid: number): Listener[] {
  const out: Listener[] = [];
  for (const file of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    for (const cols of rows(file)) {
      const [addr, hexPort] = cols[1].split(':');
      // Docker's embedded DNS (127.0.0.11) listens in every container on a user-defined network (linked services)
      if (cols[3] !== '0A' || addr === '0B00007F') continue;
      out.push({ port: parseInt(hexPort, 16), loopback: isLoopback(addr), v6: addr.length > 8 });
    }
  }
  return out;
}

function rows(file: string): string[][] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((c) => c.length >= 4);
  } catch {
    return [];
  }
}

/**
 * Before an old web container is stopped: wait (bounded) until no client connection to its listening
 * ports has been open for a few polls, so requests nginx's old workers still hold finish.
 */
export async function drain(container: Docker.Container, maxMs: number): Promise<void> {
  let pid: number;
  try {
    pid = (await container.inspect()).State.Pid;
  } catch {
    return;
  }
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  while (pid && Date.now() < deadline && quiet < DRAIN_QUIET_POLLS) {
    const lines = [...rows(`/proc/${pid}/net/tcp`), ...rows(`/proc/${pid}/net/tcp6`)];
    const ports = new Set(lines.filter((c) => c[3] === '0A').map((c) => c[1].split(':')[1]));
    if (!ports.size) return;
    const open = lines.some((c) => c[3] === '01' && ports.has(c[1].split(':')[1]));
    quiet = open ? 0 : quiet + 1;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** 'any': a LISTEN socket on a non-loopback address; 'loopback': only on 127.0.0.1/::1; 'unknown': /proc not readable. */
export function listeningSockets(pid: number, port: number): 'any' | 'loopback' | 'none' | 'unknown' {
  let found: 'loopback' | 'none' = 'none';
  let readable = false;
  for (const file of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
      readable = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue;
      const [addr, hexPort] = cols[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      if (isLoopback(addr)) found = 'loopback';
      else return 'any';
    }
  }
  return readable ? found : 'unknown';
}

function isLoopback(hexAddr: string): boolean {
  const a = hexAddr.toUpperCase();
  if (a.length === 8) return a.endsWith('7F');
  return a === '00000000000000000000000001000000' || (a.startsWith('0000000000000000FFFF0000') && a.endsWith('7F'));
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Without /proc access: an HTTP request through the host port; any response byte means the app answers. */
function httpProbe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(2000, () => done(true));
    s.once('connect', () => s.write('HEAD / HTTP/1.0\r\nHost: localhost\r\n\r\n'));
    s.once('data', () => done(true));
    s.once('close', () => done(false));
    s.once('error', () => done(false));
  });
}
