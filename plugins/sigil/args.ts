import { Float, Stream, typeName, type Value } from './values.js';

/** An error Go's template reports without the "error calling F:" prefix (arity, argument types). */
export class CallError extends Error {}

export function arity(name: string, args: Value[], want: number, atLeast = false): void {
  if (atLeast ? args.length < want : args.length !== want) throw new CallError(`wrong number of args for ${name}: want ${atLeast ? 'at least ' : ''}${want} got ${args.length}`);
}

function wrong(expected: string, v: Value): never {
  throw new CallError(`wrong type for value; expected ${expected}; got ${typeName(v)}`);
}

/** A `string` parameter. */
export function str(v: Value): string {
  if (v instanceof Stream) return wrong('string', v);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return wrong('string', v);
}

/** A `[]interface{}` parameter (nil is the empty slice). */
export function list(v: Value): Value[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return wrong('[]interface {}', v);
}

/** An `int` parameter. */
export function int(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Float && Number.isInteger(v.v)) return v.v;
  return wrong('int', v);
}
