import { lex, type Delims, type Token, type TokenKind } from './lexer.js';
import { charValue, numberValue, unquote } from './literals.js';
import { pipeText, type ArgNode, type BranchNode, type CommandNode, type ListNode, type Node, type PipeNode } from './nodes.js';
import { TemplateError } from './values.js';

export interface ParsedTemplate {
  main: ListNode;
  defines: Map<string, ListNode>;
}

type Stop = 'end' | 'else' | 'eof';

/**
 * A recursive-descent parser for Go's template language. Variables are checked at parse time, as Go
 * does: `vars` is the stack of names in scope, truncated when a control structure ends.
 */
export function parse(name: string, input: string, o: { funcs: Set<string>; delims: Delims; vars?: string[] }): ParsedTemplate {
  const tokens = lex(name, input, o.delims);
  const defines = new Map<string, ListNode>();
  let i = 0;
  let vars = ['$', ...(o.vars ?? [])];
  let rangeDepth = 0;

  const fail = (msg: string, tok: Token = tokens[Math.min(i, tokens.length - 1)]!): never => {
    throw new TemplateError(`template: ${name}:${tok.line}: ${msg}`);
  };
  const peek = () => tokens[i]!;
  const next = () => tokens[i++]!;
  const skipSpace = () => {
    while (peek().kind === 'space') i++;
  };
  const describe = (t: Token) => (t.kind === 'eof' ? 'EOF' : t.kind === 'right' ? `"${t.text}"` : `${t.kind === 'space' ? 'space' : `"${t.text}"`}`);
  const expect = (kind: TokenKind, context: string): Token => {
    skipSpace();
    const t = next();
    if (t.kind !== kind) fail(`unexpected ${describe(t)} in ${context}`, t);
    return t;
  };

  const main = itemList(true).list;
  return { main, defines };

  function itemList(top: boolean): { list: ListNode; stop: Stop } {
    const nodes: Node[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'eof') {
        if (!top) fail('unexpected EOF', t);
        return { list: { nodes }, stop: 'eof' };
      }
      if (t.kind === 'text') {
        nodes.push({ type: 'text', text: t.text });
        continue;
      }
      skipSpace();
      const k = peek();
      if (k.kind === 'keyword') {
        i++;
        switch (k.text) {
          case 'end':
          case 'else':
            if (top) fail(`unexpected {{${k.text}}}`, k);
            if (k.text === 'end') expect('right', 'end');
            return { list: { nodes }, stop: k.text };
          case 'define':
            if (!top) fail('unexpected <define> in command', k);
            definition();
            continue;
          case 'if':
          case 'range':
          case 'with':
            nodes.push({ type: k.text, ...control(k.text, k.line) });
            continue;
          case 'template':
          case 'block':
            nodes.push(templateCall(k.text, k.line));
            continue;
          case 'break':
          case 'continue':
            if (rangeDepth === 0) fail(`{{${k.text}}} outside {{range}}`, k);
            expect('right', k.text);
            nodes.push({ type: k.text, line: k.line });
            continue;
        }
      }
      const pipe = pipeline('command', 'right');
      nodes.push({ type: 'action', line: k.line, pipe, source: pipeText(pipe) });
    }
  }

  function definition(): void {
    const n = expect(peek().kind === 'rawString' ? 'rawString' : 'string', 'define clause');
    expect('right', 'define clause');
    const saved = vars;
    vars = ['$'];
    const { list, stop } = itemList(false);
    if (stop !== 'end') fail('unexpected {{else}} in define clause');
    vars = saved;
    defines.set(unquote(n.text), list);
  }

  function control(context: 'if' | 'range' | 'with', line: number): BranchNode {
    const mark = vars.length;
    const pipe = pipeline(context, 'right');
    if (context === 'range') rangeDepth++;
    const body = itemList(false);
    if (context === 'range') rangeDepth--;
    let elseList: ListNode | undefined;
    if (body.stop === 'else') {
      skipSpace();
      const k = peek();
      if (k.kind === 'keyword' && (k.text === 'if' || k.text === 'with') && context !== 'range') {
        if (k.text !== context) fail(`unexpected {{else ${k.text}}} in ${context}`, k);
        i++;
        elseList = { nodes: [{ type: context as 'if', ...control(context, k.line) }] };
      } else {
        expect('right', 'else');
        const rest = itemList(false);
        if (rest.stop !== 'end') fail(`expected end; found {{else}}`);
        elseList = rest.list;
      }
    }
    vars.length = mark;
    return { line, pipe, list: body.list, elseList, source: `${context} ${pipeText(pipe)}` };
  }

  function templateCall(keyword: 'template' | 'block', line: number): Node {
    const context = `${keyword} clause`;
    skipSpace();
    const n = next();
    if (n.kind !== 'string' && n.kind !== 'rawString') fail(`unexpected ${describe(n)} in ${context}`, n);
    const tname = unquote(n.text);
    skipSpace();
    let pipe: PipeNode | undefined;
    if (peek().kind === 'right') i++;
    else pipe = pipeline(context, 'right');
    if (keyword === 'block') {
      const saved = vars;
      vars = ['$'];
      const { list, stop } = itemList(false);
      if (stop !== 'end') fail('unexpected {{else}} in block clause');
      vars = saved;
      defines.set(tname, list);
    }
    return { type: 'template', line, name: tname, pipe, source: `template ${JSON.stringify(tname)}${pipe ? ` ${pipeText(pipe)}` : ''}` };
  }

  function pipeline(context: string, end: 'right' | 'rightParen'): PipeNode {
    skipSpace();
    const line = peek().line;
    const decl: string[] = [];
    let isAssign = false;
    if (peek().kind === 'variable') {
      const start = i;
      const v = next().text;
      skipSpace();
      const op = peek();
      if (op.kind === 'declare' || op.kind === 'assign') {
        i++;
        decl.push(v);
        isAssign = op.kind === 'assign';
      } else if (op.kind === 'comma' && context === 'range') {
        i++;
        skipSpace();
        const v2 = next();
        if (v2.kind !== 'variable') fail(`range can only initialize variables`, v2);
        skipSpace();
        const op2 = next();
        if (op2.kind !== 'declare' && op2.kind !== 'assign') fail(`unexpected ${describe(op2)} in range`, op2);
        decl.push(v, v2.text);
        isAssign = op2.kind === 'assign';
      } else i = start;
      for (const d of decl) {
        if (isAssign && !vars.includes(d)) fail(`undefined variable "${d}"`);
        if (!isAssign) vars.push(d);
      }
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      skipSpace();
      const t = peek();
      if (t.kind === end) {
        i++;
        break;
      }
      if (t.kind === 'right' || t.kind === 'rightParen' || t.kind === 'eof') fail(`unexpected ${describe(t)} in ${context}`, t);
      cmds.push(command(end));
    }
    if (!cmds.length) fail(`missing value for ${context}`);
    cmds.slice(1).forEach((c, n) => {
      const first = c.args[0]!;
      if (first.type === 'constant' || first.type === 'nil' || first.type === 'dot') fail(`non executable command in pipeline stage ${n + 2}`);
    });
    return { line, decl, isAssign, cmds };
  }

  function command(end: 'right' | 'rightParen'): CommandNode {
    const args: ArgNode[] = [];
    for (;;) {
      skipSpace();
      const t = peek();
      if (t.kind === end || t.kind === 'right' || t.kind === 'rightParen' || t.kind === 'eof') break;
      if (t.kind === 'pipe') {
        i++;
        if (!args.length) fail('missing command');
        return { args };
      }
      args.push(operand());
      const after = peek();
      if (!['space', 'pipe', 'right', 'rightParen', 'eof'].includes(after.kind)) fail(`unexpected ${describe(after)} in operand`, after);
    }
    if (!args.length) fail('empty command');
    return { args };
  }

  function operand(): ArgNode {
    const node = term();
    if (peek().kind !== 'field') return node;
    const idents: string[] = [];
    while (peek().kind === 'field') idents.push(next().text.slice(1));
    if (node.type === 'field') return { type: 'field', idents: [...node.idents, ...idents] };
    if (node.type === 'variable') return { type: 'variable', name: node.name, idents: [...node.idents, ...idents] };
    if (node.type === 'constant' || node.type === 'nil' || node.type === 'dot') fail(`unexpected . after term "${node.type === 'constant' ? node.text : node.type === 'nil' ? 'nil' : '.'}"`);
    return { type: 'chain', node, idents };
  }

  function term(): ArgNode {
    const t = next();
    switch (t.kind) {
      case 'identifier':
        if (!o.funcs.has(t.text)) fail(`function "${t.text}" not defined`, t);
        return { type: 'identifier', name: t.text };
      case 'dot':
        return { type: 'dot' };
      case 'nil':
        return { type: 'nil' };
      case 'variable':
        if (!vars.includes(t.text)) fail(`undefined variable "${t.text}"`, t);
        return { type: 'variable', name: t.text, idents: [] };
      case 'field':
        return { type: 'field', idents: [t.text.slice(1)] };
      case 'bool':
        return { type: 'constant', value: t.text === 'true', text: t.text };
      case 'number':
        return { type: 'constant', value: wrap(() => numberValue(t.text), t), text: t.text };
      case 'char':
        return { type: 'constant', value: wrap(() => charValue(t.text), t), text: t.text };
      case 'string':
      case 'rawString':
        return { type: 'constant', value: wrap(() => unquote(t.text), t), text: t.text };
      case 'leftParen':
        return { type: 'pipe', pipe: pipeline('parenthesized pipeline', 'rightParen') };
      default:
        return fail(`unexpected ${describe(t)} in operand`, t);
    }
  }

  function wrap<T>(f: () => T, t: Token): T {
    try {
      return f();
    } catch (err) {
      return fail((err as Error).message, t);
    }
  }
}
