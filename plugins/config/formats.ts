import { errors } from '../../sdk/index.js';
import type { Env } from './store.js';

/** POSIX single quotes: nothing inside is special, a quote is closed, escaped and reopened. */
export function singleQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** dotenv double quotes; every character a shell would act on inside "" is escaped too. */
export function doubleQuote(value: string): string {
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** `KEY:<padding>VALUE` lines (the layout datastore plugins grep); continuation lines stay indented. */
export function pretty(env: Env): string[] {
  const keys = Object.keys(env);
  const width = Math.max(0, ...keys.map((k) => k.length)) + 3;
  return keys.map((k) => (k + ':').padEnd(width) + env[k]!.split('\n').join('\n' + ' '.repeat(width)));
}

export const EXPORT_FORMATS = ['exports', 'env', 'envfile', 'shell', 'json', 'json-list', 'docker-args', 'docker-args-keys', 'pretty'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function assertExportFormat(format: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw errors.invalidValue(`Invalid --format '${format}'`, `Valid formats: ${EXPORT_FORMATS.join(', ')}`);
  return format as ExportFormat;
}

/** Every text format quotes values so that sourcing or eval-ing the output never runs anything. */
export function exportEnv(env: Env, format: ExportFormat): string {
  const keys = Object.keys(env);
  switch (format) {
    case 'exports':
      return keys.map((k) => `export ${k}=${singleQuote(env[k]!)}`).join('\n');
    case 'env':
    case 'envfile':
      return keys.map((k) => `${k}=${doubleQuote(env[k]!)}`).join('\n');
    case 'shell':
      return keys.map((k) => `${k}=${singleQuote(env[k]!)}`).join(' ');
    case 'json':
      return JSON.stringify(env);
    case 'json-list':
      return JSON.stringify(keys.map((k) => ({ name: k, value: env[k]! })));
    case 'docker-args':
      return keys.map((k) => `--env=${k}=${singleQuote(env[k]!)}`).join(' ');
    case 'docker-args-keys':
      return keys.map((k) => `--env=${k}`).join(' ');
    case 'pretty':
      return pretty(env).join('\n');
  }
}

export const IMPORT_FORMATS = ['env', 'json'] as const;

/** JSON object of scalars, or the json-list shape `[{name, value}]` that config:export writes. */
export function parseJsonEnv(text: string): [string, string][] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw errors.invalidValue(`Input is not valid JSON: ${(err as Error).message}`);
  }
  const scalar = (key: string, v: unknown): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw errors.invalidValue(`Invalid value for ${key}: expected a string, number or boolean`);
  };
  if (Array.isArray(doc))
    return doc.map((item, i) => {
      const { name, value } = (item ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string') throw errors.invalidValue(`Entry ${i} has no string "name"`);
      return [name, scalar(name, value)];
    });
  if (doc === null || typeof doc !== 'object') throw errors.invalidValue('Expected a JSON object of KEY: value pairs');
  return Object.entries(doc).map(([k, v]) => [k, scalar(k, v)]);
}

/**
 * dotenv text: `[export ]KEY=VALUE` per line, `#` comments. A value opening with a quote is read
 * as shell-style quoted words (so `exports` and `shell` output import back); otherwise it is the
 * rest of the line. Nothing is ever expanded or evaluated.
 */
export function parseEnvText(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  let line = 1;
  const fail = (why: string) => errors.invalidValue(`Invalid env input at line ${line}: ${why}`);
  const skipBlank = () => {
    for (;;) {
      if (text[i] === '\n') (line++, i++);
      else if (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
      else if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      else return;
    }
  };
  for (skipBlank(); i < text.length; skipBlank()) {
    if (text.startsWith('export ', i) || text.startsWith('export\t', i)) i += 7;
    const eq = text.indexOf('=', i);
    const nl = text.indexOf('\n', i);
    if (eq < 0 || (nl >= 0 && nl < eq)) throw fail('expected KEY=VALUE');
    const key = text.slice(i, eq).trim();
    i = eq + 1;
    let value: string;
    if (text[i] === '"' || text[i] === "'") {
      const r = quotedWords(text, i, fail);
      value = r.value;
      line += r.newlines;
      i = r.end;
      while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
      if (i < text.length && text[i] !== '\n' && text[i] !== '#' && !/[A-Za-z_]/.test(text[i]!)) throw fail('unexpected text after the closing quote');
    } else {
      const end = nl < 0 ? text.length : nl;
      value = text.slice(i, end).replace(/\s+#.*$/, '').trim();
      i = end;
    }
    pairs.push([key, value]);
  }
  return pairs;
}

const DQ_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$', '`': '`' };

/** Quoted segments, backslash escapes and bare characters up to the first unquoted blank. */
function quotedWords(text: string, start: number, fail: (why: string) => Error) {
  let i = start;
  let value = '';
  let newlines = 0;
  while (i < text.length && !/[ \t\r\n]/.test(text[i]!)) {
    const c = text[i]!;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw fail('unterminated single quote');
      value += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw fail('unterminated double quote');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length) {
          const e = text[++i]!;
          value += DQ_ESCAPES[e] ?? '\\' + e;
        } else value += d;
      }
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  for (const ch of text.slice(start, i)) if (ch === '\n') newlines++;
  return { value, end: i, newlines };
}
