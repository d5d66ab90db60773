import { Float, TemplateError, type Value } from './values.js';

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** strconv.Unquote for "…" (escapes) and `…` (raw) strings. */
export function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1).replace(/\r/g, '');
  return unescape(text.slice(1, -1), text);
}

function unescape(body: string, whole: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === undefined) throw new TemplateError(`invalid syntax: ${whole}`);
    if (n in SIMPLE) out += SIMPLE[n];
    else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new TemplateError(`invalid syntax: ${whole}`);
      out += n === 'x' ? Buffer.from([parseInt(hex, 16)]).toString('latin1') : String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (/[0-7]/.test(n)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new TemplateError(`invalid syntax: ${whole}`);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new TemplateError(`invalid syntax: ${whole}`);
  }
  return out;
}

/** A character constant ('a', '\n') is its code point, an int. */
export function charValue(text: string): number {
  const s = unescape(text.slice(1, -1), text);
  const cp = s.codePointAt(0);
  if (cp === undefined || [...s].length !== 1) throw new TemplateError(`malformed character constant: ${text}`);
  return cp;
}

/** Go's number constants: integers (decimal, 0x, 0o, 0b, leading-0 octal) are ints; anything with . e or p is float64. */
export function numberValue(text: string): Value {
  const t = text.replace(/_/g, '');
  if (t.endsWith('i')) throw new TemplateError(`complex numbers are not supported: ${text}`);
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB][01]+$/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]?[0-7]+$/.test(body)) n = parseInt(body.replace(/^0[oO]?/, ''), 8);
  else if (/^[0-9]+$/.test(body)) n = parseInt(body, 10);
  else if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(body)) return new Float(sign * Number(body));
  else throw new TemplateError(`bad number syntax: "${text}"`);
  return Number.isSafeInteger(n) ? sign * n : new Float(sign * n);
}
