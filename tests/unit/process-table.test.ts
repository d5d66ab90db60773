import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginContext } from '../../sdk/index.js';
import { parseProcfile, promoteStaged, readStaged, stageFromSource, stageProcessTable } from '../../plugins/ps/staged.js';

/** A buildpack's default_process_types reach the deploy through the image label com.berth.process-types. */
describe('the image process table joins the Procfile', () => {
  let dir: string;
  let ctx: PluginContext;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-table-'));
    ctx = { paths: { data: path.join(dir, 'data') } } as unknown as PluginContext;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const source = (files: Record<string, string>) => {
    const src = fs.mkdtempSync(path.join(dir, 'src-'));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(src, f), text);
    return src;
  };
  const types = () => [...parseProcfile(readStaged(ctx, 'app', 'Procfile'))];

  test('without a Procfile, non-web default types become process types; web keeps the image CMD', () => {
    stageFromSource(ctx, 'app', source({}));
    stageProcessTable(ctx, 'app', JSON.stringify({ web: 'node server.js', worker: 'node worker.js', clock: 'node clock.js' }));
    expect(types()).toEqual([['worker', 'node worker.js'], ['clock', 'node clock.js']]);
    promoteStaged(ctx, 'app');
    expect(types()).toEqual([['worker', 'node worker.js'], ['clock', 'node clock.js']]);
  });

  test('Procfile entries win type by type; the defaults only add', () => {
    stageFromSource(ctx, 'app', source({ Procfile: 'web: node a.js\nworker: node mine.js' }));
    stageProcessTable(ctx, 'app', JSON.stringify({ web: 'node server.js', worker: 'node worker.js', mailer: 'node mail.js' }));
    expect(types()).toEqual([['web', 'node a.js'], ['worker', 'node mine.js'], ['mailer', 'node mail.js']]);
  });

  test('no label, a bad label or nothing new leaves the staged Procfile alone', () => {
    stageFromSource(ctx, 'app', source({}));
    for (const label of [undefined, '', '{nope', '[]', JSON.stringify({ web: 'x' }), JSON.stringify({ 'bad type!': 'x', worker: 'a\nb', other: 3, empty: ' ' })])
      stageProcessTable(ctx, 'app', label);
    expect(readStaged(ctx, 'app', 'Procfile')).toBeUndefined();
  });
});
