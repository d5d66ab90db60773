import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { appFixture, appHost, commitAll, gitPush, state } from './harness.js';

/** An app's own nginx.conf.sigil, pushed with the app: nginx serves with it; a broken one fails the push and the old config keeps serving. */
function get(host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: state().httpPort, path: '/', headers: { Host: host }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('request timed out')));
    req.end();
  });
}

describe("an app's nginx.conf.sigil", () => {
  const { app, repo } = appFixture('sigil', 'nginx-sigil');

  test('the pushed template configures nginx: the response carries its header', async () => {
    const push = await gitPush(repo, app);
    expect(push.all).toContain('nginx.conf.sigil');
    expect(push.exitCode).toBe(0);
    const res = await get(appHost(app));
    expect(res.status).toBe(200);
    expect(res.body).toContain('custom nginx template app');
    expect(res.headers['x-served-by']).toBe(`${app}-sigil`);
  }, 300_000);

  test('a template that does not render fails the push before the build; the app keeps serving', async () => {
    fs.writeFileSync(path.join(repo, 'nginx.conf.sigil'), 'server { listen {{ .PROXY_PORT | nope }}; }\n');
    await commitAll(repo, 'broken template');
    const push = await gitPush(repo, app);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain('function "nope" not defined');
    expect(push.all).not.toContain('Application deployed');
    expect((await get(appHost(app))).headers['x-served-by']).toBe(`${app}-sigil`);
  }, 300_000);
});
