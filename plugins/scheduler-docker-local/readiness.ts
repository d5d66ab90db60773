import fs from 'node:fs';
import net from 'node:net';
import type Docker from 'dockerode';
import { errors } from '../../core/sdk.js';
import { lastLogLines } from './docker.js';

const POLL_MS = 50;

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
  let loopbackOnly = false;
  for (;;) {
    const info = await c.container.inspect();
    const st = info.State;
    if (!st.Running || st.Restarting || info.RestartCount > 0) {
      const lines = await lastLogLines(info.Id);
      throw errors.external(
        `${c.dyno} stopped before it listened on port ${c.containerPort} (exit code ${st.ExitCode})` + (lines.length ? `\n${lines.map((l) => `       ${l}`).join('\n')}` : ''),
      );
    }
    const sockets = listeningSockets(st.Pid, c.containerPort);
    loopbackOnly = sockets === 'loopback';
    const ready = sockets === 'unknown' ? await httpProbe(c.hostPort) : sockets === 'any' && (await tcpAccepts(c.hostPort));
    if (ready) return;
    if (Date.now() >= deadline) {
      const lines = await lastLogLines(info.Id);
      const why = loopbackOnly
        ? `listens on 127.0.0.1 only; make it listen on 0.0.0.0:$PORT`
        : `did not listen on port ${c.containerPort} ($PORT) within ${Math.round(c.timeoutMs / 1000)}s`;
      throw errors.external(`${c.dyno} ${why}` + (lines.length ? `\n${lines.map((l) => `       ${l}`).join('\n')}` : ''));
    }
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
