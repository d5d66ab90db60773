import { GLOBAL, errors, type PluginContext, type ReportRows } from '../../sdk/index.js';

export const STACK_KEY = 'stack';
/** What buildpack builds run in when no stack is set: the image `berth stack:build` makes. */
export const DEFAULT_STACK = 'berth/stack:bookworm';

/** A local image reference: repository[:tag] or repository@sha256:digest. */
const IMAGE_REF = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

export function assertImageRef(value: string): string {
  if (value.length > 255 || !IMAGE_REF.test(value)) throw errors.invalidValue(`Invalid stack image '${value}'`, 'Use a local image name such as berth/stack:bookworm');
  return value;
}

/** The app's stack, else the global one; empty means the builder's default. */
export function stackOf(ctx: PluginContext, app: string): string {
  return ctx.props.computed(app, STACK_KEY);
}

export function reportRows(ctx: PluginContext, app: string): ReportRows {
  return {
    'buildpacks-list': ctx.props.getList(app, 'buildpacks').join(','),
    'buildpacks-global-list': ctx.props.getList(GLOBAL, 'buildpacks').join(','),
    'buildpacks-stack': ctx.props.get(app, STACK_KEY) ?? '',
    'buildpacks-global-stack': ctx.props.get(GLOBAL, STACK_KEY) ?? '',
    'buildpacks-computed-stack': stackOf(ctx, app) || DEFAULT_STACK,
  };
}
