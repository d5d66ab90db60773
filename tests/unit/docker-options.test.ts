import fs from 'node:fs';
import path from 'node:path';
import * as da from '../../sdk/docker-args.js';
import { engineFor, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

const parse = (s: string) => da.parseDockerArgs(s).map((o) => [o.name, o.value]);
const frag = (s: string, env: NodeJS.ProcessEnv = {}) => da.toFragment(da.parseDockerArgs(s), env);

describe('docker option parser', () => {
  test('long, =, short and attached forms; quotes split words but nothing is expanded', () => {
    expect(parse(`-v /tmp --volume=/a:/b:ro -e 'A=x y' --env=B -eC=1 --label "k=$(id)" --init --link db:database`)).toEqual([
      ['--volume', '/tmp'],
      ['--volume', '/a:/b:ro'],
      ['--env', 'A=x y'],
      ['--env', 'B'],
      ['--env', 'C=1'],
      ['--label', 'k=$(id)'],
      ['--init', undefined],
      ['--link', 'db:database'],
    ]);
  });

  test.each([
    ['--frobnicate 1', /Unsupported docker option '--frobnicate'/],
    ['-X', /Unsupported docker option '-X'/],
    ['--memory', /'--memory' needs a value/],
    ['--memory --init', /'--memory' needs a value/],
    ['stray --init', /Unexpected 'stray'/],
    ['--init=yes', /takes no value/],
    [`--label 'unclosed`, /Unmatched '/],
  ])('%p is refused with a message naming the problem', (text, message) => {
    expect(() => da.parseDockerArgs(text)).toThrow(message);
  });

  test.each([
    ['--memory 1.5x', /Invalid value '1.5x' for --memory/],
    ['--restart sometimes', /--restart/],
    ['--restart always:3', /--restart/],
    ['--cpus -1', /Needs a value|--cpus/i],
    ['--ulimit nofile', /NAME=SOFT/],
    ['--link "a b"', /CONTAINER\[:ALIAS\]/],
    ['-v relative:dir', /container path must be absolute/],
    ['-v /srv/../etc:/x', /must not contain/],
    ['--workdir app', /absolute path/],
    ['--add-host nocolon', /HOST:IP/],
  ])('%p has an invalid value', (text, message) => {
    expect(() => da.assertValid(da.parseDockerArgs(text))).toThrow(message);
  });

  test('options map onto Docker Engine API create fields', () => {
    const f = frag(
      [
        '-v /srv/data:/data:ro -v /cache --link db:database -e A=1 --env=FROM_ENV --label com.x=y --restart on-failure:5',
        '--memory 512m --cpus 1.5 --add-host h:10.0.0.1 --network appnet --log-driver json-file --log-opt max-size=10m',
        '--user 1000:1000 --workdir /app --tmpfs /run:size=64m --ulimit nofile=1024:2048 --shm-size 1g --init -p 127.0.0.1:8080:80',
      ].join(' '),
      { FROM_ENV: 'e' },
    );
    expect(f.config).toEqual({
      Volumes: { '/cache': {} },
      Env: ['A=1', 'FROM_ENV=e'],
      Labels: { 'com.x': 'y' },
      User: '1000:1000',
      WorkingDir: '/app',
      ExposedPorts: { '80/tcp': {} },
    });
    expect(f.host).toEqual({
      Binds: ['/srv/data:/data:ro'],
      Links: ['db:database'],
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
      Memory: 512 * 1024 ** 2,
      NanoCpus: 1.5e9,
      ExtraHosts: ['h:10.0.0.1'],
      NetworkMode: 'appnet',
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      Tmpfs: { '/run': 'size=64m' },
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      ShmSize: 1024 ** 3,
      Init: true,
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
    });
  });

  test('build-only options reach image builds, not containers', () => {
    const f = frag('--build-arg V=2 --target prod --no-cache --label a=b');
    expect(f.build).toEqual({ buildargs: { V: '2' }, target: 'prod', nocache: true, labels: { a: 'b' } });
    expect(f.host).toEqual({});
  });

  test('merging appends lists, keeps the base labels and lets options replace scalars', () => {
    const base = { Image: 'i', Env: ['X=1'], Labels: { berth: '', 'com.dokku.app-name': 'web' }, HostConfig: { Init: true, Binds: ['/a:/a'], NetworkMode: 'bridge' } };
    const merged = da.mergeCreateOptions(base, frag('-e Y=2 --label com.dokku.app-name=evil --label extra=1 -v /b:/b --network other --init=false'));
    expect(merged).toEqual({
      Image: 'i',
      Env: ['X=1', 'Y=2'],
      Labels: { berth: '', 'com.dokku.app-name': 'web', extra: '1' },
      HostConfig: { Init: false, Binds: ['/a:/a', '/b:/b'], NetworkMode: 'other' },
    });
  });

  test.each([
    '--privileged',
    '--pid=host',
    '--network=host',
    '--net host',
    '-v /:/host',
    '-v /var/run/docker.sock:/var/run/docker.sock',
    '-v /etc/shadow:/x',
    '--cap-add SYS_ADMIN',
    '--device /dev/sda',
    '--userns=host',
    '--ipc host',
    '--uts=host',
    '--security-opt seccomp=unconfined',
    '--sysctl kernel.panic=1',
    '--volumes-from other',
  ])('%p breaks isolation', (text) => {
    expect(da.parseDockerArgs(text).map((o) => da.hostAccess(o)).some(Boolean)).toBe(true);
  });

  test.each(['-v /srv/data:/data', '-v named:/data', '--network appnet', '--cap-drop ALL', '--security-opt no-new-privileges', '--sysctl net.core.somaxconn=1024', '--ipc private'])(
    '%p keeps isolation',
    (text) => {
      expect(da.parseDockerArgs(text).map((o) => da.hostAccess(o)).filter(Boolean)).toEqual([]);
    },
  );

  test("the platform's own roots are refused as mount sources, except the storage directory", () => {
    const host = { platform: ['/home/berth', '/var/lib/berth'], allowed: ['/var/lib/berth/data/storage'] };
    const why = (text: string) => da.parseDockerArgs(text).map((o) => da.hostAccess(o, host))[0];
    expect(why('-v /home/berth/.ssh:/keys')).toMatch(/platform's own \/home\/berth\/.ssh/);
    expect(why('-v /var/lib/berth:/lib')).toMatch(/platform's own/);
    expect(why('-v /home:/h')).toMatch(/platform's own/);
    expect(why('-v /var/lib/berth/data/storage/app-data:/data')).toBeUndefined();
    expect(why('-v /srv/data:/data')).toBeUndefined();
    expect(why('-v /home')).toBeUndefined();
  });

  test('a stored line splits back into the same words', () => {
    const words = ['--label', `traefik.rule=Host(\`a\`) && it's`];
    expect(da.parseDockerArgs(da.joinWords(words))[0]!.words).toEqual(words);
  });
});

describe('docker-options commands', () => {
  let p: TempPlatform;
  const run = (...argv: string[]) => routeIn(p, argv);
  const prop = (key: string) => path.join(p.libRoot, 'config', 'docker-options', 'web', key);
  const read = (key: string) => (fs.existsSync(prop(key)) ? fs.readFileSync(prop(key), 'utf8').split('\n') : []);

  beforeEach(async () => {
    p = tempPlatform();
    linkPlugin(p, 'apps');
    linkPlugin(p, 'docker-options');
    expect((await run('apps:create', 'web')).code).toBe(0);
  });
  afterEach(() => p.cleanup());

  test("add stores one canonical line per option in Dokku's _default_.<phase> lists; report shows them", async () => {
    expect((await run('docker-options:add', 'web', 'build,deploy,run', '-v /tmp')).code).toBe(0);
    expect((await run('docker-options:add', 'web', 'deploy', '--label', "'a=b c'", '--restart=always')).code).toBe(0);
    expect(read('_default_.build')).toEqual(['-v /tmp']);
    expect(read('_default_.deploy')).toEqual(['--restart=always', '-v /tmp', "--label 'a=b c'"].sort());
    const r = await run('docker-options:report', 'web', '--docker-options-deploy');
    expect(r.out.trim()).toBe(read('_default_.deploy').join(' '));
    const full = await run('docker-options:report', 'web');
    expect(full.out).toMatch(/=====> web docker options information\n\s+Docker options build:\s+-v \/tmp\n/);
  });

  test('the docker-args triggers answer the phase, after their stdin; --restart only for deploy', async () => {
    await run('docker-options:add', 'web', 'build,deploy,run', '--restart=always -v /srv/x:/x');
    const { engine } = engineFor(p);
    expect((await engine.triggers.waterfall('docker-args-deploy', '--init', 'web', 'v1')).trim()).toBe('--init --restart=always -v /srv/x:/x');
    expect((await engine.triggers.waterfall('docker-args-run', '', 'web', 'v1')).trim()).toBe('-v /srv/x:/x');
    expect((await engine.triggers.waterfall('docker-args-build', '', 'web', 'dockerfile')).trim()).toBe('');
    expect((await engine.triggers.waterfall('docker-args-build', '', 'web', 'buildpack')).trim()).toBe('-v /srv/x:/x');
  });

  test("a datastore's link, as dokku-postgres adds and removes it (one quoted argument, three phases)", async () => {
    const link = '--link dokku.postgres.db:dokku-postgres-db';
    expect((await run('docker-options:add', 'web', 'build,deploy,run', link)).code).toBe(0);
    for (const phase of ['build', 'deploy', 'run']) expect(read(`_default_.${phase}`)).toEqual([link]);
    expect(da.toFragment(da.parseDockerArgs(link)).host).toEqual({ Links: ['dokku.postgres.db:dokku-postgres-db'] });
    expect((await run('docker-options:remove', 'web', 'build,deploy,run', link)).code).toBe(0);
    for (const phase of ['build', 'deploy', 'run']) expect(read(`_default_.${phase}`)).toEqual([]);
  });

  test('remove matches any spelling with the same words; clear by phase or all', async () => {
    await run('docker-options:add', 'web', 'deploy,run', '--link db:database');
    expect((await run('docker-options:remove', 'web', 'deploy', `'--link' "db:database"`)).code).toBe(0);
    expect(read('_default_.deploy')).toEqual([]);
    expect(read('_default_.run')).toEqual(['--link db:database']);
    const c = await run('docker-options:clear', 'web');
    expect(c.out).toContain('-----> Clearing docker-options for web on all phases');
    expect(read('_default_.run')).toEqual([]);
  });

  test.each([
    [['web', 'deploy,nope', '-v /tmp'], /Phase\(s\) must be one of \[build deploy run\]/],
    [['web', 'deploy', '--frobnicate'], /Unsupported docker option '--frobnicate'/],
    [['web', 'deploy', '-v /tmp', '--memory lots'], /Invalid value 'lots' for --memory/],
    [['web', 'deploy'], /Please specify docker options/],
    [['nope', 'deploy', '-v /tmp'], /App nope does not exist/],
    [['web', 'deploy', '-v /tmp --privileged'], /Refusing '--privileged'.*--allow-host-access/],
  ])('add %p is refused and changes nothing', async (args, message) => {
    const r = await run('docker-options:add', ...args);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'docker-options', 'web'))).toBe(false);
  });

  test('--allow-host-access is for local root only; root stores the option apart', async () => {
    const asUser = await routeIn({ ...p, env: { ...p.env, SSH_USER: 'alice', NAME: 'alice' } }, ['docker-options:add', '--allow-host-access', 'web', 'deploy', '--cap-add NET_ADMIN']);
    expect(asUser.code).not.toBe(0);
    expect(asUser.err).toContain('is for root on the host only');
    expect(read('_default_.deploy.host-access')).toEqual([]);
    const asRoot = await routeIn({ ...p, env: { ...p.env, SSH_USER: 'root', NAME: '' } }, ['docker-options:add', '--allow-host-access', 'web', 'deploy', '--cap-add NET_ADMIN']);
    expect(asRoot.code).toBe(0);
    expect(read('_default_.deploy.host-access')).toEqual(['--cap-add NET_ADMIN']);
    expect((await run('docker-options:report', 'web', '--docker-options-deploy')).out.trim()).toBe('--cap-add NET_ADMIN');
  });

  test('rename moves the options, delete drops them', async () => {
    await run('docker-options:add', 'web', 'run', '--init');
    expect((await run('apps:rename', 'web', 'api')).code).toBe(0);
    expect(fs.readFileSync(path.join(p.libRoot, 'config', 'docker-options', 'api', '_default_.run'), 'utf8')).toBe('--init');
    expect((await run('apps:destroy', 'api', '--force')).code).toBe(0);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'docker-options', 'api'))).toBe(false);
  });

  test('--process scopes deploy options to process types, wherever it stands; list, report and the deploy trigger follow', async () => {
    expect((await run('docker-options:add', '--process', 'web', '--process', 'worker', 'web', 'deploy', '-v /shared:/shared')).code).toBe(0);
    expect((await run('docker-options:add', 'web', 'deploy', '--link', 'foo', '--process', 'web')).code).toBe(0);
    expect((await run('docker-options:add', 'web', 'deploy', '--memory=512m')).code).toBe(0);
    expect(read('web.deploy')).toEqual(['--link foo', '-v /shared:/shared']);
    expect(read('worker.deploy')).toEqual(['-v /shared:/shared']);
    expect((await run('docker-options:list', 'web', '--phase', 'deploy')).out).toBe('--memory=512m\n');
    expect((await run('docker-options:list', 'web', '--phase=deploy', '--process', 'worker')).out).toBe('-v /shared:/shared\n');
    expect((await run('docker-options:report', 'web', '--docker-options-deploy.web')).out).toBe('--link foo -v /shared:/shared\n');
    expect((await run('docker-options:report', 'web')).out).toMatch(/Docker options deploy worker:\s+-v \/shared:\/shared/);
    const json = JSON.parse((await run('docker-options:report', 'web', '--format', 'json')).out);
    expect(json).toMatchObject({ 'docker-options-deploy.web': '--link foo -v /shared:/shared', 'deploy.web-list': ['--link foo', '-v /shared:/shared'], 'build-list': [], deploy: '--memory=512m' });
    expect(json).not.toHaveProperty('docker-options-deploy-list');
    const { engine } = engineFor(p);
    expect((await engine.triggers.waterfall('docker-args-deploy', '', 'web', 'v1', 'worker', '1')).trim()).toBe('--memory=512m -v /shared:/shared');
    expect((await engine.triggers.waterfall('docker-args-deploy', '', 'web', 'v1', 'clock', '1')).trim()).toBe('--memory=512m');
    expect((await run('docker-options:remove', '--process', 'web', 'web', 'deploy', '--link foo')).code).toBe(0);
    expect(read('web.deploy')).toEqual(['-v /shared:/shared']);
    expect((await run('docker-options:clear', '--process', 'worker', 'web', 'deploy')).code).toBe(0);
    expect(read('worker.deploy')).toEqual([]);
    expect(read('web.deploy')).toEqual(['-v /shared:/shared']);
  });

  test('a value with spaces given as its own argument stays one word', async () => {
    expect((await run('docker-options:add', 'web', 'deploy', '--label', 'com.example.description=my app')).code).toBe(0);
    expect((await run('docker-options:add', 'web', 'deploy', '-v /a:/a')).code).toBe(0);
    expect(read('_default_.deploy')).toEqual(["--label 'com.example.description=my app'", '-v /a:/a']);
  });

  test.each([
    [['docker-options:add', '--process', 'web', 'web', 'build', '--shm-size 256m'], /deploy phase/],
    [['docker-options:add', '--process', 'web', 'web', 'build,deploy', '--shm-size 256m'], /deploy phase/],
    [['docker-options:add', '--process', '_default_', 'web', 'deploy', '-v /tmp:/tmp'], /_default_/],
    [['docker-options:add', '--process', 'bad/type', 'web', 'deploy', '-v /tmp:/tmp'], /process type/i],
    [['docker-options:add', 'web', 'deploy', '-v /tmp:/tmp', '--process'], /--process needs a process type/],
    [['docker-options:list', 'web'], /phase/],
    [['docker-options:list', 'web', '--phase', 'build', '--process', 'web'], /deploy phase/],
  ])('%j is refused and writes nothing', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(path.join(p.libRoot, 'config', 'docker-options', 'web'))).toBe(false);
  });
});
