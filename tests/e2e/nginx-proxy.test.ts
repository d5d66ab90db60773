import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { addPlugin, berth as berthIn, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

/**
 * A real nginx (started here, on loopback) in front of two node HTTP servers standing in for app
 * containers. Only the scheduler is doubled: a fixture plugin answers network-get-listeners from a file.
 */
let p: TempPlatform;
let nginx: ResultPromise | undefined;
let port: number;
const apps: Record<string, { server: http.Server; port: number }> = {};

const berth = (...args: string[]) => berthIn(p, args, { env: { BERTH_NO_DROP: '1' } });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port: free } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(free));
    });
    srv.on('error', reject);
  });
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function get(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', headers: { Host: host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Answers with its name and the headers nginx passed on. */
function startApp(name: string): Promise<void> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ app: name, headers: req.headers }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      apps[name] = { server, port: (server.address() as net.AddressInfo).port };
      fs.writeFileSync(path.join(p.root, name, 'test-listeners.web'), `127.0.0.1:${apps[name]!.port}\n`);
      resolve();
    }),
  );
}

const appOf = (r: { status: number; body: string }) => (r.status === 200 ? (JSON.parse(r.body) as { app: string }).app : `status ${r.status}`);

function writeNginxConf(): string {
  const dir = path.join(p.dir, 'nginx');
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, 'tmp', d), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server_names_hash_bucket_size 128;
  server { listen 127.0.0.1:${port} default_server; return 404; }
  include ${p.root}/*/nginx.conf;
}
`,
  );
  return conf;
}

beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  addPlugin(p, path.join(repoRoot, 'fixtures', 'plugins', 'nginx-test-listeners'));
  port = await freePort();
  const conf = writeNginxConf();
  for (const args of [
    ['nginx:set', '--global', 'conf', conf],
    ['nginx:set', '--global', 'bind-address', '127.0.0.1'],
    ['ports:set', '--global', 'http-port', String(port)],
    ['domains:set-global', 'berth.test'],
    ['apps:create', 'app-a'],
    ['apps:create', 'app-b'],
    ['apps:create', 'app-c'],
  ]) {
    const r = await berth(...args);
    if (r.exitCode !== 0) throw new Error(`berth ${args.join(' ')} failed: ${r.stderr}`);
  }
  nginx = execa('nginx', ['-c', conf, '-e', 'stderr', '-g', 'daemon off;'], { reject: false });
  await until(() => get('nothing.test'), (r) => r.status === 404, 'nginx to answer');
  await startApp('app-a');
  await startApp('app-b');
}, 60000);

afterAll(async () => {
  nginx?.kill('SIGQUIT');
  await nginx;
  for (const { server } of Object.values(apps)) server.close();
  p?.cleanup();
});

test('routes each Host to its app with proxy headers', async () => {
  for (const app of ['app-a', 'app-b']) {
    const r = await berth('proxy:build-config', app);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  }
  const a = await until(() => get('app-a.berth.test'), (r) => appOf(r) === 'app-a', 'app-a to be routed');
  const headers = (JSON.parse(a.body) as { headers: Record<string, string> }).headers;
  expect(headers.host).toBe('app-a.berth.test');
  expect(headers['x-forwarded-for']).toBe('127.0.0.1');
  expect(headers['x-forwarded-proto']).toBe('http');
  expect(headers['x-forwarded-port']).toBe(String(port));
  expect(headers['x-request-start']).toMatch(/^\d+\.\d+$/);
  expect(appOf(await until(() => get('app-b.berth.test'), (r) => appOf(r) === 'app-b', 'app-b to be routed'))).toBe('app-b');
  expect((await get('unknown.berth.test')).status).toBe(404);
  expect((await berth('nginx:show-config', 'app-a')).stdout).toContain(`listen 127.0.0.1:${port};`);
});

test('an app without a running web process answers 502', async () => {
  expect((await berth('proxy:build-config', 'app-c')).exitCode).toBe(0);
  await until(() => get('app-c.berth.test'), (r) => r.status === 502, 'app-c to answer 502');
});

test("a broken snippet fails only its app's build; the other apps keep being served", async () => {
  const confB = path.join(p.root, 'app-b', 'nginx.conf');
  const before = fs.readFileSync(confB, 'utf8');
  fs.mkdirSync(path.join(p.root, 'app-b', 'nginx.conf.d'));
  const snippet = path.join(p.root, 'app-b', 'nginx.conf.d', 'broken.conf');
  fs.writeFileSync(snippet, 'this_is_not_a_directive on;\n');
  const r = await berth('proxy:build-config', 'app-b');
  expect(r.exitCode).not.toBe(0);
  expect(r.stderr).toMatch(/nginx config test failed for app app-b/);
  expect(r.stderr).toMatch(/unknown directive "this_is_not_a_directive"/);
  expect(fs.readFileSync(confB, 'utf8')).toBe(before);
  expect(appOf(await get('app-a.berth.test'))).toBe('app-a');
  expect(appOf(await get('app-b.berth.test'))).toBe('app-b');

  // while the snippet is there, other apps' builds point at the app whose files break the test
  const other = await berth('proxy:build-config', 'app-a');
  expect(other.exitCode).not.toBe(0);
  expect(other.stderr).toMatch(/The error is in the nginx config of app-b/);
  expect((await berth('nginx:validate-config')).stderr).toMatch(/in the config of app-b/);

  fs.rmSync(snippet);
  expect((await berth('nginx:validate-config')).exitCode).toBe(0);
});

test('domains:add updates the routing of a deployed app', async () => {
  const r = await berth('domains:add', 'app-a', 'www.example.test');
  expect(r.exitCode).toBe(0);
  await until(() => get('www.example.test'), (res) => appOf(res) === 'app-a', 'the new domain to route to app-a');
  expect((await berth('url', 'app-a')).stdout.trim()).toBe(`http://app-a.berth.test:${port}`);
});

test('proxy:disable removes the routing, proxy:enable brings it back', async () => {
  expect((await berth('proxy:disable', 'app-a')).exitCode).toBe(0);
  expect(fs.existsSync(path.join(p.root, 'app-a', 'nginx.conf'))).toBe(false);
  await until(() => get('app-a.berth.test'), (r) => r.status === 404, 'app-a to be unrouted');
  expect(appOf(await get('app-b.berth.test'))).toBe('app-b');
  expect((await berth('proxy:enable', 'app-a')).exitCode).toBe(0);
  await until(() => get('app-a.berth.test'), (r) => appOf(r) === 'app-a', 'app-a to be routed again');
});

test('destroying an app removes its routing', async () => {
  expect((await berth('apps:destroy', 'app-b', '--force')).exitCode).toBe(0);
  await until(() => get('app-b.berth.test'), (r) => r.status === 404, 'app-b to be unrouted');
  expect(appOf(await get('app-a.berth.test'))).toBe('app-a');
});
