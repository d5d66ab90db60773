import { errors } from '../core/errors.js';

/** SSH commands longer than this are refused before any parsing. */
export const MAX_COMMAND_BYTES = 64 * 1024;

const BLANK = new Set([' ', '\t', '\n', '\r']);
/** Inside double quotes a backslash only escapes these (and a newline), as in POSIX sh. */
const DQ_ESCAPABLE = new Set(['"', '\\', '$', '`']);

/**
 * POSIX-style word splitting of one command line: single quotes, double quotes with backslash
 * escapes, and backslash outside quotes. Nothing else is special: no globbing, no expansion, no
 * command substitution, no operators (`;`, `&&`, `$(…)` and backticks stay literal characters).
 */
export function splitShellWords(input: string): string[] {
  checkInput(input);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (BLANK.has(c)) {
      if (inWord) words.push(word), (word = ''), (inWord = false);
      i++;
    } else if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw unmatched("'");
      word += input.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) throw unmatched('"');
        const d = input[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < n && (DQ_ESCAPABLE.has(input[i + 1]!) || input[i + 1] === '\n')) {
          if (input[i + 1] !== '\n') word += input[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= n) {
        word += c;
        inWord = true;
        i++;
      } else {
        // A backslash-newline is a line continuation and joins the two halves.
        if (input[i + 1] !== '\n') (word += input[i + 1]), (inWord = true);
        i += 2;
      }
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * The argv an SSH forced command meant. git's own commands (`git-receive-pack 'app'`) are split
 * on whitespace only, so the quotes reach the git plugin as the client sent them.
 */
export function splitSshCommand(command: string): string[] {
  checkInput(command);
  const first = command.trimStart().split(/[ \t\n\r]/, 1)[0] ?? '';
  if (first.startsWith('git-') || first.startsWith('git:')) return command.split(/[ \t\n\r]+/).filter((w) => w !== '');
  return splitShellWords(command);
}

function checkInput(input: string): void {
  if (Buffer.byteLength(input, 'utf8') > MAX_COMMAND_BYTES)
    throw errors.usage(`The command is too long (over ${MAX_COMMAND_BYTES / 1024} KiB)`);
  if (input.includes('\0')) throw errors.usage('The command contains a NUL byte');
}

function unmatched(quote: string) {
  return errors.usage(`Unmatched ${quote} in the command`, 'Close every quote, or escape it with a backslash');
}
