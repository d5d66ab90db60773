import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { delimsFromEnv, renderTemplate } from '../plugins/sigil/render.js';
import type { GoMap } from '../plugins/sigil/values.js';
import { readVarsFile } from '../plugins/sigil/vars-file.js';

/** The sigil version whose command line and functions this one follows. */
export const SIGIL_VERSION = '0.12.1';

interface Options {
  filename?: string;
  inline?: string;
  inPlace: boolean;
  varsFiles: string[];
  posix: boolean;
  version: boolean;
  help: boolean;
  args: string[];
}

const FLAGS: { short?: string; long: string; value: boolean; help: string }[] = [
  { short: 'f', long: 'filename', value: true, help: 'read the template from this file, not from STDIN' },
  { long: 'in-place', value: false, help: 'replace the -f file with its rendered output' },
  { short: 'i', long: 'inline', value: true, help: 'take the template from this string, not from STDIN' },
  { short: 'p', long: 'posix', value: false, help: 'expand POSIX-style $VAR and ${VAR} first' },
  { short: 'V', long: 'vars-file', value: true, help: 'load variables from a JSON or key=value file (repeatable)' },
  { short: 'v', long: 'version', value: false, help: 'print the version' },
];

export class UsageError extends Error {}

export function usage(): string {
  const rows = FLAGS.map((f) => [`${f.short ? `-${f.short}, ` : '    '}--${f.long}${f.value ? (f.long === 'vars-file' ? ' stringArray' : ' string') : ''}`, f.help]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return `Usage of sigil:\n${rows.map(([a, b]) => `  ${a!.padEnd(width)}   ${b}`).join('\n')}\n`;
}

/** Flags anywhere (pflag style: -f F, -fF, -f=F, --filename F, --filename=F, grouped booleans, `--` ends flags). */
export function parseArgs(argv: string[]): Options {
  const o: Options = { inPlace: false, varsFiles: [], posix: false, version: false, help: false, args: [] };
  const set = (long: string, value: string | undefined) => {
    if (long === 'filename') o.filename = value;
    else if (long === 'inline') o.inline = value;
    else if (long === 'vars-file') o.varsFiles.push(value!);
    else if (long === 'in-place') o.inPlace = true;
    else if (long === 'posix') o.posix = true;
    else if (long === 'version') o.version = true;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      o.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inlineValue] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (name === 'help') {
        o.help = true;
        continue;
      }
      const flag = FLAGS.find((f) => f.long === name);
      if (!flag) throw new UsageError(`unknown flag: --${name}`);
      if (flag.value) {
        const v = inlineValue ?? argv[++i];
        if (v === undefined) throw new UsageError(`flag needs an argument: --${name}`);
        set(name, v);
      } else set(name, undefined);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === 'h') {
          o.help = true;
          continue;
        }
        const flag = FLAGS.find((f) => f.short === c);
        if (!flag) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`);
        if (!flag.value) {
          set(flag.long, undefined);
          continue;
        }
        let v = a.slice(k + 1);
        if (v.startsWith('=')) v = v.slice(1);
        else if (!v) {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
          v = argv[++i]!;
        }
        set(flag.long, v);
        break;
      }
      continue;
    }
    o.args.push(a);
  }
  return o;
}

export interface SigilIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): SigilIo => ({
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin: () => fs.readFileSync(0, 'utf8'),
  env: process.env,
  cwd: process.cwd(),
});

function openError(err: NodeJS.ErrnoException, file: string): string {
  if (err.code === 'ENOENT') return `open ${file}: no such file or directory`;
  if (err.code === 'EACCES') return `open ${file}: permission denied`;
  if (err.code === 'EISDIR') return `read ${file}: is a directory`;
  return err.message;
}

/** `sigil [-p] [-f FILE | -i TEXT] [-V FILE]… [KEY=VALUE]…`: renders to stdout; errors go to stderr with exit 1 (2 for bad flags). */
export async function main(argv: string[], io: SigilIo = defaultIo()): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${usage()}`);
    return 2;
  }
  if (o.help) {
    io.stderr(usage());
    return 0;
  }
  if (o.version) {
    io.stdout(`${SIGIL_VERSION}\n`);
    return 0;
  }
  try {
    if (o.inPlace && !o.filename) throw new Error('--in-place requires -f/--filename');
    const vars: GoMap = {};
    for (const f of o.varsFiles) Object.assign(vars, readVarsFile(path.resolve(io.cwd, f)));
    for (const a of o.args) {
      const at = a.indexOf('=');
      if (at >= 0) vars[a.slice(0, at)] = a.slice(at + 1);
    }
    const templatePath = io.env.SIGIL_PATH ? io.env.SIGIL_PATH.split(':') : [];
    let text: string;
    let name: string;
    if (o.filename) {
      const file = path.resolve(io.cwd, o.filename);
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(openError(err as NodeJS.ErrnoException, o.filename));
      }
      templatePath.unshift(path.dirname(o.filename));
      name = path.basename(o.filename);
    } else if (o.inline) {
      text = o.inline;
      name = '<inline>';
    } else {
      text = io.readStdin();
      name = '<stdin>';
    }
    const out = renderTemplate(text, { name, vars, env: { ...io.env }, posix: o.posix, delims: delimsFromEnv(io.env), cwd: io.cwd, templatePath, readStdin: io.readStdin });
    if (o.inPlace) {
      const file = path.resolve(io.cwd, o.filename!);
      writeFileAtomic(file, out, fs.statSync(file).mode & 0o7777);
    } else io.stdout(out);
    return 0;
  } catch (err) {
    io.stderr(`${(err as Error).message}\n`);
    return 1;
  }
}
