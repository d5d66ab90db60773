import path from 'node:path';
import { validate, type TypedTriggerHandlers } from '../../sdk/index.js';
import { addHttpsMapping, removeHttpsMapping } from './https-port.js';
import { certFiles, copyTls, hasCert, install, removeFiles } from './store.js';

function app(name: string): string {
  return validate.assertAppName(name);
}

export const triggers: TypedTriggerHandlers = {
  'certs-exists': (ctx, name) => String(hasCert(ctx, app(name))),
  'certs-get': (ctx, name, part) => (hasCert(ctx, app(name)) && (part === 'crt' || part === 'key') ? certFiles(ctx, name)[part] : ''),
  async 'certs-set'(ctx, name, crt, key) {
    const a = app(name);
    await install(ctx, a, { crt: path.resolve(crt), key: path.resolve(key) });
    await addHttpsMapping(ctx, a);
    await ctx.triggers.notify('post-certs-update', a);
  },
  async 'certs-remove'(ctx, name) {
    const a = app(name);
    if (!hasCert(ctx, a)) return;
    removeFiles(ctx, a);
    await removeHttpsMapping(ctx, a);
    await ctx.triggers.notify('post-certs-remove', a);
  },
  /** The files go with the app dir; only the property is ours to drop. */
  'post-delete': (ctx, name) => ctx.props.destroy(app(name)),
  'post-app-rename-setup': (ctx, from, to) => {
    ctx.props.clone(app(from), app(to));
    copyTls(ctx, from, to);
  },
  'post-app-clone-setup': (ctx, from, to) => {
    ctx.props.clone(app(from), app(to));
    copyTls(ctx, from, to);
  },
};
