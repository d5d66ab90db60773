/**
 * POSIX parameter expansion over a template's text (sigil's -p): `$NAME`, `${NAME}` and the
 * `${NAME:-word}`, `${NAME-word}`, `${NAME:=word}`, `${NAME:?msg}`, `${NAME:+word}` forms (and their
 * variants without the colon, which test for unset rather than empty). Nothing is evaluated.
 */
export function expandPosix(input: string, env: Record<string, string | undefined>): string {
  const vars = { ...env };
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    const simple = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i + 1));
    if (simple) {
      out += vars[simple[0]] ?? '';
      i += simple[0].length;
      continue;
    }
    if (input[i + 1] !== '{') {
      out += c;
      continue;
    }
    const end = closing(input, i + 2);
    if (end < 0) throw new Error(`missing closing brace in ${input.slice(i)}`);
    out += expandOne(input.slice(i + 2, end), vars);
    i = end;
  }
  return out;
}

function closing(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expandOne(body: string, vars: Record<string, string | undefined>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-=?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new Error(`bad substitution: \${${body}}`);
  const [, name, colon, op, rawWord = ''] = m;
  const value = vars[name!];
  const missing = value === undefined || (colon === ':' && value === '');
  const word = () => expandPosix(unquote(rawWord), vars);
  switch (op) {
    case undefined:
      return value ?? '';
    case '-':
      return missing ? word() : value!;
    case '=':
      if (missing) vars[name!] = word();
      return vars[name!]!;
    case '?':
      if (missing) throw new Error(`${name}: ${rawWord ? word() : 'parameter null or not set'}`);
      return value!;
    case '+':
      return missing ? '' : word();
  }
  return value ?? '';
}

function unquote(w: string): string {
  return /^"[\s\S]*"$|^'[\s\S]*'$/.test(w) ? w.slice(1, -1) : w;
}
