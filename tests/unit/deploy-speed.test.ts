import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitArchiveInto, runGit } from '../../plugins/git/run-git.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'berth-speed-'));

describe('git without execa (push hook path)', () => {
  const repo = tmp();
  beforeAll(() => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'sub'));
    fs.writeFileSync(path.join(repo, 'sub', 'a.txt'), 'hello\n');
    git('add', '-A');
    git('commit', '-qm', 'one');
  });

  test('runGit gives exit code and output', async () => {
    const ok = await runGit(['-C', repo, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    const missing = await runGit(['-C', repo, 'rev-parse', '--verify', '--quiet', 'nope^{commit}']);
    expect(missing.exitCode).toBe(1);
  });

  test('gitArchiveInto extracts a commit and reports a bad one with git’s message', async () => {
    const out = tmp();
    await gitArchiveInto(['-C', repo, 'archive', '--format=tar', 'HEAD'], out);
    expect(fs.readFileSync(path.join(out, 'sub', 'a.txt'), 'utf8')).toBe('hello\n');
    await expect(gitArchiveInto(['-C', repo, 'archive', '--format=tar', 'deadbeef'], tmp())).rejects.toThrow(/deadbeef|not a valid/);
  });
});

describe('deploy stage marks', () => {
  test('are appended as JSON lines when BERTH_LIB_ROOT/logs/timeline exists', async () => {
    const lib = tmp();
    fs.mkdirSync(path.join(lib, 'logs'));
    const file = path.join(lib, 'logs', 'timeline');
    fs.writeFileSync(file, '');
    const saved = process.env.BERTH_LIB_ROOT;
    process.env.BERTH_LIB_ROOT = lib;
    try {
      const { mark } = await import('../../core/timeline.js');
      mark('build starts');
      const [line] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: number; pid: number; mark: string });
      expect(line).toMatchObject({ pid: process.pid, mark: 'build starts' });
      expect(Math.abs(line.t - Date.now())).toBeLessThan(60000);
    } finally {
      if (saved === undefined) delete process.env.BERTH_LIB_ROOT;
      else process.env.BERTH_LIB_ROOT = saved;
    }
  });
});
