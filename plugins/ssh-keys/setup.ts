import fs from 'node:fs';
import path from 'node:path';
import { ensureEntryScript, writeFileAtomic, type PluginContext } from '../../sdk/index.js';
import { giveToPlatformUser, keysFile } from './authorized-keys.js';

/**
 * What sshd needs to hand a key's session to berth: the entry script, `ROOT/.sshcommand` naming it
 * (an admin's own .sshcommand is left alone), and the .ssh directory with its key file.
 */
export function ensureSshEntry(ctx: PluginContext, o: { refresh: boolean }): void {
  const entry = ensureEntryScript(ctx.paths, { ifMissing: !o.refresh, env: ctx.env });
  const sshcommand = path.join(ctx.paths.root, '.sshcommand');
  const keys = keysFile(ctx);
  fs.mkdirSync(path.dirname(keys), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(sshcommand)) writeFileAtomic(sshcommand, entry + '\n', 0o644);
  if (!fs.existsSync(keys)) writeFileAtomic(keys, '', 0o600);
  giveToPlatformUser(ctx, sshcommand, path.dirname(keys), keys);
}
