import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { commitAll, destroyApp, pushToServing, workingCopy, type Platform } from './deploy-platform.js';
import { fmtMs } from './measure.js';
import { repoDir } from './plugin-tree.js';
import { record } from './summary.js';

interface Sample {
  /** When the response (or the failure) arrived, ms on the performance clock. */
  at: number;
  version?: string;
}

function version(p: Platform, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: p.httpPort, path: '/', headers: { Host: host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? /\((v\d+),/.exec(body)?.[1] : undefined));
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(5000, () => req.destroy());
  });
}

/**
 * One request at a time through nginx until stopped, at most one every PACE_MS: a bounded load (it must
 * not slow the push it watches) that still sees the switch of versions to within a few milliseconds.
 */
const PACE_MS = 5;
function poll(p: Platform, host: string): { stop: () => Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push({ version: await version(p, host), at: performance.now() });
      await new Promise((r) => setTimeout(r, PACE_MS));
    }
  })();
  return { stop: async () => ((running = false), await loop, samples) };
}

/**
 * Issue #4: the Node.js buildpack fixture pushed cold and warm (the warm build reuses the cache), and
 * the cut-over of the warm push, seen by a client polling through nginx: last v1 answer → first v2 answer.
 */
export async function buildpackPushes(p: Platform): Promise<void> {
  const app = `bench-bp-${Date.now().toString(36)}`;
  const host = `${app}.${p.domain}`;
  const dir = await workingCopy(path.join(repoDir(), 'fixtures', 'apps', 'node-buildpack'));
  try {
    const cold = await pushToServing(p, dir, app);
    const server = path.join(dir, 'server.js');
    fs.writeFileSync(server, fs.readFileSync(server, 'utf8').replace("const version = 'v1'", "const version = 'v2'"));
    await commitAll(dir, 'v2');
    const poller = poll(p, host);
    const warm = await pushToServing(p, dir, app, { timeline: true });
    while ((await version(p, host)) !== 'v2') await new Promise((r) => setTimeout(r, 10));
    const samples = await poller.stop();
    const failed = samples.filter((s) => !s.version).length;
    const lastOld = Math.max(...samples.filter((s) => s.version === 'v1').map((s) => s.at));
    const firstNew = Math.min(...samples.filter((s) => s.version === 'v2').map((s) => s.at));
    const gap = firstNew - lastOld;
    const cut = gap >= 0 ? fmtMs(gap) : `0 (v1 and v2 overlapped ${fmtMs(-gap)})`;
    console.log(`  buildpack app, first push → serving                 ${fmtMs(cold).padStart(10)}`);
    console.log(`  buildpack app, second push (cache) → serving        ${fmtMs(warm).padStart(10)}`);
    console.log(`  cut-over, last v1 answer → first v2 answer          ${cut.padStart(10)}  (${samples.length} requests, ${failed} failed)`);
    record({ name: 'buildpack warm push → serving', measured: fmtMs(warm), target: '≤ 20 s', pass: warm <= 20_000 });
    record({ name: 'buildpack cold push → serving', measured: fmtMs(cold), target: 'none (informational)' });
    record({ name: 'cut-over during a buildpack push', measured: cut, target: '0 failed requests', pass: failed === 0, note: `${samples.length} requests, ${failed} failed` });
  } finally {
    await destroyApp(p, app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
