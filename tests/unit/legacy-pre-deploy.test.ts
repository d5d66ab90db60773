import fs from 'node:fs';
import path from 'node:path';
import { engineFor, fixtureDir, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

/** Old plugins answer only `pre-deploy APP TAG`: each builder's release fires it after post-release-builder. */
let p: TempPlatform;
let record: string;
const recorded = () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : []);

beforeEach(async () => {
  p = tempPlatform();
  record = path.join(p.dir, 'record');
  p.env.RECORD_FILE = record;
  for (const name of ['apps', 'builder', 'builder-dockerfile', 'builder-buildpack']) linkPlugin(p, name);
  expect((await routeIn(p, ['apps:create', 'web'])).code).toBe(0);
});
afterEach(() => p.cleanup());

function addLegacy(): void {
  const dest = path.join(p.pluginPath, 'available', 'legacy-pre-deploy');
  fs.cpSync(fixtureDir('legacy-pre-deploy'), dest, { recursive: true });
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'legacy-pre-deploy'));
}

test.each(['dockerfile', 'buildpack'])('builder-release %s fires pre-deploy APP TAG once a plugin implements it', async (builder) => {
  addLegacy();
  const { engine, stderr } = engineFor(p);
  await engine.triggers.select('builder-release', builder, 'web', 'v3');
  expect(recorded()).toEqual(['pre-deploy web v3']);
  expect(stderr.text).toContain('Deprecated: the pre-deploy trigger is implemented by a plugin');
});

test('a failing pre-deploy handler fails the release', async () => {
  addLegacy();
  const { engine } = engineFor(p, { env: { LEGACY_EXIT: '3' } });
  await expect(engine.triggers.select('builder-release', 'dockerfile', 'web', 'v1')).rejects.toThrow(/pre-deploy/);
});

test('without a pre-deploy handler nothing is fired', async () => {
  const { engine } = engineFor(p);
  await engine.triggers.select('builder-release', 'dockerfile', 'web', 'v2');
  expect(recorded()).toEqual([]);
});
