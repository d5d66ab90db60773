import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readableBy, stageFileArguments } from '../../bin/file-arguments.js';

const asRoot = process.getuid?.() === 0 ? test : test.skip;
const user = { name: 'berth-nobody-test', uid: 54321, gid: 54321, home: '/nonexistent' };

describe('file arguments of a command root re-runs as the platform user', () => {
  let open: string;
  let closed: string;
  const cwd = process.cwd();

  beforeEach(() => {
    open = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-open-'));
    fs.chmodSync(open, 0o755);
    closed = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-closed-'));
    fs.chmodSync(closed, 0o700);
    for (const d of [open, closed]) {
      fs.writeFileSync(path.join(d, 'server.crt'), 'CRT');
      fs.writeFileSync(path.join(d, 'server.key'), 'KEY', { mode: 0o600 });
      fs.chmodSync(path.join(d, 'server.crt'), 0o644);
    }
  });
  afterEach(() => {
    process.chdir(cwd);
    for (const d of [open, closed]) fs.rmSync(d, { recursive: true, force: true });
  });

  test('readableBy follows the mode bits of every directory on the way', () => {
    expect(readableBy(user, path.join(open, 'server.crt'))).toBe(true);
    expect(readableBy(user, path.join(open, 'server.key'))).toBe(process.getuid?.() === user.uid);
    expect(readableBy(user, path.join(closed, 'server.crt'))).toBe(false);
    expect(readableBy(user, path.join(open, 'missing'))).toBe(false);
  });

  test('readable relative files become absolute; other arguments stay as typed', () => {
    process.chdir(open);
    const staged = stageFileArguments(['--trace', 'certs:add', 'myapp', 'server.crt', 'server.crt'], 'certs:add', user);
    expect(staged.argv).toEqual(['--trace', 'certs:add', 'myapp', path.join(open, 'server.crt'), path.join(open, 'server.crt')]);
    staged.cleanup();
  });

  asRoot('files the user cannot read are copied into a directory of the user for the command, then removed', () => {
    process.chdir(closed);
    const staged = stageFileArguments(['certs:add', 'myapp', 'server.crt', 'server.key'], 'certs:add', user);
    const [crt, key] = staged.argv.slice(2);
    expect(path.dirname(crt!)).not.toBe(closed);
    expect(fs.readFileSync(crt!, 'utf8')).toBe('CRT');
    expect(fs.readFileSync(key!, 'utf8')).toBe('KEY');
    expect(fs.statSync(key!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(key!))).toMatchObject({ uid: user.uid, gid: user.gid });
    expect(fs.statSync(path.dirname(key!)).mode & 0o777).toBe(0o700);
    staged.cleanup();
    expect(fs.existsSync(path.dirname(key!))).toBe(false);
  });

  test('commands without file arguments and names that are not files are left alone', () => {
    process.chdir(closed);
    expect(stageFileArguments(['config:set', 'myapp', 'server.crt'], 'config:set', user).argv).toEqual(['config:set', 'myapp', 'server.crt']);
    expect(stageFileArguments(['certs:add', 'myapp', 'nope.crt'], 'certs:add', user).argv).toEqual(['certs:add', 'myapp', 'nope.crt']);
  });
});
