import { Float, isMap, sortedKeys, Stream, type Value } from './values.js';

/** JSON text to template values: every number is a float64, as encoding/json decodes into interface{}. */
export function fromJson(text: string): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error((err as Error).message);
  }
  return toValue(parsed, true);
}

export function toValue(x: unknown, floats: boolean): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'number') return floats || !Number.isInteger(x) ? new Float(x) : x;
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (Array.isArray(x)) return x.map((e) => toValue(e, floats));
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'object') return Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, toValue(v, floats)]));
  return String(x);
}

const HTML_SAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** encoding/json.Marshal: map keys sorted, <, > and & escaped. */
export function toJson(v: Value): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => HTML_SAFE[c]!);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Float) {
    if (!Number.isFinite(v.v)) throw new Error(`json: unsupported value: ${v.v}`);
    return String(v.v).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (v instanceof Stream) return toJson(v.text);
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (typeof v === 'function') throw new Error('json: unsupported type: func');
  return `{${sortedKeys(v)
    .map((k) => `${toJson(k)}:${toJson(v[k])}`)
    .join(',')}}`;
}

/** RFC 6901 pointer lookup; a path that leads nowhere is nil. */
export function pointer(path: string, v: Value): Value {
  if (path === '') return v;
  let cur: Value = v;
  for (const raw of path.replace(/^\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key) || Number(key) >= cur.length) return null;
      cur = cur[Number(key)];
    } else if (isMap(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return null;
      cur = cur[key];
    } else return null;
  }
  return cur;
}
