import fs from 'node:fs';
import path from 'node:path';
import { entryArgv } from '../../bin/ssh-entry.js';
import { lookupUser } from '../../core/system-user.js';
import { berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

describe('entryArgv', () => {
  test('SSH_ORIGINAL_COMMAND replaces the mangled argv and is consumed', () => {
    const env: NodeJS.ProcessEnv = { SSH_ORIGINAL_COMMAND: `config:set app "KEY=a b" '*'`, NAME: 'alice', SSH_USER: 'berth' };
    expect(entryArgv(['config:set', 'app', '"KEY=a', 'b"', 'file.txt'], env)).toEqual(['config:set', 'app', 'KEY=a b', '*']);
    expect(env.SSH_ORIGINAL_COMMAND).toBeUndefined();
    expect(env).toMatchObject({ SSH_USER: 'berth', SSH_NAME: 'alice' });
  });

  test('local use keeps argv; the caller is the current user with the default name', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(entryArgv(['apps:list'], env)).toEqual(['apps:list']);
    expect(env.SSH_NAME).toBe('default');
    expect(env.SSH_USER).toBeTruthy();
  });
});

test('lookupUser reads passwd entries', () => {
  const file = path.join(fs.mkdtempSync('/tmp/berth-passwd-'), 'passwd');
  fs.writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\nberth:x:998:997::/home/berth:/bin/bash\n');
  expect(lookupUser('berth', file)).toEqual({ name: 'berth', uid: 998, gid: 997, home: '/home/berth' });
  expect(lookupUser('bert', file)).toBeUndefined();
  fs.rmSync(path.dirname(file), { recursive: true });
});

describe('through bin/berth', () => {
  let p: TempPlatform;
  const log = () => path.join(p.dir, 'calls');

  beforeAll(() => {
    p = tempPlatform();
    fs.chmodSync(p.dir, 0o755);
    const dir = path.join(p.pluginPath, 'available', 'probe');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'plugin.toml'), '[plugin]\nname = "probe"\n');
    fs.writeFileSync(
      path.join(dir, 'commands'),
      '#!/usr/bin/env bash\n[[ "$1" == probe ]] || exit 10\nshift\necho "uid=$(id -u) groups=$(id -G) home=$HOME user=$SSH_USER name=$SSH_NAME argc=$#"\nprintf "[%s]" "$@"; echo\nexit 7\n',
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(dir, 'user-auth'),
      `#!/usr/bin/env bash\necho "$*" >>'${log()}'\n[[ "$2" != mallory ]] || { echo "mallory may not" >&2; exit 1; }\n`,
      { mode: 0o755 },
    );
    fs.symlinkSync(dir, path.join(p.pluginPath, 'enabled', 'probe'));
    fs.writeFileSync(log(), '');
    fs.chmodSync(log(), 0o666);
  });

  afterAll(() => p.cleanup());

  test('over SSH the original command is what runs; user-auth sees it with the key name', async () => {
    const r = await berth(p, ['probe', 'mangled', '"a'], {
      env: { BERTH_NO_DROP: '1', NAME: 'alice', SSH_ORIGINAL_COMMAND: `probe 'a b' "\\$(id)" -n;x` },
    });
    expect(r.exitCode).toBe(7);
    expect(r.stdout.split('\n')[1]).toBe('[a b][$(id)][-n;x]');
    expect(fs.readFileSync(log(), 'utf8').trim().split('\n').pop()).toMatch(/^\S+ alice probe a b \$\(id\) -n;x$/);
  });

  test('a user-auth refusal ends the command with Access denied', async () => {
    const r = await berth(p, ['probe'], { env: { BERTH_NO_DROP: '1', NAME: 'mallory', SSH_ORIGINAL_COMMAND: 'probe' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('mallory may not');
    expect(r.stderr).toContain(' !     Access denied');
    expect(r.stdout).toBe('');
  });

  const asRoot = process.getuid?.() === 0 && lookupUser('nobody') ? test : test.skip;
  asRoot('root re-runs berth as the platform user, keeping SSH_USER and the exit code', async () => {
    const nobody = lookupUser('nobody')!;
    // The platform user is the one whose home is the platform root.
    const elsewhere = await berth(p, ['probe', 'x'], { env: { BERTH_SYSTEM_USER: 'nobody', BERTH_NO_DROP: '' } });
    expect(elsewhere.stdout).toMatch(/^uid=0 /);
    const r = await berth(p, ['probe', 'x'], { env: { BERTH_SYSTEM_USER: 'nobody', BERTH_NO_DROP: '', BERTH_ROOT: nobody.home } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(7);
    expect(r.stdout.split('\n')[0]).toBe(`uid=${nobody.uid} groups=${nobody.gid} home=${nobody.home} user=root name=default argc=1`);
    const kept = await berth(p, ['probe', 'x'], { env: { BERTH_SYSTEM_USER: 'nobody', BERTH_NO_DROP: '1', BERTH_ROOT: nobody.home } });
    expect(kept.stdout).toMatch(/^uid=0 /);
  });
});

describe('root scaffolding a plugin', () => {
  const asRoot = process.getuid?.() === 0 && lookupUser('nobody') ? test : test.skip;
  asRoot('plugin:new writes into root\'s own directory, not into the platform user\'s home', async () => {
    const p = tempPlatform({ builtins: true });
    try {
      const nobody = lookupUser('nobody')!;
      const r = await berth(p, ['plugin:new', 'greeter', '--shell'], { env: { BERTH_SYSTEM_USER: 'nobody', BERTH_NO_DROP: '', BERTH_ROOT: nobody.home } });
      expect(r.exitCode).toBe(0);
      expect(fs.existsSync(path.join(p.dir, 'greeter', 'plugin.toml'))).toBe(true);
      expect(fs.statSync(path.join(p.dir, 'greeter')).uid).toBe(0);
    } finally {
      p.cleanup();
    }
  });
});
