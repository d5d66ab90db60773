import fs from 'node:fs';
import path from 'node:path';
import { engineFor, fixtureDir, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

let p: TempPlatform;
let record: string;
const recorded = () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim().split('\n') : []);
const run = (...argv: string[]) => routeIn(p, argv);

beforeEach(async () => {
  p = tempPlatform();
  record = path.join(p.dir, 'record');
  p.env.RECORD_FILE = record;
  for (const name of ['apps', 'domains', 'builder', 'builder-dockerfile', 'builder-buildpack']) linkPlugin(p, name);
  const dest = path.join(p.pluginPath, 'available', 'trigger-recorder');
  fs.cpSync(fixtureDir('trigger-recorder'), dest, { recursive: true, verbatimSymlinks: true });
  fs.symlinkSync(dest, path.join(p.pluginPath, 'enabled', 'trigger-recorder'));
  expect((await run('apps:create', 'web')).code).toBe(0);
});
afterEach(() => p.cleanup());

describe("triggers fired where Dokku fires them, with Dokku's arguments", () => {
  test('apps:clone fires post-app-clone-setup OLD NEW; apps:rename fires post-app-rename-setup OLD NEW', async () => {
    expect((await run('apps:clone', 'web', 'copy')).code).toBe(0);
    expect((await run('apps:rename', 'copy', 'moved')).code).toBe(0);
    expect(recorded()).toEqual(['post-app-clone-setup web copy', 'post-app-rename-setup copy moved']);
  });

  test('domains changes fire post-domains-update APP ACTION DOMAINS…', async () => {
    await run('domains:add', 'web', 'a.example.com', 'b.example.com');
    await run('domains:remove', 'web', 'a.example.com');
    await run('domains:clear', 'web');
    expect(recorded()).toEqual(['post-domains-update web add a.example.com b.example.com', 'post-domains-update web remove a.example.com', 'post-domains-update web clear']);
  });

  test.each(['dockerfile', 'buildpack'])('builder-release %s fires pre-release-builder and post-release-builder BUILDER APP IMAGE', async (builder) => {
    const { engine } = engineFor(p);
    await engine.triggers.select('builder-release', builder, 'web', 'v3');
    expect(recorded()).toEqual([`pre-release-builder ${builder} web berth/web:v3`, `post-release-builder ${builder} web berth/web:v3`]);
  });

  test('a post-release-builder veto fails the release', async () => {
    const { engine } = engineFor(p, { env: { RECORD_VETO: 'post-release-builder' } });
    await expect(engine.triggers.select('builder-release', 'dockerfile', 'web', 'v1')).rejects.toThrow(/post-release-builder/);
  });

  test('a build fires pre-receive-app APP SOURCE_TYPE DIR REV after detection; its veto stops the build', async () => {
    const src = path.join(p.dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'Dockerfile'), 'FROM scratch\n');
    const { engine } = engineFor(p, { env: { RECORD_VETO: 'pre-receive-app' } });
    await expect(engine.triggers.notify('build-app', 'web', src, 'abc123')).rejects.toThrow(/App build failed/);
    expect(recorded()).toEqual([`pre-receive-app web dockerfile ${src} abc123`]);
  });
});
