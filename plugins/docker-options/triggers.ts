import type { PluginContext, TypedTriggerHandlers } from '../../sdk/index.js';
import { DEFAULT_SCOPE, list, type Phase } from './store.js';
import { reportSection } from './report.js';

const startsWithFlag = (line: string, ...flags: string[]) => flags.some((f) => line === f || line.startsWith(`${f}=`) || line.startsWith(`${f} `));

/**
 * The stored options of a phase, after what came in on stdin (the docker-args chain). As in Dokku,
 * `--restart` only reaches deploy containers, and image builds get no mounts or links.
 */
function emit(ctx: PluginContext, phase: Phase, app: string, sourceType = '', proc = ''): string {
  const input = ctx.readInput();
  // a deploy container of a process type gets the app's deploy options, then its type's own
  const own = phase === 'deploy' && proc && proc !== DEFAULT_SCOPE ? list(ctx, app, phase, proc) : [];
  const options = [...list(ctx, app, phase), ...own].filter((line) => {
    if (startsWithFlag(line, '--restart')) return phase === 'deploy';
    if (phase === 'build' && sourceType === 'dockerfile') return !startsWithFlag(line, '--link', '-v', '--volume');
    if (phase !== 'build') return !startsWithFlag(line, '--build-arg', '--target', '--no-cache', '--pull');
    return true;
  });
  return [input.replace(/\n+$/, ''), ...options].filter((s) => s !== '').join(' ');
}

export const triggers: TypedTriggerHandlers = {
  'docker-args-build': (ctx, app, sourceType) => emit(ctx, 'build', app, sourceType),
  'docker-args-deploy': (ctx, app, _tag, proc) => emit(ctx, 'deploy', app, '', proc ?? ''),
  'docker-args-run': (ctx, app) => emit(ctx, 'run', app),
  'post-delete': (ctx, app) => ctx.props.destroy(app),
  'post-app-rename-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  'post-app-clone-setup': (ctx, oldApp, newApp) => ctx.props.clone(oldApp, newApp),
  report: (ctx, app) => reportSection(ctx, app),
};
