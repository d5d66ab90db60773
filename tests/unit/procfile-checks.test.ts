import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { dropStaged, parseAppJson, parseProcfile, promoteStaged, readStaged, stageFromSource } from '../../plugins/ps/staged.js';
import { checksListed } from '../../plugins/scheduler-docker-local/dyno.js';
import { wrongListen } from '../../plugins/scheduler-docker-local/readiness.js';

describe('Procfile and app.json', () => {
  test('Procfile lines become process types; comments and junk are ignored', () => {
    const p = parseProcfile('# comment\r\nweb: node server.js --port $PORT\nworker:   node worker.js  \nnot a line\nrelease: echo "a: b"\n');
    expect([...p]).toEqual([
      ['web', 'node server.js --port $PORT'],
      ['worker', 'node worker.js'],
      ['release', 'echo "a: b"'],
    ]);
    expect(parseProcfile(undefined).size).toBe(0);
  });

  test('app.json must be a JSON object', () => {
    expect(parseAppJson('{"formation":{"web":{"quantity":2}}}').formation?.web.quantity).toBe(2);
    expect(parseAppJson(undefined)).toEqual({});
    expect(() => parseAppJson('{nope')).toThrow(/app.json is not valid JSON/);
    expect(() => parseAppJson('[1]')).toThrow(/JSON object/);
  });
});

describe('staging: a failed deploy keeps the promoted files', () => {
  let dir: string;
  let ctx: PluginContext;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-staged-'));
    ctx = { paths: { data: path.join(dir, 'data') } } as unknown as PluginContext;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const source = (files: Record<string, string>) => {
    const src = fs.mkdtempSync(path.join(dir, 'src-'));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(src, f), text);
    return src;
  };

  test('staged → read → promoted; dropped staging falls back to the promoted copy', () => {
    stageFromSource(ctx, 'app', source({ Procfile: 'web: one\n' }));
    expect(readStaged(ctx, 'app', 'Procfile')).toBe('web: one\n');
    expect(readStaged(ctx, 'app', 'app.json')).toBeUndefined();
    promoteStaged(ctx, 'app');
    stageFromSource(ctx, 'app', source({ Procfile: 'web: two\n', 'app.json': '{}' }));
    expect(readStaged(ctx, 'app', 'Procfile')).toBe('web: two\n');
    dropStaged(ctx, 'app');
    expect(readStaged(ctx, 'app', 'Procfile')).toBe('web: one\n');
    expect(readStaged(ctx, 'app', 'app.json')).toBeUndefined();
  });

  test('a source without a Procfile hides the old one from the deploy, and removes it on promotion', () => {
    stageFromSource(ctx, 'app', source({ Procfile: 'web: one\n' }));
    promoteStaged(ctx, 'app');
    stageFromSource(ctx, 'app', source({}));
    expect(readStaged(ctx, 'app', 'Procfile')).toBeUndefined();
    promoteStaged(ctx, 'app');
    expect(readStaged(ctx, 'app', 'Procfile')).toBeUndefined();
  });

  test('an invalid app.json fails at extract time, before anything is built', () => {
    expect(() => stageFromSource(ctx, 'app', source({ 'app.json': '{' }))).toThrow(/app.json/);
  });
});

describe('checks lists and listen diagnostics', () => {
  test('checksListed', () => {
    expect(checksListed('_all_', 'web')).toBe(true);
    expect(checksListed('web,worker', 'worker')).toBe(true);
    expect(checksListed('worker', 'web')).toBe(false);
    expect(checksListed('', 'web')).toBe(false);
  });

  test('a loopback-only listener is named plainly', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(wrongListen(process.pid, port)).toBe(`listens on 127.0.0.1:${port} only; it must listen on 0.0.0.0:$PORT (PORT=${port})`);
    } finally {
      server.close();
    }
  });
});
