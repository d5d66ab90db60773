import path from 'node:path';
import { execa } from 'execa';
import { definePlugin, describeEnd, dockerClient, errors, type PluginContext } from '../../sdk/index.js';

export const STACK_IMAGE = 'berth/stack:bookworm';

async function build(ctx: PluginContext, force: boolean): Promise<void> {
  const script = path.join(ctx.paths.pluginDir, 'build-image.sh');
  const r = await execa(script, force ? ['--force'] : [], { stdio: ['ignore', 'inherit', 'inherit'], reject: false, env: ctx.env });
  if (r.exitCode !== 0) throw errors.external(`Building the stack image failed (${describeEnd(path.basename(script), r)})`);
}

async function inspect(): Promise<Record<string, string> | undefined> {
  try {
    const info = await (await dockerClient()).getImage(STACK_IMAGE).inspect();
    return { image: STACK_IMAGE, id: info.Id, created: info.Created, size: `${Math.round(info.Size / 1048576)} MiB` };
  } catch {
    return undefined;
  }
}

export default definePlugin({
  triggers: {
    install: (ctx) => build(ctx, false),
  },
  commands: {
    'stack:build': {
      builder: (y) => y.option('force', { type: 'boolean', describe: 'Rebuild even when the image exists' }),
      handler: (ctx, argv) => build(ctx, Boolean(argv.force) || ctx.flags.force),
    },
    'stack:report': {
      builder: (y) => y.option('format', { choices: ['text', 'json'], default: 'text' }),
      async handler(ctx, argv) {
        const info = await inspect();
        if (!info) throw errors.notFound(`The stack image ${STACK_IMAGE} is not built`, "Run 'berth stack:build'");
        if (argv.format === 'json') return void ctx.log.out(JSON.stringify(info));
        ctx.log.info2('Stack report');
        for (const [k, v] of Object.entries(info)) ctx.log.out(`       ${(k + ':').padEnd(10)}${v}`);
      },
    },
  },
});
