import { BerthError } from '../../core/errors.js';
import { MAX_COMMAND_BYTES, splitShellWords, splitSshCommand } from '../../sdk/shell-words.js';

const split = splitShellWords;

function usageError(fn: () => unknown): BerthError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).exitCode).toBe(1);
    return err as BerthError;
  }
  throw new Error('expected a usage error');
}

describe('splitShellWords', () => {
  test('whitespace of any kind separates words', () => {
    expect(split('  apps:list \t --format\njson  ')).toEqual(['apps:list', '--format', 'json']);
    expect(split('')).toEqual([]);
    expect(split(' \n\t ')).toEqual([]);
  });

  test('single quotes keep everything literally', () => {
    expect(split(`config:set app 'KEY=a b' 'x\\y' '$HOME' '"q"'`)).toEqual(['config:set', 'app', 'KEY=a b', 'x\\y', '$HOME', '"q"']);
  });

  test('double quotes escape only \\" \\\\ \\$ \\` and newline', () => {
    expect(split(`"a \\"b\\" \\\\ \\$X \\\` \\n \\t"`)).toEqual(['a "b" \\ $X ` \\n \\t']);
    expect(split('"one\\\ntwo"')).toEqual(['onetwo']);
    expect(split(`"it's"`)).toEqual(["it's"]);
  });

  test('backslash outside quotes escapes the next character', () => {
    expect(split('a\\ b c\\"d \\\'e')).toEqual(['a b', 'c"d', "'e"]);
    expect(split('a\\\nb')).toEqual(['ab']);
    expect(split('trailing\\')).toEqual(['trailing\\']);
  });

  test('quoted parts join adjacent text; empty quotes make an empty word', () => {
    expect(split(`KEY="a b"'c d'e`)).toEqual(['KEY=a bc de']);
    expect(split(`x '' ""`)).toEqual(['x', '', '']);
  });

  test('operators, substitutions and globs stay literal', () => {
    expect(split('apps:list; rm -rf / && echo $(id) `id` | cat > f *.txt ~')).toEqual([
      'apps:list;', 'rm', '-rf', '/', '&&', 'echo', '$(id)', '`id`', '|', 'cat', '>', 'f', '*.txt', '~',
    ]);
    expect(split('"$(id)" "`id`" "$HOME"')).toEqual(['$(id)', '`id`', '$HOME']);
  });

  test('echo flags survive', () => {
    expect(split('config:set app -n -e -E')).toEqual(['config:set', 'app', '-n', '-e', '-E']);
    expect(split('-n')).toEqual(['-n']);
  });

  test('newlines separate words but run nothing', () => {
    expect(split('apps:list\nrm -rf /')).toEqual(['apps:list', 'rm', '-rf', '/']);
  });

  test('an unmatched quote is a clear usage error', () => {
    expect(usageError(() => split(`config:set app 'KEY=a`)).message).toMatch(/Unmatched '/);
    expect(usageError(() => split('config:set app "KEY=a')).message).toMatch(/Unmatched "/);
    expect(usageError(() => split('"abc\\"')).message).toMatch(/Unmatched "/);
  });

  test('over-long input and NUL bytes are refused', () => {
    expect(usageError(() => split('a'.repeat(MAX_COMMAND_BYTES + 1))).message).toMatch(/too long/);
    expect(split('a'.repeat(MAX_COMMAND_BYTES))).toHaveLength(1);
    expect(usageError(() => split('apps:list\0x')).message).toMatch(/NUL/);
  });
});

describe('splitSshCommand', () => {
  test('git commands are split on whitespace only', () => {
    expect(splitSshCommand("git-receive-pack 'myapp'")).toEqual(['git-receive-pack', "'myapp'"]);
    expect(splitSshCommand("git-upload-pack '/my app'")).toEqual(['git-upload-pack', "'/my", "app'"]);
    expect(splitSshCommand('git:set app deploy-branch "x y"')).toEqual(['git:set', 'app', 'deploy-branch', '"x', 'y"']);
    expect(splitSshCommand("  git-receive-pack   'a*'  ")).toEqual(['git-receive-pack', "'a*'"]);
  });

  test('everything else gets the shell-word split', () => {
    expect(splitSshCommand(`config:set app "KEY=a b" '*.txt'`)).toEqual(['config:set', 'app', 'KEY=a b', '*.txt']);
    expect(splitSshCommand('gitx "a b"')).toEqual(['gitx', 'a b']);
  });

  test('limits apply to git commands too', () => {
    expect(usageError(() => splitSshCommand('git-receive-pack \0')).message).toMatch(/NUL/);
  });
});
