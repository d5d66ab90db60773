// One platform for every e2e suite: temp roots, its own platform user, sshd and nginx on loopback.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot, stateFile, waitForPort, freePort, E2E_USER } from './shared.mjs';

export default async function globalSetup() {
  await execa('bash', [path.join(repoRoot, 'bootstrap', 'start-daemons.sh')], { stdio: 'inherit', env: { ...process.env, BERTH_SKIP_SSHD: '1', BERTH_SKIP_NGINX: '1' } });
  await execa('bash', [path.join(repoRoot, 'plugins', 'stack', 'build-image.sh')], { stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-'));
  fs.chmodSync(dir, 0o755);
  const root = path.join(dir, 'home');
  const libRoot = path.join(dir, 'lib');
  const httpPort = await freePort();
  const sshPort = await freePort();
  const env = { BERTH_ROOT: root, BERTH_LIB_ROOT: libRoot, PLUGIN_PATH: path.join(libRoot, 'plugins'), BERTH_SYSTEM_USER: E2E_USER };
  // Global settings a real admin would set with commands, written before install so no install step touches the system nginx.
  const props = { 'nginx/--global/conf': path.join(dir, 'nginx', 'nginx.conf'), 'nginx/--global/bind-address': '127.0.0.1', 'ports/--global/http-port': String(httpPort), 'domains/--global/vhosts': 'berth.test' };
  for (const [key, value] of Object.entries(props)) {
    fs.mkdirSync(path.dirname(path.join(libRoot, 'config', key)), { recursive: true });
    fs.writeFileSync(path.join(libRoot, 'config', key), value);
  }
  await stopLeftovers();
  const berth = path.join(repoRoot, 'bin', 'berth');
  await execa(berth, ['--force', 'install'], { env: { ...process.env, ...env }, stdio: 'inherit' });
  const nginxConf = writeNginxConf(dir, root, httpPort);
  await execa('chown', ['-R', `${E2E_USER}:${E2E_USER}`, path.join(dir, 'nginx')]);
  await execa('runuser', ['-u', E2E_USER, '--', 'nginx', '-c', nginxConf]);
  const sshd = await startSshd(dir, root, sshPort);
  const keys = path.join(dir, 'keys');
  fs.mkdirSync(keys);
  for (const name of ['admin', 'stranger']) await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path.join(keys, name)]);
  await execa(berth, ['ssh-keys:add', 'admin', path.join(keys, 'admin.pub')], { env: { ...process.env, ...env } });
  await waitForPort(httpPort);
  const load = startLoad(dir);
  const state = { dir, root, libRoot, env, httpPort, sshPort, sshd, nginxConf, keys, user: E2E_USER, domain: 'berth.test', load };
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  process.env.BERTH_E2E_STATE = stateFile;
}

/**
 * Every suite runs on a busy host unless BERTH_E2E_LOAD=0 (local runs): deploys must be right when the
 * machine is slow, not only when it is idle.
 */
function startLoad(dir) {
  if (process.env.BERTH_E2E_LOAD === '0') return undefined;
  const child = spawn(process.execPath, [path.join(repoRoot, 'tests', 'e2e', 'setup', 'background-load.mjs'), String(process.pid), dir], { detached: true, stdio: 'ignore' });
  child.unref();
  console.log(`\n-----> Background load on (pid ${child.pid}); BERTH_E2E_LOAD=0 turns it off`);
  return { pid: child.pid };
}

/**
 * A run that died before its teardown leaves its nginx (running as the e2e user) and sshd behind;
 * they would keep the user busy, and the user's home cannot move while it has processes.
 */
async function stopLeftovers() {
  const pids = new Set();
  const mine = await execa('pgrep', ['-u', E2E_USER], { reject: false });
  for (const p of mine.stdout.split('\n').filter(Boolean)) pids.add(Number(p));
  const sshds = await execa('pgrep', ['-f', 'sshd -f .*/sshd/sshd_config'], { reject: false });
  for (const p of sshds.stdout.split('\n').filter(Boolean)) {
    // sshd rewrites its title, so the config path is read out of the whole command line
    const conf = /-f\0?\s?(\S+?sshd_config)/.exec(fs.readFileSync(`/proc/${p}/cmdline`, 'utf8'))?.[1] ?? '';
    const text = fs.existsSync(conf) ? fs.readFileSync(conf, 'utf8') : '';
    if (!text || text.includes(`AllowUsers ${E2E_USER}\n`)) pids.add(Number(p));
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10000;
  while ([...pids].some((pid) => fs.existsSync(`/proc/${pid}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

function writeNginxConf(dir, root, port) {
  const n = path.join(dir, 'nginx');
  for (const d of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) fs.mkdirSync(path.join(n, d), { recursive: true });
  const conf = `worker_processes 1;
pid ${n}/nginx.pid;
error_log ${n}/error.log;
events { worker_connections 512; }
http {
  access_log ${n}/access.log;
  client_body_temp_path ${n}/tmp/body;
  proxy_temp_path ${n}/tmp/proxy;
  fastcgi_temp_path ${n}/tmp/fastcgi;
  uwsgi_temp_path ${n}/tmp/uwsgi;
  scgi_temp_path ${n}/tmp/scgi;
  server_names_hash_bucket_size 128;
  server { listen 127.0.0.1:${port} default_server; return 404; }
  include ${root}/*/nginx.conf;
}
`;
  fs.writeFileSync(path.join(n, 'nginx.conf'), conf);
  return path.join(n, 'nginx.conf');
}

async function startSshd(dir, root, port) {
  const s = path.join(dir, 'sshd');
  fs.mkdirSync(s);
  fs.mkdirSync('/run/sshd', { recursive: true });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(s, 'host_ed25519')]);
  const conf = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${s}/host_ed25519`,
    `PidFile ${s}/sshd.pid`,
    `AuthorizedKeysFile ${root}/.ssh/authorized_keys`,
    'StrictModes no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    `AllowUsers ${E2E_USER}`,
    'PermitTTY yes',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(s, 'sshd_config'), conf);
  await execa('/usr/sbin/sshd', ['-f', path.join(s, 'sshd_config'), '-E', path.join(s, 'sshd.log')]);
  await waitForPort(port);
  return { pidFile: path.join(s, 'sshd.pid'), log: path.join(s, 'sshd.log') };
}

export { net };
