import fs from 'node:fs';
import path from 'node:path';
import { errors, type TypedTriggerHandlers } from '../../sdk/index.js';
import { renderTemplate } from './render.js';
import type { GoMap } from './values.js';

/**
 * template-render FILE KEY=VALUE…: the file rendered in-process, variables as `$KEY` and `.KEY`. The
 * template may come from an app's source, so `sh` and `httpget` are refused and `var` sees only the
 * variables passed.
 */
export const triggers: TypedTriggerHandlers = {
  'template-render'(ctx, file, ...pairs) {
    if (!file || !path.isAbsolute(file)) throw errors.usage(`template-render needs an absolute template path, got '${file ?? ''}'`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw errors.notFound(`The template ${file} cannot be read`);
    }
    const vars: GoMap = {};
    for (const p of pairs) {
      const at = p.indexOf('=');
      if (at > 0) vars[p.slice(0, at)] = p.slice(at + 1);
    }
    try {
      return renderTemplate(text, { name: path.basename(file), vars, env: {}, cwd: path.dirname(file), restricted: true, readStdin: () => '' });
    } catch (err) {
      throw errors.invalidValue(`The template ${file} failed to render: ${(err as Error).message}`);
    }
  },
};
