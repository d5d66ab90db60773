import fs from 'node:fs';
import path from 'node:path';
import { errors, validate, type CommandDefinition } from '../../sdk/index.js';

type Files = Record<string, string>;

const toml = (name: string, ts: boolean) =>
  [
    '[plugin]',
    `name = "${name}"`,
    `description = "The ${name} plugin"`,
    'version = "0.1.0"',
    '',
    '[plugin.config]',
    'greeting = "The word to greet with (default: Hello)"',
    ...(ts ? ['', '[berth]', 'module = "index.ts"', 'triggers = ["post-create"]', '', '[commands]', `"${name}:hello" = "Greet someone"`] : []),
    '',
  ].join('\n');

function tsFiles(name: string): Files {
  return {
    'plugin.toml': toml(name, true),
    'package.json': `${JSON.stringify({ name: `berth-plugin-${name}`, version: '0.1.0', private: true, type: 'module', scripts: { test: 'tsx --test test/*.test.ts', typecheck: 'tsc --noEmit' } }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true } }, null, 2)}\n`,
    'index.ts': "import { definePlugin } from 'berth/sdk';\nimport { commands } from './commands.js';\nimport { triggers } from './triggers.js';\n\nexport default definePlugin({ triggers, commands });\n",
    'functions.ts': 'export const greet = (greeting: string, who: string) => `${greeting || \'Hello\'}, ${who || \'world\'}!`;\n',
    'triggers.ts': [
      "import type { TypedTriggerHandlers } from 'berth/sdk';",
      "import { greet } from './functions.js';",
      '',
      'export const triggers: TypedTriggerHandlers = {',
      `  'post-create': (ctx, app) => ctx.log.info1(\`${name}: \${greet(ctx.config.GREETING, app)}\`),`,
      '};',
      '',
    ].join('\n'),
    'commands.ts': [
      "import type { CommandDefinition } from 'berth/sdk';",
      "import { greet } from './functions.js';",
      '',
      'export const commands: Record<string, CommandDefinition> = {',
      `  '${name}:hello': {`,
      "    usage: '[name]',",
      '    handler: (ctx, argv) => ctx.log.out(greet(ctx.config.GREETING, String(argv._[0] ?? \'\'))),',
      '  },',
      '};',
      '',
    ].join('\n'),
    'test/functions.test.ts': [
      "import assert from 'node:assert/strict';",
      "import { test } from 'node:test';",
      "import { greet } from '../functions.js';",
      '',
      "test('greet falls back to Hello and world', () => {",
      "  assert.equal(greet('', ''), 'Hello, world!');",
      "  assert.equal(greet('Hi', 'Ann'), 'Hi, Ann!');",
      '});',
      '',
    ].join('\n'),
  };
}

function shellFiles(name: string): Files {
  return {
    'plugin.toml': toml(name, false),
    'post-create': `#!/usr/bin/env bash\nset -eo pipefail\necho "-----> ${name}: \${CONFIG_GREETING:-Hello}, $1!"\n`,
    'subcommands/hello': `#!/usr/bin/env bash\n# \`${name}:hello [NAME]\`: $1 is the command itself.\nset -eo pipefail\nshift\necho "\${CONFIG_GREETING:-Hello}, \${1:-world}!"\n`,
    'tests/test.sh': [
      '#!/usr/bin/env bash',
      '# Runs the handlers directly: no platform needed.',
      'set -eo pipefail',
      'cd "$(dirname "$0")/.."',
      `[[ "$(./subcommands/hello ${name}:hello Ann)" == "Hello, Ann!" ]] || { echo "hello: unexpected output" >&2; exit 1; }`,
      `[[ "$(CONFIG_GREETING=Hi ./post-create myapp)" == "-----> ${name}: Hi, myapp!" ]] || { echo "post-create: unexpected output" >&2; exit 1; }`,
      'echo ok',
      '',
    ].join('\n'),
  };
}

const EXECUTABLE = new Set(['post-create', 'subcommands/hello', 'tests/test.sh']);

/** Writes the plugin into a fresh directory (a temp sibling renamed into place, so a failure leaves nothing). */
export function scaffold(name: string, dir: string, kind: 'ts' | 'shell'): string[] {
  validate.assertPluginName(name);
  if (fs.existsSync(dir)) throw errors.conflict(`${dir} already exists`, 'Give a new directory');
  const files = kind === 'ts' ? tsFiles(name) : shellFiles(name);
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), text, { mode: EXECUTABLE.has(rel) ? 0o755 : 0o644 });
    }
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return Object.keys(files);
}

export const newPlugin: CommandDefinition = {
  usage: '<name> [dir] [--ts|--shell]',
  builder: (y) =>
    y
      .option('ts', { type: 'boolean', default: false, describe: 'A TypeScript plugin importing berth/sdk (the default)' })
      .option('shell', { type: 'boolean', default: false, describe: 'A shell plugin (executable handler files)' }),
  handler(ctx, argv) {
    const [name, dir] = argv._.map(String);
    if (!name) throw errors.usage('Please specify a plugin name', 'Usage: berth plugin:new NAME [--ts|--shell] [DIR]');
    if (argv.ts && argv.shell) throw errors.usage('Give either --ts or --shell, not both');
    validate.assertPluginName(name);
    const dest = path.resolve(dir ?? name);
    const files = scaffold(name, dest, argv.shell ? 'shell' : 'ts');
    ctx.log.info1(`Created ${argv.shell ? 'shell' : 'TypeScript'} plugin ${name} in ${dest}`);
    for (const f of files) ctx.log.verbose(f);
  },
};
