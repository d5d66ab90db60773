import fs from 'node:fs';
import path from 'node:path';
import { pluginAdmin, type PluginContext } from '../../sdk/index.js';
import { systemUser } from './system-user.js';

/**
 * Host-wide files are named after the platform user, so a second platform on the host (a test run's, with
 * its own user) adds its own instead of replacing the main platform's. sudo skips file names with a dot.
 */
export function hostFiles(user: string): { sudoers: string; restoreUnit: string } {
  const suffix = user === 'berth' ? '' : `-${user.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return { sudoers: `/etc/sudoers.d/berth-nginx${suffix}`, restoreUnit: `/etc/systemd/system/berth-restore${suffix}.service` };
}

/** Idempotent host set-up; only root changes the system, anyone else just gets the directories. Ownership is handed over after every install handler ran. */
export async function installPlatform(ctx: PluginContext): Promise<void> {
  const { root, libRoot } = ctx.paths;
  for (const dir of [root, path.join(libRoot, 'config'), path.join(libRoot, 'data'), path.join(libRoot, 'logs'), path.join(libRoot, 'services')])
    fs.mkdirSync(dir, { recursive: true });
  // Community TS plugins import `berth/sdk`; Node finds it in PLUGIN_PATH/node_modules.
  pluginAdmin.linkSdk(ctx.paths);
  if (process.getuid?.() !== 0) return;
  const user = await systemUser(ctx, { create: true });
  if (!user) return;
  ctx.log.trace(`platform user ${user.name} (${user.uid}:${user.gid})`);
  const files = hostFiles(user.name);
  writeIfChanged(files.sudoers, sudoersLine(user.name), 0o440, fs.existsSync('/etc/sudoers.d'));
  writeIfChanged(files.restoreUnit, restoreUnit(ctx), 0o644, fs.existsSync('/run/systemd/system'));
}

function sudoersLine(user: string): string {
  const nginx = ['/usr/sbin/nginx -t', '/usr/sbin/nginx -s reload'].join(', ');
  return `${user} ALL=(root) NOPASSWD: ${nginx}\n`;
}

function restoreUnit(ctx: PluginContext): string {
  const berth = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../bin/berth');
  return [
    '[Unit]',
    'Description=Bring berth apps back after a restart',
    'After=docker.service nginx.service',
    'Requires=docker.service',
    '',
    '[Service]',
    'Type=oneshot',
    `Environment=BERTH_ROOT=${ctx.paths.root}`,
    `Environment=BERTH_LIB_ROOT=${ctx.paths.libRoot}`,
    `ExecStart=${berth} ps:restore`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

function writeIfChanged(file: string, text: string, mode: number, when: boolean): void {
  if (!when) return;
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // missing: write it
  }
  fs.writeFileSync(`${file}.tmp`, text, { mode });
  fs.renameSync(`${file}.tmp`, file);
}
