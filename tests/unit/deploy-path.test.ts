import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { parseFormation, restartPolicy } from '../../plugins/scheduler-docker-local/deploy.js';
import { demux } from '../../plugins/scheduler-docker-local/docker.js';
import { listeningSockets } from '../../plugins/scheduler-docker-local/readiness.js';
import { readSlots, replaceSlots } from '../../plugins/scheduler-docker-local/state.js';
import { parseScaleArgs } from '../../plugins/ps/properties.js';

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, host, () => resolve(srv));
  });
}

describe('scheduler-docker-local helpers', () => {
  test('formation lines from ps-current-scale', () => {
    expect([...parseFormation(['web=2', ' worker=0 ', 'junk', 'x=y'])]).toEqual([
      ['web', 2],
      ['worker', 0],
    ]);
  });

  test('restart policies map to the Docker API shape', () => {
    expect(restartPolicy('on-failure:10')).toEqual({ Name: 'on-failure', MaximumRetryCount: 10 });
    expect(restartPolicy('on-failure')).toEqual({ Name: 'on-failure', MaximumRetryCount: 0 });
    expect(restartPolicy('unless-stopped')).toEqual({ Name: 'unless-stopped' });
  });

  test('listening sockets are read from the process network namespace', async () => {
    const any = await listen('0.0.0.0');
    const loop = await listen('127.0.0.1');
    try {
      const port = (s: net.Server) => (s.address() as net.AddressInfo).port;
      expect(listeningSockets(process.pid, port(any))).toBe('any');
      expect(listeningSockets(process.pid, port(loop))).toBe('loopback');
      expect(listeningSockets(process.pid, 1)).toBe('none');
      expect(listeningSockets(2 ** 22 + 7, port(any))).toBe('unknown');
    } finally {
      any.close();
      loop.close();
    }
  });

  test('docker log frames are demultiplexed by stream', () => {
    const frame = (kind: number, text: string) => {
      const head = Buffer.alloc(8);
      head[0] = kind;
      head.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([head, Buffer.from(text)]);
    };
    const frames = [...demux(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'partial')]).subarray(0, 35))];
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
      ['stdout', 'par'],
    ]);
  });

  test('slot files are written, listed and trimmed per process type', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-slots-'));
    try {
      fs.mkdirSync(path.join(root, 'app'));
      const ctx = { paths: { root } } as unknown as PluginContext;
      const slot = (index: number, port: string) => ({ proc: 'web', index, cid: `c${index}`, ip: '127.0.0.1', port });
      replaceSlots(ctx, 'app', 'web', [slot(1, '4001'), slot(2, '4002')]);
      expect(readSlots(ctx, 'app', 'web')).toEqual([slot(1, '4001'), slot(2, '4002')]);
      replaceSlots(ctx, 'app', 'web', [slot(1, '4003')]);
      expect(readSlots(ctx, 'app')).toEqual([slot(1, '4003')]);
      expect(fs.readdirSync(path.join(root, 'app')).sort()).toEqual(['CONTAINER.web.1', 'IP.web.1', 'PORT.web.1']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ps:scale arguments', () => {
  test('TYPE=N pairs are accepted', () => {
    expect([...parseScaleArgs(['web=3', 'worker=1'])]).toEqual([['web', 3], ['worker', 1]]);
  });

  test.each([['web'], ['web=-1'], ['web=x'], ['=2'], ['release=1'], ['we b=1'], ['web=99999']])('%p is refused', (arg) => {
    expect(() => parseScaleArgs([arg])).toThrow();
  });
});
