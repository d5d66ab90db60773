import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseBuildpackUrl } from '../../sdk/index.js';
import { assertBuildpackDir, buildpackName, parseBuildpacksFile } from '../../plugins/builder-buildpack/sources.js';
import { addAt, assertBuildpackUrl, parseIndex, removeAt, removeUrl, setAt } from '../../plugins/buildpacks/list.js';

describe('buildpack URLs', () => {
  test.each([
    ['https://github.com/heroku/heroku-buildpack-nodejs.git', { kind: 'git', repo: 'https://github.com/heroku/heroku-buildpack-nodejs.git' }],
    ['https://github.com/heroku/heroku-buildpack-nodejs', { kind: 'git', repo: 'https://github.com/heroku/heroku-buildpack-nodejs' }],
    ['https://github.com/heroku/heroku-buildpack-nodejs.git#v250', { kind: 'git', repo: 'https://github.com/heroku/heroku-buildpack-nodejs.git', ref: 'v250' }],
    ['https://example.com/bp.git#release/2.x', { kind: 'git', ref: 'release/2.x' }],
    ['git@github.com:owner/bp.git#0f3a9c1', { kind: 'git', repo: 'git@github.com:owner/bp.git', ref: '0f3a9c1' }],
    ['ssh://git@host:2222/bp.git', { kind: 'git', repo: 'ssh://git@host:2222/bp.git' }],
    ['git://host/bp.git', { kind: 'git' }],
    ['file:///srv/buildpacks/nodejs.git#main', { kind: 'git', repo: 'file:///srv/buildpacks/nodejs.git', ref: 'main' }],
    ['https://codeload.github.com/o/bp/tar.gz/v1?x=1', { kind: 'git' }],
    ['https://example.com/buildpacks/nodejs-v1.tgz', { kind: 'tarball', local: false, location: 'https://example.com/buildpacks/nodejs-v1.tgz' }],
    ['https://example.com/bp.tar.gz?token=abc', { kind: 'tarball', local: false }],
    ['file:///srv/bp.tar.gz', { kind: 'tarball', local: true, location: '/srv/bp.tar.gz' }],
    ['/srv/buildpacks/static.tgz', { kind: 'tarball', local: true, location: '/srv/buildpacks/static.tgz' }],
    ['/srv/buildpacks/nodejs/', { kind: 'dir', path: '/srv/buildpacks/nodejs/' }],
    ['/srv/./buildpacks//x', { kind: 'dir', path: '/srv/buildpacks/x' }],
    ['  https://h/bp.git  ', { kind: 'git', url: 'https://h/bp.git' }],
  ])('%s', (url, expected) => {
    expect(parseBuildpackUrl(url)).toMatchObject(expected);
  });

  test.each([
    [''],
    ['nodejs'],
    ['heroku/nodejs'],
    ['relative/dir'],
    ['-upload-pack=x'],
    ['https://h/bp.git#--upload-pack=touch'],
    ['https://h/bp.git#a..b/../c'],
    ['https://h/bp.git#ref with space'],
    ['https://h/bp.tgz#main'],
    ['ftp://h/bp.git'],
    ['https://'],
    ['-oProxyCommand=x@host:path'],
    ['git@host:-upload-pack=x'],
    ['ssh://-oProxyCommand=x/bp.git'],
    ['has space/x'],
    ['/path/with\0nul'],
    [`https://h/${'x'.repeat(300)}.git`],
  ])('rejected: %j', (url) => {
    expect(() => parseBuildpackUrl(url)).toThrow(/Invalid (buildpack URL|git ref)|cannot name a git ref/);
  });

  test('sources on this host are marked local; only callers on the host may configure them', () => {
    for (const url of ['/srv/bp', '/srv/bp.tgz', 'file:///srv/bp.git', 'file:///srv/bp.tar.gz']) {
      expect(parseBuildpackUrl(url).local).toBe(true);
      expect(assertBuildpackUrl(url, false)).toBe(url);
      expect(() => assertBuildpackUrl(url, true)).toThrow(/can only be configured on the host itself/);
    }
    for (const url of ['https://h/bp.git', 'https://h/bp.tgz', 'git@h:o/bp.git', 'ssh://h/bp.git']) {
      expect(parseBuildpackUrl(url).local).toBe(false);
      expect(assertBuildpackUrl(url, true)).toBe(url);
    }
    expect(() => assertBuildpackUrl(undefined, false)).toThrow(/Please specify a buildpack URL/);
  });

  test('names for messages and directories', () => {
    expect(buildpackName(parseBuildpackUrl('https://github.com/heroku/heroku-buildpack-nodejs.git#v1'))).toBe('heroku-buildpack-nodejs');
    expect(buildpackName(parseBuildpackUrl('/srv/bp/static.tar.gz'))).toBe('static');
    expect(buildpackName(parseBuildpackUrl('/srv/bp/nodejs/'))).toBe('nodejs');
    expect(buildpackName(parseBuildpackUrl('git@h:o/we ird.git'.replace(' ', '')))).toBe('weird');
  });

  test('.buildpacks files: one URL per line, comments and blank lines skipped', () => {
    expect(parseBuildpacksFile('# first\nhttps://h/a.git\r\n\n  /srv/b  \n#x\n')).toEqual(['https://h/a.git', '/srv/b']);
  });

  test('a buildpack needs bin/compile; missing exec bits are added', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bp-'));
    try {
      expect(() => assertBuildpackDir(dir, 'x')).toThrow(/has no bin\/compile/);
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(path.join(dir, 'bin', 'compile'), '#!/bin/sh\n', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, 'bin', 'detect'), '#!/bin/sh\n', { mode: 0o644 });
      assertBuildpackDir(dir, 'x');
      expect(fs.statSync(path.join(dir, 'bin', 'compile')).mode & 0o111).not.toBe(0);
      expect(fs.statSync(path.join(dir, 'bin', 'detect')).mode & 0o111).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('buildpack list edits', () => {
  const a = 'https://h/a.git';
  const b = 'https://h/b.git';
  const c = '/srv/c';

  test('add appends, or inserts at a 1-based index; duplicates are refused', () => {
    expect(addAt([], a)).toEqual([a]);
    expect(addAt([a, b], c, 1)).toEqual([c, a, b]);
    expect(addAt([a, b], c, 3)).toEqual([a, b, c]);
    expect(() => addAt([a], a)).toThrow(/already in the list/);
  });

  test('set replaces the one at the index (default 1), or appends one past the end', () => {
    expect(setAt([], a)).toEqual([a]);
    expect(setAt([a, b], c)).toEqual([c, b]);
    expect(setAt([a, b], c, 2)).toEqual([a, c]);
    expect(setAt([a], b, 2)).toEqual([a, b]);
    expect(setAt([a, b], a, 1)).toEqual([a, b]);
    expect(() => setAt([a, b], b, 1)).toThrow(/already in the list at position 2/);
  });

  test('remove by URL or index', () => {
    expect(removeUrl([a, b], a)).toEqual([b]);
    expect(() => removeUrl([a], b)).toThrow(/not in the list/);
    expect(removeAt([a, b, c], 2)).toEqual([a, c]);
  });

  test('indexes are positive whole numbers within the list', () => {
    expect(parseIndex(undefined, 3)).toBeUndefined();
    expect(parseIndex('2', 3)).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'x', '']) expect(() => parseIndex(bad, 3)).toThrow(/Invalid index/);
    expect(() => parseIndex('4', 3)).toThrow(/the list has 2 buildpacks/);
  });
});

describe('fixture buildpacks (run on the host, as bin/compile runs in the build container)', () => {
  const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/buildpacks');
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bp-'));
    for (const d of ['build', 'cache', 'env']) fs.mkdirSync(path.join(work, d));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));
  const run = (bp: string, script: string, args: string[]) => execa(path.join(fixtures, bp, 'bin', script), args, { reject: false, all: true });
  const dirs = () => ['build', 'cache', 'env'].map((d) => path.join(work, d));

  test('detect: nodejs on package.json, static on index.html or .static, procfile on a Procfile', async () => {
    const [build] = dirs();
    for (const bp of ['nodejs', 'static', 'procfile']) expect((await run(bp, 'detect', [build])).exitCode).toBe(1);
    fs.writeFileSync(path.join(build, 'package.json'), '{}');
    fs.writeFileSync(path.join(build, '.static'), '');
    fs.writeFileSync(path.join(build, 'Procfile'), 'web: x\n');
    expect((await run('nodejs', 'detect', [build])).stdout).toBe('Node.js');
    expect((await run('static', 'detect', [build])).stdout).toBe('Static HTML');
    expect((await run('procfile', 'detect', [build])).stdout).toBe('Procfile');
  });

  test('nodejs: node_modules and cacheDirectories are cached, and restored while the dependencies stay the same', async () => {
    const [build, cache, env] = dirs();
    const pkg = { name: 'x', dependencies: { left: 'file:vendor/left' }, cacheDirectories: ['node_modules', '.cache/assets'], scripts: { start: 'node index.js', build: 'mkdir -p .cache/assets && touch .cache/assets/built-$NODE_ENV' } };
    fs.writeFileSync(path.join(build, 'package.json'), JSON.stringify(pkg));
    fs.mkdirSync(path.join(build, 'node_modules', 'left'), { recursive: true });
    fs.writeFileSync(path.join(build, 'node_modules', 'left', 'index.js'), 'module.exports = 1;\n');
    fs.writeFileSync(path.join(env, 'NODE_ENV'), 'staging');
    const first = await run('nodejs', 'compile', [build, cache, env]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('-----> Restoring cache\n       Cache empty (first build)');
    expect(first.stdout).toContain('Using the node_modules directory of the source');
    expect(first.stdout).toMatch(/-----> Caching build\n {7}- node_modules\n {7}- \.cache\/assets\n/);
    expect(fs.existsSync(path.join(build, '.cache', 'assets', 'built-staging'))).toBe(true);
    expect(fs.readFileSync(path.join(build, '.profile.d', 'nodejs.sh'), 'utf8')).toContain('node_modules/.bin');

    // A fresh checkout of the same source: both directories come back from the cache.
    fs.rmSync(path.join(build, 'node_modules'), { recursive: true });
    fs.rmSync(path.join(build, '.cache'), { recursive: true });
    const second = await run('nodejs', 'compile', [build, cache, env]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('- node_modules (restored from the build cache)');
    expect(second.stdout).toContain('- .cache/assets (restored from the build cache)');
    expect(second.stdout).toContain('Dependencies unchanged since the last build: using the cached node_modules');
    expect(fs.readFileSync(path.join(build, 'node_modules', 'left', 'index.js'), 'utf8')).toBe('module.exports = 1;\n');

    // Changed dependencies: node_modules is not restored; npm (when there is one, offline here) installs them.
    fs.rmSync(path.join(build, 'node_modules'), { recursive: true });
    fs.mkdirSync(path.join(build, 'vendor', 'left'), { recursive: true });
    fs.writeFileSync(path.join(build, 'vendor', 'left', 'package.json'), JSON.stringify({ name: 'left', version: '1.0.0' }));
    for (const [k, v] of Object.entries({ NPM_CONFIG_OFFLINE: 'true', NPM_CONFIG_AUDIT: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_UPDATE_NOTIFIER: 'false' }))
      fs.writeFileSync(path.join(env, k), v);
    fs.writeFileSync(path.join(build, 'package.json'), JSON.stringify({ ...pkg, dependencies: { left: 'file:./vendor/left' } }));
    const third = await run('nodejs', 'compile', [build, cache, env]);
    expect(third.stdout).toContain('- node_modules (not restored: dependencies changed)');
    const hasNpm = (await execa('sh', ['-c', 'command -v npm'], { reject: false })).exitCode === 0;
    if (hasNpm) {
      expect(third.stdout).toContain('Running npm install --omit=dev');
      expect(third.exitCode).toBe(0);
      expect(fs.existsSync(path.join(build, 'node_modules', 'left', 'package.json'))).toBe(true);
    } else {
      expect(third.exitCode).toBe(1);
      expect(third.stderr).toContain('npm is not in the stack image');
    }
  }, 60_000);

  test('nodejs release: the start script as web, NODE_ENV as a config var; none without a start', async () => {
    const [build] = dirs();
    fs.writeFileSync(path.join(build, 'package.json'), JSON.stringify({ scripts: { start: 'node "my server.js"' } }));
    const { parseRelease } = await import('../../plugins/builder-buildpack/release-yaml.js');
    expect(parseRelease((await run('nodejs', 'release', [build])).stdout)).toEqual({
      addons: [],
      configVars: { NODE_ENV: 'production' },
      defaultProcessTypes: { web: 'node "my server.js"' },
    });
    fs.writeFileSync(path.join(build, 'package.json'), '{}');
    expect(parseRelease((await run('nodejs', 'release', [build])).stdout).defaultProcessTypes).toEqual({});
    expect(parseRelease((await run('procfile', 'release', [build])).stdout).defaultProcessTypes).toEqual({});
    expect(parseRelease((await run('static', 'release', [build])).stdout).defaultProcessTypes).toEqual({ web: 'node .static-server/server.cjs' });
  });

  test('a broken package.json fails the compile with a clear message', async () => {
    const [build, cache, env] = dirs();
    fs.writeFileSync(path.join(build, 'package.json'), '{ nope');
    const r = await run('nodejs', 'compile', [build, cache, env]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}Unable to parse package\.json/);
  });
});
