import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { freePort } from './ports.js';

/** Debian's pebble (ACME server) and pebble-challtestsrv (its DNS, answering 127.0.0.1 for every name), on loopback. */
export interface Pebble {
  directoryUrl: string;
  /** CA of pebble's own https listener: what `letsencrypt:set … server-ca` names. */
  serverCa: string;
  /** The root that signs the certificates pebble issues. */
  issuingRoot(): Promise<string>;
  /** Make pebble's DNS answer `ip` for `host` (the rest stays 127.0.0.1). */
  pointAt(host: string, ip: string): Promise<void>;
  stop(): Promise<void>;
}


async function waitForPort(port: number, child: ChildProcess, log: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode}):\n${fs.readFileSync(log, 'utf8')}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${child.spawnfile} does not listen on ${port}:\n${fs.readFileSync(log, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(cmd: string, args: string[], env: Record<string, string>, log: string): ChildProcess {
  const fd = fs.openSync(log, 'a');
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
}

/** A CA and a 127.0.0.1/localhost certificate it signed, for pebble's https listener. */
async function listenerCert(dir: string): Promise<{ ca: string; crt: string; key: string }> {
  const f = (n: string) => path.join(dir, n);
  const ossl = (args: string[]) => execa('openssl', args, { cwd: dir });
  await ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=berth test ACME listener CA']);
  await ossl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'listener.key', '-out', 'listener.csr', '-subj', '/CN=localhost']);
  fs.writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await ossl(['x509', '-req', '-in', 'listener.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'listener.pem']);
  return { ca: f('ca.pem'), crt: f('listener.pem'), key: f('listener.key') };
}

/** `httpPort`: where pebble's VA sends HTTP-01 requests (the platform's nginx). */
export async function startPebble(dir: string, httpPort: number): Promise<Pebble> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const certs = await listenerCert(dir);
  fs.chmodSync(certs.ca, 0o644);
  const [acmePort, mgmtPort, dnsPort, dnsMgmtPort, tlsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const config = path.join(dir, 'pebble.json');
  fs.writeFileSync(config, JSON.stringify({
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${mgmtPort}`,
      certificate: certs.crt,
      privateKey: certs.key,
      httpPort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  }));
  const dnsLog = path.join(dir, 'challtestsrv.log');
  const dns = start('pebble-challtestsrv', ['-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${dnsMgmtPort}`], {}, dnsLog);
  await waitForPort(dnsMgmtPort, dns, dnsLog);
  const log = path.join(dir, 'pebble.log');
  const pebble = start('pebble', ['-config', config, '-dnsserver', `127.0.0.1:${dnsPort}`], { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' }, log);
  await waitForPort(acmePort, pebble, log);
  const ca = fs.readFileSync(certs.ca);
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    serverCa: certs.ca,
    issuingRoot: () =>
      new Promise((resolve, reject) => {
        https.get({ host: '127.0.0.1', port: mgmtPort, path: '/roots/0', ca, agent: false }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`pebble /roots/0: ${res.statusCode}`))));
        }).on('error', reject);
      }),
    async pointAt(host: string, ip: string) {
      const res = await fetch(`http://127.0.0.1:${dnsMgmtPort}/add-a`, { method: 'POST', body: JSON.stringify({ host: `${host}.`, addresses: [ip] }) });
      if (!res.ok) throw new Error(`pebble-challtestsrv add-a: ${res.status}`);
    },
    async stop() {
      for (const child of [pebble, dns]) {
        if (child.exitCode !== null) continue;
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    },
  };
}
