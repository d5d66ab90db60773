/** Black-box checks of bin/sigil: flags, KEY=VALUE variables, stdin, vars files, errors and exit codes. Needs `npm run build`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { execa } from 'execa';
import { repoRoot } from '../helpers/platform.js';

jest.setTimeout(60_000);
const bin = path.join(repoRoot, 'bin', 'sigil');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sigil = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
  execa(bin, args, { input: o.input ?? '', reject: false, cwd: dir, env: o.env, extendEnv: true });
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

describe('bin/sigil', () => {
  test('the template from stdin, variables as $KEY and .KEY', async () => {
    const r = await sigil(['name=Jeff', 'greeting=Hello world'], { input: '{{ $greeting }}, {{ .name }}\n' });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'Hello world, Jeff' });
  });

  test('-f FILE, --filename=FILE and -i TEXT / -i=TEXT', async () => {
    const f = write('t.tmpl', 'Hi {{ $who }}');
    expect((await sigil(['-f', f, 'who=a'])).stdout).toBe('Hi a');
    expect((await sigil([`--filename=${f}`, 'who=b'])).stdout).toBe('Hi b');
    expect((await sigil(['-i', 'Sigil is{{ range $i := seq 3 }} cool{{ end }}!'])).stdout).toBe('Sigil is cool cool cool!');
    expect((await sigil(['-i={{ 1 }}'])).stdout).toBe('1');
  });

  test('files named by a -f template resolve beside it', async () => {
    fs.mkdirSync(path.join(dir, 'inc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'inc', 'part.txt'), 'PART');
    const f = path.join(dir, 'inc', 'main.tmpl');
    fs.writeFileSync(f, '{{ file "part.txt" }} {{ include "part.txt" }}');
    expect((await sigil(['-f', f])).stdout).toBe('PART PART');
  });

  test('-p expands POSIX variables, from KEY=VALUE and the environment', async () => {
    expect((await sigil(['-p', 'name=Jeff'], { input: 'Hello, $name ${HOST_V} ${n:-3}' , env: { HOST_V: 'env' } })).stdout).toBe('Hello, Jeff env 3');
    const r = await sigil(['-p'], { input: 'Hello, ${name:?}' });
    expect(r.exitCode).not.toBe(0);
  });

  test('-V loads JSON and env files; KEY=VALUE overrides them', async () => {
    const j = write('v.json', '{"name": "File", "color": "red"}');
    const e = write('v.env', '# comment\nexport name="Env Name"\n');
    expect((await sigil(['-V', j, '-i', '{{ $name }},{{ $color }}'])).stdout).toBe('File,red');
    expect((await sigil(['-V', j, '-V', e, '-i', '{{ $name }},{{ $color }}'])).stdout).toBe('Env Name,red');
    expect((await sigil(['-V', j, '-i', '{{ $name }}', 'name=CLI'])).stdout).toBe('CLI');
    expect((await sigil(['-V', path.join(dir, 'none.json'), '-i', 'x'])).exitCode).toBe(1);
  });

  test('--in-place rewrites the file, keeps its mode, and needs -f', async () => {
    const f = write('inplace.tmpl', 'Hello, {{ $name }}');
    fs.chmodSync(f, 0o755);
    expect((await sigil(['--in-place', '-f', f, 'name=Jeff'])).exitCode).toBe(0);
    expect(fs.readFileSync(f, 'utf8')).toBe('Hello, Jeff');
    expect(fs.statSync(f).mode & 0o777).toBe(0o755);
    const broken = write('broken.tmpl', 'Hello, {{ $name }');
    expect((await sigil(['--in-place', '-f', broken])).exitCode).toBe(1);
    expect(fs.readFileSync(broken, 'utf8')).toBe('Hello, {{ $name }');
    const r = await sigil(['--in-place', '-i', 'x']);
    expect(r).toMatchObject({ exitCode: 1, stderr: '--in-place requires -f/--filename' });
  });

  test('SIGIL_DELIMS changes the delimiters', async () => {
    expect((await sigil(['-i', '{{ hello {{{ $name }}} }}', 'name=packer'], { env: { SIGIL_DELIMS: '{{{,}}}' } })).stdout).toBe('{{ hello packer }}');
  });

  test('template errors: the message on stderr, exit 1, nothing on stdout', async () => {
    const r = await sigil(['-i', '{{ nope }}']);
    expect(r).toMatchObject({ exitCode: 1, stdout: '', stderr: 'template: <inline>:1: function "nope" not defined' });
    const f = await sigil(['-f', path.join(dir, 'missing.tmpl')]);
    expect(f.exitCode).toBe(1);
    expect(f.stderr).toContain('no such file or directory');
    const x = await sigil([], { input: 'a\n{{ index (split "," "a") 3 }}' });
    expect(x.stderr).toMatch(/^template: <stdin>:2: executing "<stdin>" at <index \(split "," "a"\) 3>: error calling index: index out of range: 3$/);
  });

  test('bad flags print usage with exit 2; -h prints usage with exit 0; -v the version', async () => {
    const bad = await sigil(['-x']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^unknown shorthand flag: 'x' in -x\nUsage of sigil:/);
    expect((await sigil(['--nope'])).stderr).toMatch(/^unknown flag: --nope/);
    expect((await sigil(['-f'])).stderr).toMatch(/^flag needs an argument/);
    const help = await sigil(['-h']);
    expect(help.exitCode).toBe(0);
    expect(help.stderr).toContain('--filename');
    expect((await sigil(['-v'])).stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
