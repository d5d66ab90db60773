import path from 'node:path';
import { dockerArgs, errors, validate, verifyApp, type CommandDefinition, type PluginContext } from '../../sdk/index.js';
import { add, canonical, clear, DEFAULT_SCOPE, list, parsePhases, PHASES, remove, type Phase } from './store.js';
import { reportCommand } from './report.js';

/** Only local root (no SSH key behind the call) may let an option through the isolation check. */
export const ALLOW_FLAG = '--allow-host-access';
const isRoot = (ctx: PluginContext) => ctx.actor.sshUser === 'root' && !ctx.actor.name;

/**
 * Takes every `--process NAME` (or `--process=NAME`) out of the words, wherever it stands: docker has
 * no such flag, so one inside the option text was meant for this command.
 */
export function liftProcesses(args: string[]): { args: string[]; procs: string[] } {
  const rest: string[] = [];
  const procs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--process') {
      if (args[i + 1] === undefined) throw errors.usage('--process needs a process type');
      procs.push(args[++i]!);
    } else if (a.startsWith('--process=')) procs.push(a.slice('--process='.length));
    else rest.push(a);
  }
  for (const p of procs) {
    if (p === DEFAULT_SCOPE) throw errors.invalidValue(`${DEFAULT_SCOPE} is reserved for the options of every process type; name a process type`);
    validate.assertProcessType(p);
  }
  return { args: rest, procs: [...new Set(procs)] };
}

/** Process-scoped options exist only for the deploy phase (build and run containers have no process type). */
function assertDeployOnly(procs: string[], phases: Phase[]): void {
  if (procs.length && phases.some((p) => p !== 'deploy')) throw errors.usage('--process may only be used with the deploy phase');
}

/** `[--allow-host-access] [--process P]… APP PHASES OPTION…`: the option is every word after PHASES, joined as Dokku joins them. */
async function parse(ctx: PluginContext, raw: (string | number)[], usage: string) {
  const lifted = liftProcesses(raw.map(String));
  const args = lifted.args;
  const allow = args[0] === ALLOW_FLAG;
  if (allow) args.shift();
  const [appArg, phasesArg, ...rest] = args;
  const app = await verifyApp(ctx, appArg);
  const phases = parsePhases(phasesArg);
  if (!phases.length) throw errors.usage('Please specify phase(s): a comma separated list of build, deploy and run', `Usage: berth ${usage}`);
  assertDeployOnly(lifted.procs, phases);
  // a separate argument that is a value with spaces (`--label 'k=my app'`) stays one word; option text splits
  const text = rest.map((a) => (!a.startsWith('-') && /\s/.test(a) && !/^['"]/.test(a) ? dockerArgs.joinWords([a]) : a)).join(' ');
  return { app, phases, text, allow, procs: lifted.procs.length ? lifted.procs : [DEFAULT_SCOPE] };
}

/** Process types named in options that the app's Procfile does not define: a warning, not an error. */
async function warnUnknownProcs(ctx: PluginContext, app: string, procs: string[]): Promise<void> {
  if (procs[0] === DEFAULT_SCOPE || !(await ctx.triggers.gate('procfile-exists', app)).ok) return;
  for (const p of procs)
    if (!(await ctx.triggers.collect('procfile-get-command', app, p, '')).trim()) ctx.log.warn(`Process type ${p} is not in the Procfile of ${app}; its options apply once it is`);
}

const ADD = 'docker-options:add [--allow-host-access] <app> <phase(s)> OPTION';
const REMOVE = 'docker-options:remove <app> <phase(s)> OPTION';

export const commands: Record<string, CommandDefinition> = {
  'docker-options:add': {
    usage: '[--allow-host-access] <app> <phase(s)> OPTION',
    raw: true,
    async handler(ctx, argv) {
      const { app, phases, text, allow, procs } = await parse(ctx, argv._, ADD);
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
      for (const proc of procs) for (const phase of phases) for (const o of risky) add(ctx, app, phase, o.line, !!o.why, proc);
      await warnUnknownProcs(ctx, app, procs);
    },
  },

  'docker-options:remove': {
    usage: '<app> <phase(s)> OPTION',
    raw: true,
    async handler(ctx, argv) {
      const { app, phases, text, procs } = await parse(ctx, argv._, REMOVE);
      const options = canonical(text);
      if (!options.length) throw errors.usage('Please specify docker options to remove from the phase', `Usage: berth ${REMOVE}`);
      for (const proc of procs) for (const phase of phases) for (const o of options) remove(ctx, app, phase, o.option.words, proc);
    },
  },

  'docker-options:clear': {
    usage: '[--process P]… <app> [phase(s)]',
    raw: true,
    async handler(ctx, argv) {
      const { args, procs } = liftProcesses(argv._.map(String));
      if (args.length > 2) throw errors.usage('Usage: berth docker-options:clear [--process P] <app> [phase(s)]');
      const app = await verifyApp(ctx, args[0]);
      const given = parsePhases(args[1]);
      if (procs.length) {
        assertDeployOnly(procs, given.length ? given : ['deploy']);
        for (const proc of procs) {
          ctx.log.info1(`Clearing docker-options for ${app} (process ${proc}) on phase deploy`);
          clear(ctx, app, 'deploy', proc);
        }
        return;
      }
      if (!given.length) ctx.log.info1(`Clearing docker-options for ${app} on all phases`);
      for (const phase of given.length ? given : PHASES) {
        if (given.length) ctx.log.info1(`Clearing docker-options for ${app} on phase ${phase}`);
        clear(ctx, app, phase);
      }
    },
  },

  'docker-options:list': {
    usage: '<app> --phase <phase> [--process P]',
    raw: true,
    async handler(ctx, argv) {
      const { args, procs } = liftProcesses(argv._.map(String));
      const at = args.findIndex((a) => a === '--phase' || a.startsWith('--phase='));
      const phaseArg = at < 0 ? undefined : args[at]!.startsWith('--phase=') ? args[at]!.slice('--phase='.length) : args[at + 1];
      if (at >= 0) args.splice(at, args[at]!.includes('=') ? 1 : 2);
      if (args.length > 1 || procs.length > 1) throw errors.usage('Usage: berth docker-options:list <app> --phase <phase> [--process P]');
      const app = await verifyApp(ctx, args[0]);
      const phases = parsePhases(phaseArg);
      if (phases.length !== 1) throw errors.usage('--phase is required: one of build, deploy or run');
      assertDeployOnly(procs, phases);
      for (const line of list(ctx, app, phases[0]!, procs[0])) ctx.log.out(line);
    },
  },

  'docker-options:report': reportCommand,
};
