import { commandsFiles, tsCommands } from './commands.js';
import type { Engine } from './engine.js';

const BANNER = 'Usage: berth [--quiet|--trace|--force] [--app APP] COMMAND <app> [command-specific-options]';

/** Help from manifests (no plugin module is imported) plus each shell plugin's `commands help`. */
export async function printHelp(engine: Engine, namespace?: string): Promise<boolean> {
  const rows = [...tsCommands(engine).values()]
    .filter((c) => !namespace || c.name === namespace || c.name.startsWith(namespace + ':'))
    .map((c) => [c.name, c.type === 'ts' ? c.description : ''] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shell: string[] = [];
  for (const { plugin, file } of commandsFiles(engine)) {
    if (namespace && plugin.name !== namespace) continue;
    // imported here: execa costs more start-up time than every other module of a command together
    const { execa } = await import('execa');
    const r = await execa(file, [namespace ? `${namespace}:help` : 'help'], { env: engine.baseEnv(), reject: false, stdin: 'ignore' });
    if (r.exitCode === 0 && r.stdout.trim()) shell.push(r.stdout.replace(/\s+$/, ''));
  }
  if (namespace && rows.length === 0 && shell.length === 0) return false;
  const out: string[] = [namespace ? `Usage: berth ${namespace}[:COMMAND] <app> [options]` : BANNER, ''];
  if (rows.length) {
    const width = Math.max(...rows.map(([n]) => n.length)) + 2;
    out.push(namespace ? 'Commands:' : 'Commands:');
    for (const [name, desc] of rows) out.push(`    ${name.padEnd(width)}${desc}`);
  }
  if (shell.length) out.push('', 'Community plugin commands:', ...shell);
  engine.stdout.write(out.join('\n') + '\n');
  return true;
}
