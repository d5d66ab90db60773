import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import toml from 'toml';
import { BerthError } from '../../core/errors.js';
import * as v from '../../core/validate.js';
import { classify } from '../../plugins/acl/rules.js';
import { aliasesFor } from '../../plugins/network/docker.js';
import { parseNetworks } from '../../plugins/network/properties.js';
import { commands } from '../../plugins/network/commands.js';
import { engineFor, linkPlugin, routeIn, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';
import { repoRoot } from '../helpers/platform.js';

/**
 * The network plugin without Docker: validation, bad input (refused before anything is touched) and
 * the app-lifecycle triggers over its properties. Docker networks themselves are covered in e2e.
 */
let p: TempPlatform;

const link = (name: string) => linkPlugin(p, name);

const run = (...argv: string[]) => routeIn(p, argv);

const propDir = (scope: string) => path.join(p.libRoot, 'config', 'network', scope);
const writeProp = (scope: string, key: string, value: string) => (fs.mkdirSync(propDir(scope), { recursive: true }), fs.writeFileSync(path.join(propDir(scope), key), value));
const readProp = (scope: string, key: string) => (fs.existsSync(path.join(propDir(scope), key)) ? fs.readFileSync(path.join(propDir(scope), key), 'utf8') : undefined);

async function property(app: string, key: string): Promise<string> {
  const { engine } = engineFor(p);
  return engine.triggers.collect('network-get-property', app, key);
}

beforeEach(async () => {
  p = tempPlatform();
  link('apps');
  link('network');
  expect((await run('apps:create', 'web')).code).toBe(0);
});

afterEach(() => p.cleanup());

describe('network names (core/validate)', () => {
  test.each(['bridge', 'host', 'none'])('%s is refused for create/set but accepted for look-ups', (name) => {
    expect(() => v.assertNetworkName(name)).toThrow(/built-in networks/);
    expect(v.assertNetworkName(name, { reserved: true })).toBe(name);
  });

  test.each(['', '-net', '.net', 'a/b', 'a b', 'a:b', 'a,b', 'é', 'x'.repeat(201), '$(id)'])('%p is refused', (name) => {
    expect(() => v.assertNetworkName(name)).toThrow(BerthError);
  });

  test('property: accepted names match Docker\'s rule and never traverse; valid ones are accepted (400 cases)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        let ok = true;
        try {
          v.assertNetworkName(s);
        } catch (e) {
          if (!(e instanceof BerthError)) throw e;
          ok = false;
        }
        if (ok) {
          expect(s).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/);
          expect(v.RESERVED_NETWORKS).not.toContain(s);
        }
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/).filter((s) => !v.RESERVED_NETWORKS.includes(s)), (s) => {
        expect(v.assertNetworkName(s)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  test('network:set values: spaces and commas separate, duplicates collapse, initial-network takes one', () => {
    expect(parseNetworks('attach-post-create', ['a,b', 'c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(parseNetworks('attach-post-deploy', [])).toEqual([]);
    expect(parseNetworks('initial-network', ['only'])).toEqual(['only']);
    expect(() => parseNetworks('initial-network', ['a', 'b'])).toThrow(/single network/);
    expect(() => parseNetworks('attach-post-create', ['ok', 'host'])).toThrow(/built-in/);
  });

  test('aliases: APP.PROC and APP.PROC.N for deploy containers, none for one-off ones', () => {
    const labels = (dyno: string, type = 'deploy') => ({ 'com.dokku.app-name': 'a', 'com.dokku.dyno': dyno, 'com.dokku.container-type': type });
    expect(aliasesFor(labels('web.2'))).toEqual(['a.web', 'a.web.2']);
    expect(aliasesFor(labels('run.1', 'run'))).toEqual([]);
    expect(aliasesFor(undefined)).toEqual([]);
  });
});

describe('commands: bad input changes nothing', () => {
  test.each([
    [['network:create'], /specify a network name/],
    [['network:create', 'bridge'], /built-in networks/],
    [['network:create', 'bad/name'], /Invalid network name/],
    [['network:destroy', 'none', '--force'], /built-in networks/],
    [['network:exists', 'a:b'], /Invalid network name/],
    [['network:set', 'web'], /Usage/],
    [['network:set', 'web', 'color', 'x'], /Invalid property specified 'color', valid properties include: attach-post-create, attach-post-deploy, initial-network, bind-all-interfaces, tld/],
    [['network:set', 'web', 'initial-network', 'a', 'b'], /single network/],
    [['network:set', 'web', 'attach-post-create', 'ok', 'bad/name'], /Invalid network name/],
    [['network:set', 'nope', 'initial-network', 'x'], /App nope does not exist/],
    [['network:report', 'nope'], /App nope does not exist/],
    [['network:list', '--format', 'xml'], /Invalid --format/],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(propDir('web'))).toBe(false);
  });

  test('acl: commands about a network are global (a network named like a user\'s app grants nothing)', () => {
    for (const cmd of ['network:create', 'network:destroy', 'network:list', 'network:info', 'network:exists']) expect(classify(cmd, ['myapp'])).toEqual({ kind: 'global' });
    expect(classify('network:set', ['myapp', 'initial-network', 'n'])).toEqual({ kind: 'app', app: 'myapp' });
    expect(classify('network:report', ['myapp'])).toEqual({ kind: 'app', app: 'myapp' });
  });

  test('plugin.toml declares exactly the commands the module implements', () => {
    const manifest = toml.parse(fs.readFileSync(path.join(repoRoot, 'plugins/network/plugin.toml'), 'utf8'));
    expect(Object.keys(manifest.commands).sort()).toEqual(Object.keys(commands).sort());
  });
});

describe('properties and app lifecycle', () => {
  test('network-get-property: the app value, else the global one; unknown keys are empty', async () => {
    writeProp('--global', 'attach-post-deploy', 'shared');
    writeProp('web', 'initial-network', 'front');
    expect(await property('web', 'initial-network')).toBe('front');
    expect(await property('web', 'attach-post-deploy')).toBe('shared');
    writeProp('web', 'attach-post-deploy', 'a b');
    expect(await property('web', 'attach-post-deploy')).toBe('a b');
    expect(await property('web', 'tld')).toBe('');
  });

  test('network:report shows own, global and computed values (json)', async () => {
    writeProp('--global', 'attach-post-create', 'g1');
    writeProp('web', 'initial-network', 'front');
    const r = await run('network:report', 'web', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      'network-initial-network': 'front',
      'network-computed-initial-network': 'front',
      'network-attach-post-create': '',
      'network-global-attach-post-create': 'g1',
      'network-computed-attach-post-create': 'g1',
    });
    const text = await run('network:report', 'web');
    expect(text.out).toMatch(/^=====> web network information\n/);
    expect(text.out).toMatch(/Network initial network: +front/);
    expect((await run('network:report', 'web', '--network-computed-attach-post-create')).out).toBe('g1\n');
  });

  test('setting nothing unsets without asking Docker', async () => {
    writeProp('web', 'attach-post-create', 'a b');
    const r = await run('network:set', 'web', 'attach-post-create');
    expect(r.code).toBe(0);
    expect(r.out).toContain('-----> Unsetting attach-post-create');
    expect(readProp('web', 'attach-post-create')).toBeUndefined();
  });

  test('apps:clone copies, apps:rename moves, apps:destroy drops the settings', async () => {
    writeProp('web', 'initial-network', 'front');
    writeProp('web', 'attach-post-deploy', 'x y');
    expect((await run('apps:clone', 'web', 'copy')).code).toBe(0);
    expect(readProp('copy', 'attach-post-deploy')).toBe('x y');
    expect((await run('apps:rename', 'copy', 'moved')).code).toBe(0);
    expect(readProp('moved', 'initial-network')).toBe('front');
    expect(fs.existsSync(propDir('copy'))).toBe(false);
    expect((await run('apps:destroy', 'moved', '--force')).code).toBe(0);
    expect(fs.existsSync(propDir('moved'))).toBe(false);
    expect(readProp('web', 'initial-network')).toBe('front');
  });
});
