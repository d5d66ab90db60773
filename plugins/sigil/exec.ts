import { CallError } from './args.js';
import { argText, type ArgNode, type BranchNode, type CommandNode, type ListNode, type Node, type PipeNode } from './nodes.js';
import type { ParsedTemplate } from './parser.js';
import { isMap, printValue, sortedKeys, TemplateError, truth, typeName, type Value } from './values.js';

/** A function the template may call. `lazy` ones (and, or) get thunks so they can stop early. */
export interface FuncDef {
  fn: (...args: Value[]) => Value;
  lazy?: boolean;
}
export type FuncMap = Record<string, FuncDef>;

const MAX_DEPTH = 1000;
class Break {}
class Continue {}

interface Scope {
  name: string;
  value: Value;
}

/** Executes a parsed template against `data`, with Go's evaluation rules for dot, variables, fields and calls. */
export function execute(name: string, t: ParsedTemplate, data: Value, funcs: FuncMap, vars: Record<string, Value> = {}): string {
  const out: string[] = [];
  let stack: Scope[] = [{ name: '$', value: data }, ...Object.entries(vars).map(([k, v]) => ({ name: `$${k}`, value: v }))];
  let depth = 0;
  let current = name;
  let at = '';
  let line = 0;

  const fail = (msg: string): never => {
    throw new TemplateError(`template: ${name}:${line}: executing "${current}" at <${at}>: ${msg}`);
  };

  walkList(data, t.main);
  return out.join('');

  function walkList(dot: Value, list: ListNode): void {
    for (const n of list.nodes) walk(dot, n);
  }

  function walk(dot: Value, n: Node): void {
    switch (n.type) {
      case 'text':
        out.push(n.text);
        return;
      case 'action': {
        line = n.line;
        at = n.source;
        const v = evalPipeline(dot, n.pipe);
        if (!n.pipe.decl.length) out.push(printValue(v));
        return;
      }
      case 'if':
      case 'with':
        return walkIfOrWith(n.type, dot, n);
      case 'range':
        return walkRange(dot, n);
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'template': {
        line = n.line;
        at = n.source;
        const body = t.defines.get(n.name);
        if (!body) fail(`template "${n.name}" not defined`);
        const newDot = n.pipe ? evalPipeline(dot, n.pipe) : undefined;
        if (++depth > MAX_DEPTH) fail(`exceeded maximum template depth (${MAX_DEPTH})`);
        const saved = { stack, current };
        stack = [{ name: '$', value: newDot }];
        current = n.name;
        try {
          walkList(newDot, body!);
        } finally {
          stack = saved.stack;
          current = saved.current;
          depth--;
        }
      }
    }
  }

  function walkIfOrWith(kind: 'if' | 'with', dot: Value, n: BranchNode): void {
    const mark = stack.length;
    line = n.line;
    at = n.source;
    const v = evalPipeline(dot, n.pipe);
    try {
      if (truth(v)) walkList(kind === 'with' ? v : dot, n.list);
      else if (n.elseList) walkList(dot, n.elseList);
    } finally {
      stack.length = mark;
    }
  }

  function walkRange(dot: Value, n: BranchNode): void {
    const mark = stack.length;
    line = n.line;
    at = n.source;
    // The range variables are set by the loop itself, not as the pipeline's declaration.
    const v = evalPipeline(dot, n.pipe, false);
    const items = rangeItems(v);
    try {
      if (!items.length) {
        if (n.elseList) walkList(dot, n.elseList);
        return;
      }
      for (const [key, elem] of items) {
        const inner = stack.length;
        if (n.pipe.decl.length === 1) setVar(n.pipe.decl[0]!, elem, n.pipe.isAssign);
        else if (n.pipe.decl.length === 2) {
          setVar(n.pipe.decl[0]!, key, n.pipe.isAssign);
          setVar(n.pipe.decl[1]!, elem, n.pipe.isAssign);
        }
        try {
          walkList(elem, n.list);
        } catch (err) {
          if (err instanceof Break) break;
          if (!(err instanceof Continue)) throw err;
        } finally {
          stack.length = inner;
        }
      }
    } finally {
      stack.length = mark;
    }
  }

  function rangeItems(v: Value): [Value, Value][] {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v.map((e, idx) => [idx, e]);
    if (typeof v === 'number') {
      if (v < 0) return [];
      return Array.from({ length: v }, (_, idx) => [idx, idx]);
    }
    if (isMap(v)) return sortedKeys(v).map((k) => [k, v[k]]);
    return fail(`range can't iterate over ${printValue(v)}`);
  }

  function setVar(name: string, value: Value, assign: boolean): void {
    if (assign) {
      for (let k = stack.length - 1; k >= 0; k--)
        if (stack[k]!.name === name) {
          stack[k]!.value = value;
          return;
        }
      fail(`undefined variable: ${name}`);
    }
    stack.push({ name, value });
  }

  function lookupVar(name: string): Value {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.name === name) return stack[k]!.value;
    return fail(`undefined variable: ${name}`);
  }

  function evalPipeline(dot: Value, pipe: PipeNode, declare = true): Value {
    let value: Value = undefined;
    let first = true;
    for (const cmd of pipe.cmds) {
      value = evalCommand(dot, cmd, first ? undefined : { value });
      first = false;
    }
    if (declare) for (const d of pipe.decl) setVar(d, value, pipe.isAssign);
    return value;
  }

  function evalCommand(dot: Value, cmd: CommandNode, final?: { value: Value }): Value {
    const [head, ...rest] = cmd.args;
    const args = final ? [...rest.map((a) => () => evalArg(dot, a)), () => final.value] : rest.map((a) => () => evalArg(dot, a));
    switch (head!.type) {
      case 'identifier':
        return call(head!.name, args);
      case 'field':
      case 'variable':
      case 'chain':
      case 'pipe':
        if (args.length) fail(`can't give argument to non-function ${argText(head!)}`);
        return evalArg(dot, head!);
      case 'nil':
        return fail('nil is not a command');
      default:
        if (args.length) fail(`can't give argument to non-function ${argText(head!)}`);
        return evalArg(dot, head!);
    }
  }

  function call(fname: string, thunks: (() => Value)[]): Value {
    const def = funcs[fname]!;
    const args = def.lazy ? (thunks as unknown as Value[]) : thunks.map((f) => f());
    try {
      return def.fn(...args);
    } catch (err) {
      if (err instanceof TemplateError && err.message.startsWith('template: ')) throw err;
      if (err instanceof CallError) return fail(err.message);
      return fail(`error calling ${fname}: ${(err as Error).message}`);
    }
  }

  function evalArg(dot: Value, a: ArgNode): Value {
    switch (a.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'constant':
        return a.value;
      case 'identifier':
        return call(a.name, []);
      case 'field':
        return fieldChain(dot, a.idents);
      case 'variable':
        return fieldChain(lookupVar(a.name), a.idents);
      case 'chain':
        return fieldChain(evalArg(dot, a.node), a.idents);
      case 'pipe': {
        const mark = stack.length;
        try {
          return evalPipeline(dot, a.pipe);
        } finally {
          stack.length = mark;
        }
      }
    }
  }

  function fieldChain(receiver: Value, idents: string[]): Value {
    let v = receiver;
    for (const id of idents) v = field(v, id);
    return v;
  }

  function field(receiver: Value, id: string): Value {
    if (receiver === undefined) return undefined;
    if (receiver === null) return fail(`nil pointer evaluating interface {}.${id}`);
    if (isMap(receiver)) return Object.prototype.hasOwnProperty.call(receiver, id) ? receiver[id] : undefined;
    return fail(`can't evaluate field ${id} in type ${typeName(receiver)}`);
  }
}

