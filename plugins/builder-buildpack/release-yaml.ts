/**
 * The YAML that a buildpack's `bin/release` prints (Heroku buildpack API v2a):
 *
 *   ---
 *   addons: []
 *   config_vars:
 *     LANG: en_US.UTF-8
 *   default_process_types:
 *     web: bin/rails server -p ${PORT:-5000}
 *
 * Only this subset is understood: top-level keys holding a scalar, a flow `{}`/`[]` (flat), a block
 * mapping of scalars or a block sequence of scalars; plain, 'single' and "double" quoted scalars;
 * comments. Anything else (anchors, block scalars, deeper nesting) is rejected with the line number,
 * so a buildpack never gets silently misread.
 */
export interface Release {
  defaultProcessTypes: Record<string, string>;
  configVars: Record<string, string>;
  addons: string[];
}

type Value = string | null | string[] | Record<string, string>;

export class ReleaseYamlError extends Error {}

export function parseRelease(text: string): Release {
  const doc = parseDocument(text);
  return {
    defaultProcessTypes: asMap(doc.default_process_types, 'default_process_types'),
    configVars: asMap(doc.config_vars, 'config_vars'),
    addons: asList(doc.addons, 'addons'),
  };
}

function asMap(v: Value | undefined, key: string): Record<string, string> {
  if (v === undefined || v === null || (Array.isArray(v) && !v.length)) return {};
  if (typeof v === 'string' || Array.isArray(v)) throw new ReleaseYamlError(`${key} must be a mapping`);
  return v;
}

function asList(v: Value | undefined, key: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) {
    if (!Object.keys(v).length) return [];
    throw new ReleaseYamlError(`${key} must be a list`);
  }
  return v;
}

interface Line {
  n: number;
  indent: number;
  text: string;
}

export function parseDocument(text: string): Record<string, Value> {
  const lines: Line[] = [];
  let started = false;
  for (const [i, raw] of text.replace(/\r\n?/g, '\n').split('\n').entries()) {
    if (raw.includes('\t') && /^\s*\t/.test(raw)) throw new ReleaseYamlError(`line ${i + 1}: tabs are not allowed for indentation`);
    let body = stripComment(raw).replace(/\s+$/, '');
    if (!body.trim()) continue;
    if (body === '...') break;
    if (body === '---' || body.startsWith('--- ')) {
      if (started) break; // only the first document
      started = true;
      body = body.slice(3).trim();
      if (!body) continue;
      const flow = parseFlow(body, i + 1);
      if (flow === undefined || Array.isArray(flow)) throw new ReleaseYamlError(`line ${i + 1}: expected a mapping`);
      if (Object.keys(flow).length) throw new ReleaseYamlError(`line ${i + 1}: only an empty flow mapping may follow ---`);
      continue;
    }
    started = true;
    lines.push({ n: i + 1, indent: body.length - body.trimStart().length, text: body.trim() });
  }
  const out: Record<string, Value> = {};
  for (let i = 0; i < lines.length; ) {
    const line = lines[i];
    if (line.indent !== 0) throw new ReleaseYamlError(`line ${line.n}: unexpected indentation`);
    const [key, rest] = splitPair(line);
    i++;
    if (rest !== '') {
      out[key] = parseFlow(rest, line.n) ?? scalar(rest, line.n);
      continue;
    }
    const children: Line[] = [];
    while (i < lines.length && (lines[i].indent > 0 || lines[i].text.startsWith('- ') || lines[i].text === '-')) children.push(lines[i++]);
    out[key] = children.length ? block(children) : null;
  }
  return out;
}

function block(children: Line[]): string[] | Record<string, string> {
  const indent = children[0].indent;
  for (const c of children) if (c.indent !== indent) throw new ReleaseYamlError(`line ${c.n}: nested structures are not supported`);
  if (children[0].text.startsWith('-')) {
    return children.map((c) => {
      if (!c.text.startsWith('-')) throw new ReleaseYamlError(`line ${c.n}: expected a list item`);
      return scalar(c.text.slice(1).trim(), c.n);
    });
  }
  const map: Record<string, string> = {};
  for (const c of children) {
    const [k, v] = splitPair(c);
    map[k] = scalar(v, c.n);
  }
  return map;
}

/** `key: value` → [key, value]; the key may be quoted. */
function splitPair(line: Line): [string, string] {
  const t = line.text;
  if (t.startsWith('"') || t.startsWith("'")) {
    const end = quotedEnd(t, 0);
    if (end < 0 || t[end + 1] !== ':') throw new ReleaseYamlError(`line ${line.n}: expected "key: value"`);
    return [scalar(t.slice(0, end + 1), line.n), t.slice(end + 2).trim()];
  }
  const m = /^([^:]+?):(?:\s+(.*))?$/.exec(t);
  if (!m || m[1].startsWith('-')) throw new ReleaseYamlError(`line ${line.n}: expected "key: value"`);
  return [m[1], (m[2] ?? '').trim()];
}

/** A flat flow collection (`{}`, `[]`, `[a, b]`, `{k: v}`), or undefined when `s` is not one. */
function parseFlow(s: string, n: number): string[] | Record<string, string> | undefined {
  const open = s[0];
  if (open !== '{' && open !== '[') return undefined;
  if (!s.endsWith(open === '{' ? '}' : ']')) throw new ReleaseYamlError(`line ${n}: unterminated flow collection`);
  const inner = s.slice(1, -1).trim();
  const items = inner ? inner.split(',').map((x) => x.trim()) : [];
  if (items.some((x) => /[[\]{}]/.test(x))) throw new ReleaseYamlError(`line ${n}: nested flow collections are not supported`);
  if (open === '[') return items.map((x) => scalar(x, n));
  const map: Record<string, string> = {};
  for (const item of items) {
    const [k, v] = splitPair({ n, indent: 0, text: item });
    map[k] = scalar(v, n);
  }
  return map;
}

function scalar(s: string, n: number): string {
  if (s === '' || s === '~' || s === 'null') return '';
  if (/^[&*!|>]/.test(s)) throw new ReleaseYamlError(`line ${n}: anchors, tags and block scalars are not supported`);
  if (s[0] === "'" || s[0] === '"') {
    const end = quotedEnd(s, 0);
    if (end !== s.length - 1) throw new ReleaseYamlError(`line ${n}: bad quoted string`);
    const body = s.slice(1, -1);
    if (s[0] === "'") return body.replace(/''/g, "'");
    return body.replace(/\\(["\\/nrt0]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (_, e: string) => {
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t', '0': '\0' };
      return simple[e] ?? String.fromCharCode(parseInt(e.slice(1), 16));
    });
  }
  return s;
}

/** Index of the closing quote of the quoted scalar starting at `start`, or -1. */
function quotedEnd(s: string, start: number): number {
  const q = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Drops a `#` comment that starts a line or follows whitespace outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}
