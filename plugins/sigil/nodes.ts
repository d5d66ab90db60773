import type { Value } from './values.js';

/** The parse tree, after Go's text/template/parse node kinds. */
export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode;

export interface ListNode {
  nodes: Node[];
}
export interface TextNode {
  type: 'text';
  text: string;
}
export interface ActionNode {
  type: 'action';
  line: number;
  pipe: PipeNode;
  source: string;
}
export interface BranchNode {
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
  source: string;
}
export interface IfNode extends BranchNode {
  type: 'if';
}
export interface RangeNode extends BranchNode {
  type: 'range';
}
export interface WithNode extends BranchNode {
  type: 'with';
}
export interface TemplateNode {
  type: 'template';
  line: number;
  name: string;
  pipe?: PipeNode;
  source: string;
}
export interface BreakNode {
  type: 'break';
  line: number;
}
export interface ContinueNode {
  type: 'continue';
  line: number;
}

export interface PipeNode {
  line: number;
  /** Variables declared (`:=`) or assigned (`=`) by the pipeline, with their `$` prefix. */
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
}
export interface CommandNode {
  args: ArgNode[];
}

export type ArgNode =
  | { type: 'field'; idents: string[] }
  | { type: 'variable'; name: string; idents: string[] }
  | { type: 'dot' }
  | { type: 'nil' }
  | { type: 'constant'; value: Value; text: string }
  | { type: 'identifier'; name: string }
  | { type: 'chain'; node: ArgNode; idents: string[] }
  | { type: 'pipe'; pipe: PipeNode };

/** A readable form of an argument, for `executing ... at <...>` messages. */
export function argText(a: ArgNode): string {
  switch (a.type) {
    case 'field':
      return `.${a.idents.join('.')}`;
    case 'variable':
      return [a.name, ...a.idents].join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'constant':
      return a.text;
    case 'identifier':
      return a.name;
    case 'chain':
      return `${argText(a.node)}.${a.idents.join('.')}`;
    case 'pipe':
      return `(${pipeText(a.pipe)})`;
  }
}

export function pipeText(p: PipeNode): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map((c) => c.args.map(argText).join(' ')).join(' | ');
}
