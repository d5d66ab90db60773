import { dockerArgs, type PluginContext } from '../../sdk/index.js';

/** Env entries `K=V` as a map, for `--env=KEY` options that take their value from the container's env. */
const envMap = (env: string[]) => Object.fromEntries(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));

/**
 * `docker-args-deploy APP TAG PROC IDX` then `docker-args-process-deploy APP SOURCE_TYPE TAG PROC IDX`,
 * both with empty stdin as Dokku fires them, as Docker create fields.
 */
export async function deployFragment(ctx: PluginContext, app: string, image: string, sourceType: string, proc: string, index: number, env: string[]): Promise<dockerArgs.Fragment> {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  const a = await ctx.triggers.waterfall('docker-args-deploy', '', app, tag, proc, String(index));
  const b = await ctx.triggers.waterfall('docker-args-process-deploy', '', app, sourceType, tag, proc, String(index));
  return dockerArgs.toFragment([...dockerArgs.fromTrigger('docker-args-deploy', a), ...dockerArgs.fromTrigger('docker-args-process-deploy', b)], envMap(env));
}

/** `docker-args-run APP TAG` then `docker-args-process-run APP SOURCE_TYPE TAG`, for one-off containers. */
export async function runFragment(ctx: PluginContext, app: string, image: string, sourceType: string, env: string[]): Promise<dockerArgs.Fragment> {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  const a = await ctx.triggers.waterfall('docker-args-run', '', app, tag);
  const b = await ctx.triggers.waterfall('docker-args-process-run', '', app, sourceType, tag);
  return dockerArgs.toFragment([...dockerArgs.fromTrigger('docker-args-run', a), ...dockerArgs.fromTrigger('docker-args-process-run', b)], envMap(env));
}
