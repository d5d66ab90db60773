import fs from 'node:fs';
import { describeEnd, errors, type PluginContext } from '../../sdk/index.js';
import { readMounts } from './mounts.js';

/**
 * storage:export APP: one gzipped tar of every mounted host directory, paths kept relative to "/"
 * so each entry says where it came from. tar gets an argument array; its output streams to stdout.
 */
export async function exportStorage(ctx: PluginContext, app: string, out: NodeJS.WritableStream): Promise<void> {
  const { execa } = await import('execa');
  if ((out as { isTTY?: boolean }).isTTY) throw errors.usage('Refusing to write a binary archive to a terminal', `Usage: berth storage:export ${app} > storage.tgz`);
  const hosts = [...new Set(readMounts(ctx, app).map((m) => m.host))];
  if (!hosts.length) throw errors.notFound(`App ${app} has no storage mounts`, `Add one with: berth storage:mount ${app} NAME:/path`);
  const present = hosts.filter((h) => fs.existsSync(h));
  for (const h of hosts) if (!present.includes(h)) ctx.log.warn(`${h} does not exist; skipped`);
  if (!present.length) throw errors.notFound(`None of the host directories mounted into ${app} exist`);
  const tar = execa('tar', ['--create', '--gzip', '--file=-', '--directory=/', '--', ...present.map((h) => h.slice(1))], {
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
  });
  let stderr = '';
  tar.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  tar.stdout.pipe(out, { end: false });
  const r = await tar;
  await new Promise<void>((resolve) => (tar.stdout.readableEnded ? resolve() : tar.stdout.once('end', () => resolve())));
  if (r.exitCode !== 0) throw errors.external(`Exporting the storage of ${app} failed (${describeEnd('tar', r)})${stderr ? `: ${stderr.trim()}` : ''}`);
}
