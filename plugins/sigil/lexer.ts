import { TemplateError } from './values.js';

export type TokenKind =
  | 'text' | 'left' | 'right' | 'comment' | 'space' | 'identifier' | 'keyword' | 'field' | 'variable' | 'dot' | 'string'
  | 'rawString' | 'char' | 'number' | 'bool' | 'nil' | 'pipe' | 'leftParen' | 'rightParen' | 'declare' | 'assign' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const SPACE = /[ \t\r\n]/;
const ALNUM = /[\p{L}\p{N}_]/u;

export interface Delims {
  left: string;
  right: string;
}

/** Tokens of a template: text runs and the items of each action, trim markers already applied to the text. */
export function lex(name: string, input: string, delims: Delims): Token[] {
  const out: Token[] = [];
  let pos = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new TemplateError(`template: ${name}:${line}: ${msg}`);
  };
  const countLines = (s: string) => {
    for (const c of s) if (c === '\n') line++;
  };
  let trimNext = false;
  while (pos < input.length) {
    const at = input.indexOf(delims.left, pos);
    let text = input.slice(pos, at < 0 ? input.length : at);
    const startLine = line;
    countLines(text);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (at < 0) {
      if (text) out.push({ kind: 'text', text, line: startLine });
      break;
    }
    let p = at + delims.left.length;
    const trimLeft = input[p] === '-' && SPACE.test(input[p + 1] ?? '');
    if (trimLeft) {
      text = text.replace(/[ \t\r\n]+$/, '');
      p += 2;
    }
    if (text) out.push({ kind: 'text', text, line: startLine });
    pos = p;
    while (pos < input.length && SPACE.test(input[pos]!) && trimLeft) pos++;
    if (input.startsWith('/*', pos)) {
      const end = input.indexOf('*/', pos + 2);
      if (end < 0) fail('unclosed comment');
      countLines(input.slice(pos, end));
      pos = end + 2;
      const m = new RegExp(`^([ \\t\\r\\n]+-)?${escapeRe(delims.right)}`).exec(input.slice(pos));
      if (!m) fail('comment ends before closing delimiter');
      if (m![1]) trimNext = true;
      countLines(m![0]);
      pos += m![0].length;
      continue;
    }
    out.push({ kind: 'left', text: delims.left, line });
    trimNext = lexAction();
  }
  out.push({ kind: 'eof', text: '', line });
  return out;

  /** Items up to the right delimiter; returns whether it carried a trim marker. */
  function lexAction(): boolean {
    let parens = 0;
    for (;;) {
      if (pos >= input.length) fail('unclosed action');
      const rest = input.slice(pos);
      const trimRight = /^[ \t\r\n]+-/.exec(rest);
      if (trimRight && input.startsWith(delims.right, pos + trimRight[0].length)) {
        countLines(trimRight[0]);
        pos += trimRight[0].length + delims.right.length;
        if (parens > 0) fail('unclosed left paren');
        out.push({ kind: 'right', text: delims.right, line });
        return true;
      }
      if (input.startsWith(delims.right, pos)) {
        pos += delims.right.length;
        if (parens > 0) fail('unclosed left paren');
        out.push({ kind: 'right', text: delims.right, line });
        return false;
      }
      const c = input[pos]!;
      const start = pos;
      const emit = (kind: TokenKind) => out.push({ kind, text: input.slice(start, pos), line });
      if (SPACE.test(c)) {
        while (pos < input.length && SPACE.test(input[pos]!)) {
          if (input[pos] === '\n') line++;
          pos++;
        }
        emit('space');
        continue;
      }
      if (c === '=') {
        pos++;
        emit('assign');
      } else if (c === ':') {
        if (input[pos + 1] !== '=') fail('expected :=');
        pos += 2;
        emit('declare');
      } else if (c === '|') {
        pos++;
        emit('pipe');
      } else if (c === ',') {
        pos++;
        emit('comma');
      } else if (c === '"') {
        pos++;
        while (input[pos] !== '"') {
          if (input[pos] === '\\') pos++;
          if (pos >= input.length || input[pos] === '\n') fail('unterminated quoted string');
          pos++;
        }
        pos++;
        emit('string');
      } else if (c === '`') {
        const end = input.indexOf('`', pos + 1);
        if (end < 0) fail('unterminated raw quoted string');
        countLines(input.slice(pos, end));
        pos = end + 1;
        emit('rawString');
      } else if (c === "'") {
        pos++;
        while (input[pos] !== "'") {
          if (input[pos] === '\\') pos++;
          if (pos >= input.length || input[pos] === '\n') fail('unterminated character constant');
          pos++;
        }
        pos++;
        emit('char');
      } else if (c === '$') {
        pos++;
        while (pos < input.length && ALNUM.test(input[pos]!)) pos++;
        emit('variable');
      } else if (c === '.') {
        if (/[0-9]/.test(input[pos + 1] ?? '') && !afterOperand()) {
          lexNumber();
          emit('number');
        } else {
          pos++;
          while (pos < input.length && ALNUM.test(input[pos]!)) pos++;
          emit(pos - start === 1 ? 'dot' : 'field');
        }
      } else if (/[0-9+-]/.test(c)) {
        lexNumber();
        if (ALNUM.test(input[pos] ?? '')) fail(`bad number syntax: "${input.slice(start, pos + 1)}"`);
        emit('number');
      } else if (ALNUM.test(c)) {
        while (pos < input.length && ALNUM.test(input[pos]!)) pos++;
        const word = input.slice(start, pos);
        emit(KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier');
      } else if (c === '(') {
        pos++;
        parens++;
        emit('leftParen');
      } else if (c === ')') {
        pos++;
        parens--;
        if (parens < 0) fail(`unexpected right paren`);
        emit('rightParen');
      } else {
        fail(`unrecognized character in action: ${JSON.stringify(c)}`);
      }
    }
  }

  /** A `.` right after an operand is a field chain, not a number. */
  function afterOperand(): boolean {
    const last = out[out.length - 1];
    return !!last && ['rightParen', 'variable', 'field', 'identifier'].includes(last.kind);
  }

  function lexNumber(): void {
    if (input[pos] === '+' || input[pos] === '-') pos++;
    const m = /^(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos));
    pos += m ? m[0].length : 0;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
