/**
 * The value model of the template language. Go's dynamic values map onto JS ones: string, int (a JS
 * integer), float64 (`Float`, so that `{{ 3.0 }}` and a JSON number keep Go's formatting and typing),
 * bool, nil (`null`), "no value" (`undefined`, e.g. a missing map key), slices (arrays) and
 * string-keyed maps (plain objects).
 */
export class Float {
  constructor(readonly v: number) {}
}

/** A stream (`stdin`, `httpget`): sigil functions read it as text, `json`/`file` read it instead of a path. */
export class Stream {
  constructor(
    readonly text: string,
    readonly name: string,
  ) {}
}

export type Value = string | number | boolean | null | undefined | Float | Stream | Value[] | GoMap | GoFunc;
export interface GoMap {
  [key: string]: Value;
}
export type GoFunc = (...args: Value[]) => Value;

export class TemplateError extends Error {}

export function isMap(v: Value): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Float) && !(v instanceof Stream);
}

/** Go's type name, for error messages. */
export function typeName(v: Value): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Float) return 'float64';
  if (v instanceof Stream) return 'sigil.NamedReader';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/** Go's `truth`: false, zero numbers, empty strings, slices and maps, and nil are false. */
export function truth(v: Value): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (v instanceof Float) return v.v !== 0;
  if (v instanceof Stream) return true;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'function') return true;
  return Object.keys(v).length > 0;
}

export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** strconv.FormatFloat(v, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e21 on... as Go decides (precision 6). */
export function formatFloatG(v: number, prec = -1): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const shortest = prec < 0;
  const e = shortest ? v.toExponential() : v.toExponential(Math.max(prec, 1) - 1);
  const [mant, expText] = e.split('e');
  const exp = Number(expText);
  const digits = mant!.replace('-', '').replace('.', '');
  let eprec = shortest ? 6 : Math.max(prec, 1);
  if (!shortest && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  const sign = v < 0 ? '-' : '';
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const trimmed = shortest ? m : m.replace(/\.?0+$/, '');
    return `${sign}${trimmed}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = Math.abs(v).toFixed(Math.max(digits.length - exp - 1, 0));
  return sign + (shortest ? fixed : fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed);
}

/** fmt's %v of a value nested in a slice or map (nil shows as <nil>). */
export function formatV(v: Value): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Float) return formatFloatG(v.v);
  if (v instanceof Stream) return v.text;
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (typeof v === 'function') return 'func';
  return `map[${sortedKeys(v)
    .map((k) => `${k}:${formatV(v[k])}`)
    .join(' ')}]`;
}

/** What an action prints: like %v, but a missing value or nil prints `<no value>`. */
export function printValue(v: Value): string {
  return v === undefined || v === null ? '<no value>' : formatV(v);
}

/** The text a sigil string function accepts (strings, streams); undefined for anything else. */
export function asText(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Stream) return v.text;
  return undefined;
}
