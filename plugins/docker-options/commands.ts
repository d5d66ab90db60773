import path from 'node:path';
import { dockerArgs, errors, verifyApp, type CommandDefinition, type PluginContext } from '../../core/sdk.js';
import { add, canonical, clear, parsePhases, PHASES, remove } from './store.js';
import { reportCommand } from './report.js';

/** Only local root (no SSH key behind the call) may let an option through the isolation check. */
export const ALLOW_FLAG = '--allow-host-access';
const isRoot = (ctx: PluginContext) => ctx.actor.sshUser === 'root' && !ctx.actor.name;

/** `[--allow-host-access] APP PHASES OPTION…`: the option is every word after PHASES, joined as Dokku joins them. */
async function parse(ctx: PluginContext, raw: (string | number)[], usage: string) {
  const args = raw.map(String);
  const allow = args[0] === ALLOW_FLAG;
  if (allow) args.shift();
  const [appArg, phasesArg, ...rest] = args;
  const app = await verifyApp(ctx, appArg);
  const phases = parsePhases(phasesArg);
  if (!phases.length) throw errors.usage('Please specify phase(s): a comma separated list of build, deploy and run', `Usage: berth ${usage}`);
  return { app, phases, text: rest.join(' '), allow };
}

const ADD = 'docker-options:add [--allow-host-access] <app> <phase(s)> OPTION';
const REMOVE = 'docker-options:remove <app> <phase(s)> OPTION';

export const commands: Record<string, CommandDefinition> = {
  'docker-options:add': {
    usage: '[--allow-host-access] <app> <phase(s)> OPTION',
    raw: true,
    async handler(ctx, argv) {
      const { app, phases, text, allow } = await parse(ctx, argv._, ADD);
      const options = canonical(text);
      if (!options.length) throw errors.usage('Please specify docker options to add to the phase', `Usage: berth ${ADD}`);
      dockerArgs.assertValid(options.map((o) => o.option));
      const host = { platform: [ctx.paths.root, ctx.paths.libRoot], allowed: [path.join(ctx.paths.libRoot, 'data', 'storage')] };
      const risky = options.map((o) => ({ ...o, why: dockerArgs.hostAccess(o.option, host) }));
      for (const o of risky) {
        if (!o.why) continue;
        if (!allow) throw errors.denied(`Refusing '${o.line}': ${o.why}. Only root may add it, with docker-options:add ${ALLOW_FLAG} ${app} ...`);
        if (!isRoot(ctx)) throw errors.denied(`Refusing '${o.line}': ${ALLOW_FLAG} is for root on the host only`);
      }
      // every option checked before the first is written: a refusal changes nothing
      for (const phase of phases) for (const o of risky) add(ctx, app, phase, o.line, !!o.why);
    },
  },

  'docker-options:remove': {
    usage: '<app> <phase(s)> OPTION',
    raw: true,
    async handler(ctx, argv) {
      const { app, phases, text } = await parse(ctx, argv._, REMOVE);
      const options = canonical(text);
      if (!options.length) throw errors.usage('Please specify docker options to remove from the phase', `Usage: berth ${REMOVE}`);
      for (const phase of phases) for (const o of options) remove(ctx, app, phase, o.option.words);
    },
  },

  'docker-options:clear': {
    usage: '<app> [phase(s)]',
    async handler(ctx, argv) {
      const app = await verifyApp(ctx, argv._[0] === undefined ? undefined : String(argv._[0]));
      const given = parsePhases(argv._[1] === undefined ? undefined : String(argv._[1]));
      if (!given.length) ctx.log.info1(`Clearing docker-options for ${app} on all phases`);
      for (const phase of given.length ? given : PHASES) {
        if (given.length) ctx.log.info1(`Clearing docker-options for ${app} on phase ${phase}`);
        clear(ctx, app, phase);
      }
    },
  },

  'docker-options:report': reportCommand,
};
