import fs from 'node:fs';
import path from 'node:path';
import { engineFor, fixtureDir, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { berth } from '../helpers/platform.js';

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
  /** The ps plugin's record of a deployed release; no scheduler plugin is enabled, so deploys start nothing. */
  const markDeployed = (app: string, tag: string) => {
    linkPlugin(p, 'ps');
    const dir = path.join(p.libRoot, 'config', 'ps', app);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'deployed'), 'true');
    fs.writeFileSync(path.join(dir, 'release-image'), `berth/${app}:${tag}`);
  };

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

  test.each(['dockerfile', 'buildpack'])('builder-release %s fires pre-release-BUILDER APP TAG, then pre-release-builder and post-release-builder BUILDER APP IMAGE', async (builder) => {
    const { engine } = engineFor(p);
    await engine.triggers.select('builder-release', builder, 'web', 'v3');
    expect(recorded()).toEqual([`pre-release-${builder} web v3`, `pre-release-builder ${builder} web berth/web:v3`, `post-release-builder ${builder} web berth/web:v3`]);
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

  test('ps:restart and ps:scale fire deploy APP TAG, which ps answers by deploying the current release', async () => {
    markDeployed('web', 'v4');
    const restart = await run('ps:restart', 'web');
    expect([restart.code, restart.out]).toEqual([0, expect.stringContaining('Deploying web via the docker-local scheduler')]);
    expect((await run('ps:scale', 'web', 'web=2')).code).toBe(0);
    expect(recorded()).toEqual(['deploy web v4', 'deploy web v4']);
  });

  test('ps:restore fires pre-restore SCHEDULER APP for each app it restores', async () => {
    markDeployed('web', 'v1');
    expect((await run('ps:restore')).code).toBe(0);
    expect(recorded()).toEqual(['pre-restore docker-local web']);
  });

  test('default domains ask nginx-hostname APP SUBDOMAIN VHOST; an answer replaces APP.VHOST', async () => {
    expect((await run('domains:set-global', 'example.com')).code).toBe(0);
    expect((await run('apps:create', 'api')).code).toBe(0);
    p.env.RECORD_ANSWER = 'nginx-hostname=api.internal.example.org';
    expect((await run('apps:create', 'shop.example.com')).code).toBe(0);
    expect(recorded()).toEqual(['nginx-hostname api api example.com', 'nginx-hostname shop.example.com shop example.com']);
    expect((await run('domains:report', 'api', '--domains-app-vhosts')).out.trim()).toBe('api.example.com');
    expect((await run('domains:report', 'shop.example.com', '--domains-app-vhosts')).out.trim()).toBe('api.internal.example.org');
  });

  test('the docker-local crontab is written from cron-entries SCHEDULER', async () => {
    linkPlugin(p, 'scheduler-docker-local');
    const { engine } = engineFor(p, { env: { RECORD_ANSWER: 'cron-entries=@daily;echo hi;/dev/null' } });
    await engine.triggers.select('scheduler-cron-write', 'docker-local');
    expect(recorded()).toEqual(['cron-entries docker-local']);
    expect(fs.readFileSync(path.join(p.libRoot, 'data', 'scheduler-docker-local', 'crontab'), 'utf8')).toContain('echo hi');
  });

  test('plugin:install (no source) fires install, plugin:install-dependencies dependencies, plugin:update update (code changed or not), plugin:uninstall uninstall NAME', async () => {
    linkPlugin(p, 'plugin');
    // The CLI, because plugin administration loads plugins on a fresh engine of its own.
    for (const args of [['plugin:install'], ['plugin:install-dependencies'], ['plugin:update', 'trigger-recorder'], ['plugin:uninstall', 'trigger-recorder']]) {
      const r = await berth(p, args, { env: { BERTH_NO_DROP: '1' } });
      expect([args, r.exitCode, r.stderr]).toEqual([args, 0, '']);
    }
    expect(recorded()).toEqual(['install ', 'dependencies ', 'update ', 'uninstall trigger-recorder']);
  }, 60_000);
});
