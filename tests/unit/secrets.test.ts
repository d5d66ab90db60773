/** Config values stay out of the events log and --trace output, and the files holding them are 0600. */
import fs from 'node:fs';
import path from 'node:path';
import { berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

const SECRET = `s3cr3t-${process.pid}-${Date.now()}`;
// A value a shell would act on, and one spanning lines: neither may leak either.
const HOSTILE = `$(echo pwn3d-${process.pid})\`id\`;&&\nsecond-line-${process.pid}`;

let p: TempPlatform;
beforeAll(async () => {
  p = tempPlatform({ builtins: true });
  expect((await berth(p, ['apps:create', 'vault'])).exitCode).toBe(0);
});
afterAll(() => p.cleanup());

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const f = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(f) : e.isFile() ? [f] : [];
  });
}

/** Lines only --trace prints: every trace line is `+ [plugin] …` on stderr. */
function traceLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('+ '));
}

describe('config values are secrets', () => {
  test('config:set, config:get, config:export and config:unset under --trace never print a value in a trace line', async () => {
    const set = await berth(p, ['--trace', 'config:set', '--no-restart', 'vault', `SECRET=${SECRET}`, `HOSTILE=${HOSTILE}`]);
    expect(set.exitCode).toBe(0);
    expect(traceLines(set.stderr).length).toBeGreaterThan(0);
    const get = await berth(p, ['--trace', 'config:get', 'vault', 'SECRET']);
    expect(get.stdout.trim()).toBe(SECRET); // printing it is config:get's job
    const exp = await berth(p, ['--trace', 'config:export', 'vault']);
    expect(exp.exitCode).toBe(0);
    for (const r of [set, get, exp]) {
      expect(r.stderr).not.toContain(SECRET);
      for (const line of traceLines(r.stderr)) {
        expect(line).not.toContain(SECRET);
        expect(line).not.toContain('pwn3d');
        expect(line).not.toContain('second-line');
      }
    }
    const unset = await berth(p, ['--trace', 'config:unset', '--no-restart', 'vault', 'HOSTILE']);
    expect(unset.exitCode).toBe(0);
    expect(`${unset.stdout}\n${unset.stderr}`).not.toContain('pwn3d');
  });

  test('the events log holds trigger names and keys, never the values', async () => {
    // Over SSH the access gate sees the whole command line, values included; its record must redact them.
    const viaKey = await berth(p, ['config:set', '--no-restart', 'vault', `SECRET=${SECRET}`], { env: { NAME: 'alice', FINGERPRINT: 'SHA256:test', SSH_USER: 'berth' } });
    expect(viaKey.exitCode).toBe(0);
    const log = fs.readFileSync(path.join(p.libRoot, 'logs', 'events.log'), 'utf8');
    expect(log).toContain('"SECRET=[REDACTED]"');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('pwn3d');
    expect(log).not.toContain('second-line');
  });

  test('every file holding a value is 0600 and owned by the platform user', () => {
    const holders = [...filesUnder(p.root), ...filesUnder(p.libRoot)].filter((f) => fs.readFileSync(f, 'latin1').includes(SECRET));
    expect(holders.length).toBeGreaterThan(0);
    for (const f of holders) {
      const st = fs.statSync(f);
      expect([path.relative(p.dir, f), (st.mode & 0o777).toString(8)]).toEqual([path.relative(p.dir, f), '600']);
      expect(st.uid).toBe(process.getuid!());
    }
  });
});
