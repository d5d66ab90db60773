import fs from 'node:fs';
import path from 'node:path';
import { toValue } from './structured.js';
import { isMap, type GoMap } from './values.js';

/** Variables from a file, by extension: .json (an object), .yaml/.yml (not supported), anything else key=value lines. */
export function readVarsFile(file: string): GoMap {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`failed to read vars file ${file}: ${describe(err as NodeJS.ErrnoException, file)}`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    let v;
    try {
      v = toValue(JSON.parse(text), true);
    } catch (err) {
      throw new Error(`failed to parse JSON vars file ${file}: ${(err as Error).message}`);
    }
    if (!isMap(v)) throw new Error(`failed to parse JSON vars file ${file}: not an object`);
    return v;
  }
  if (ext === '.yaml' || ext === '.yml') throw new Error(`YAML vars files are not supported: ${file}`);
  return parseEnv(text, file);
}

function describe(err: NodeJS.ErrnoException, file: string): string {
  if (err.code === 'ENOENT') return `open ${file}: no such file or directory`;
  return err.message;
}

/** dotenv lines: `KEY=value`, `export KEY=value`, quotes, `#` comments; a line without `=` is an error. */
export function parseEnv(text: string, file = '<env>'): GoMap {
  const out: GoMap = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s*(.*)$/.exec(line);
    if (!m) throw new Error(`failed to parse vars file ${file}: line ${n + 1}: unexpected character in variable name`);
    out[m[1]!] = value(m[2]!);
  }
  return out;
}

function value(raw: string): string {
  const q = raw[0];
  if (q === "'" || q === '"') {
    const end = raw.indexOf(q, 1);
    const body = end > 0 ? raw.slice(1, end) : raw.slice(1);
    return q === '"' ? body.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : body;
  }
  return raw.replace(/\s+#.*$/, '').trim();
}
