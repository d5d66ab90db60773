import { GLOBAL, type PluginContext } from '../../sdk/index.js';
import { formatMap, parseMap, type PortMap } from './port-map.js';

/** Properties: app `map` (explicit list), app `map-detected` (from the builder), app or global `http-port`. */
export const PROPERTY_KEYS = ['http-port'] as const;
export const DEFAULT_CONTAINER_PORT = 5000;

export function explicitMaps(ctx: PluginContext, app: string): string[] {
  return ctx.props.getList(app, 'map');
}

export function detectedMaps(ctx: PluginContext, app: string): string[] {
  return ctx.props.getList(app, 'map-detected');
}

export function httpPort(ctx: PluginContext, app: string): string {
  return ctx.props.computed(app, 'http-port', '');
}

/** What an app gets when neither the user nor the builder said anything. */
export function defaultMaps(ctx: PluginContext, app: string): string[] {
  return [`http:${httpPort(ctx, app) || 80}:${DEFAULT_CONTAINER_PORT}`];
}

/**
 * The explicit map, else the detected one, else the default. Detected http mappings on the standard port
 * (builders report `http:80:PORT`) move to the `http-port` property when it is set; applied on read so a
 * changed property takes effect at the next proxy rebuild.
 */
export function effectiveMaps(ctx: PluginContext, app: string): PortMap[] {
  const explicit = explicitMaps(ctx, app);
  if (explicit.length) return explicit.map(parseMap);
  const detected = detectedMaps(ctx, app);
  const port = httpPort(ctx, app);
  const maps = (detected.length ? detected : defaultMaps(ctx, app)).map(parseMap);
  const adjusted = maps.map((m) => (m.scheme === 'http' && m.host === 80 && port ? { ...m, host: Number(port) } : m));
  return [...new Map(adjusted.map((m) => [formatMap(m), m])).values()];
}

/** Stored as the builder reported it; duplicates dropped. */
export function setDetected(ctx: PluginContext, app: string, maps: PortMap[]): void {
  ctx.props.setList(app, 'map-detected', [...new Set(maps.map(formatMap))]);
}

export function setExplicit(ctx: PluginContext, app: string, maps: string[]): void {
  ctx.props.setList(app, 'map', maps);
}

export function globalHttpPort(ctx: PluginContext): string {
  return ctx.props.get(GLOBAL, 'http-port') ?? '';
}
