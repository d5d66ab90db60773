import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { columns, shorten } from '../../cli/help.js';
import { addPlugin, berth, berthBin, repoRoot, tempPlatform, type TempPlatform } from '../helpers/platform.js';

const fixture = (name: string) => path.join(repoRoot, 'fixtures', 'plugins', name);
let p: TempPlatform;
let dokkuBin: string;

beforeAll(() => {
  p = tempPlatform();
  for (const name of ['dispatch-a', 'dispatch-b', 'dispatch-self']) addPlugin(p, fixture(name));
  // the same entry point under Dokku's name, as bootstrap links it
  dokkuBin = path.join(p.dir, 'dokku');
  fs.symlinkSync(berthBin, dokkuBin);
});
afterAll(() => p.cleanup());

const env = { BERTH_NO_DROP: '1' };
const run = (args: string[]) => berth(p, args, { env });
const dokku = (args: string[]) => execa(dokkuBin, args, { env: { ...p.env, ...env }, input: '', reject: false, cwd: p.dir });

describe("Dokku's dispatch rules for shell plugins", () => {
  test('a bare prefix runs subcommands/default with the full argv', async () => {
    const r = await run(['dispatch-a', 'x', 'y z']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'dispatch-a default: dispatch-a x y z']);
  });

  test('without a default, a bare command runs subcommands/<cmd>', async () => {
    const r = await run(['dispatch-self', 'one']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'dispatch-self: dispatch-self one']);
  });

  test('PREFIX:SUB runs PREFIX/subcommands/SUB with $1 the command; --app is not re-inserted', async () => {
    const r = await run(['--app', 'web', 'dispatch-a:show', 'extra']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('dispatch-a show: dispatch-a:show extra\napp=web trace=');
  });

  test("a subcommand's exit code is the command's", async () => {
    const r = await run(['dispatch-a:fail']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('dispatch-a fail');
  });

  test('a non-executable subcommand and an empty suffix are not commands', async () => {
    for (const args of [['dispatch-a:noexec'], ['dispatch-a:']]) {
      const r = await run(args);
      expect(r.stdout).not.toContain('must never run');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('is not a berth command.');
    }
  });

  test('every commands file hears the command: one answering does not stop the next', async () => {
    const r = await run(['shared', 'arg']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'dispatch-a commands: shared arg\ndispatch-b commands: shared arg']);
  });

  test('exit 10 passes the command on; the first plugin that answers is enough', async () => {
    const r = await run(['only-b', 'q']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'dispatch-b only: only-b q']);
  });

  test('a failure other than 10 ends the loop with its exit code', async () => {
    const r = await run(['broken']);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain('dispatch-a broken');
    expect(r.stdout).not.toContain('dispatch-b');
  });

  test("invoked as dokku, an unknown command gets Dokku's two lines and exit 1", async () => {
    const r = await dokku(['nope:cmd', 'arg']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(' !     `nope:cmd arg` is not a dokku command.\n !     See `dokku help` for a list of available commands.');
  });

  test("invoked as berth, an unknown command gets berth's wording with a suggestion", async () => {
    const r = await run(['dispatch-a:shwo']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('`dispatch-a:shwo` is not a berth command.');
    expect(r.stderr).toContain('Did you mean `dispatch-a:show`?');
  });
});

describe("help in Dokku's columns", () => {
  test('help lists community plugins under their heading, short help unless --all', async () => {
    const r = await dokku(['help']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]');
    const at = lines.indexOf('Community plugin commands:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2)).toEqual(columns(['    dispatch-a, Dispatch fixture A', '    dispatch-b:run <app> [--flag], Run something, with a comma']));
  });

  test('help --all: plugins see --all in their parent and print their full help', async () => {
    const r = await run(['help', '--all']);
    const lines = r.stdout.split('\n');
    const community = lines.slice(lines.indexOf('Community plugin commands:') + 2);
    expect(community).toEqual(
      columns(['    dispatch-a:fail, Fail with exit 3', '    dispatch-a:show <app>, Show the app, fully', '    dispatch-b:run <app> [--flag], Run something, with a comma']),
    );
  });

  test('columns match column -t -s, and the short form cuts subcommands and placeholders', async () => {
    const input = ['', '    apps, Manage apps', '    docker-options:add <app> <phase(s)> OPTION, Add an option, per phase', '    ps [--all], Processes'];
    const real = await execa('column', ['-t', '-s,'], { input: input.join('\n') + '\n' });
    expect(columns(input)).toEqual(real.stdout.split('\n').map((l) => l.replace(/\s+$/, '')));
    expect(shorten(input)).toEqual(['', '    apps, Manage apps', '    ps, Processes']);
  });
});

/** Installs one built-in plugin, from the build, into a bare temp platform. */
function linkBuiltPlugin(q: TempPlatform, name: string): void {
  const dest = path.join(q.pluginPath, 'available', name);
  fs.symlinkSync(path.join(repoRoot, 'dist', 'plugins', name), dest);
  fs.symlinkSync(dest, path.join(q.pluginPath, 'enabled', name));
}

describe('namespaces of TS commands', () => {
  test('a bare namespace and NS:help print the same command list', async () => {
    const q = tempPlatform();
    try {
      linkBuiltPlugin(q, 'docker-options');
      const bare = await berth(q, ['docker-options'], { env });
      const help = await berth(q, ['docker-options:help'], { env });
      expect(bare.exitCode).toBe(0);
      expect(bare.stdout).toMatch(/docker-options:add\s+Add Docker option to app for phase \(comma separated phase list/);
      expect(bare.stdout).toBe(help.stdout);
    } finally {
      q.cleanup();
    }
  });

  test("NS:help names what the namespace is for: the plugin's description under the usage line", async () => {
    const q = tempPlatform();
    try {
      linkBuiltPlugin(q, 'storage');
      const help = await berth(q, ['storage:help'], { env });
      expect(help.stdout.split('\n').slice(0, 4)).toEqual(['Usage: berth storage[:COMMAND] <app> [options]', '', 'Manage mounted volumes', '']);
      expect((await berth(q, ['storage', '--help'], { env })).stdout).toBe(help.stdout);
    } finally {
      q.cleanup();
    }
  });
});
