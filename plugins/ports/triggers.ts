import { validate, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { formatMap, parseMaps, toJson } from './port-map.js';
import { defaultMaps, detectedMaps, effectiveMaps, explicitMaps, httpPort, setDetected, setExplicit } from './store.js';

function app(name: string): string {
  return validate.assertAppName(name);
}

export const triggers: TypedTriggerHandlers = {
  'ports-get': (ctx: PluginContext, name: string, format?: string) => {
    const maps = effectiveMaps(ctx, app(name));
    return format === 'json' ? JSON.stringify(toJson(maps)) : maps.map(formatMap).join(' ');
  },
  'ports-set-detected': (ctx: PluginContext, name: string, ...maps: string[]) => {
    setDetected(ctx, app(name), parseMaps(maps));
  },
  'ports-configure': (ctx: PluginContext, name: string) => {
    const a = app(name);
    if (!explicitMaps(ctx, a).length && !detectedMaps(ctx, a).length) ctx.props.setList(a, 'map-detected', defaultMaps(ctx, a));
  },
  'ports-get-property': (ctx: PluginContext, name: string, key: string) => {
    const a = app(name);
    if (key === 'http-port') return httpPort(ctx, a);
    if (key === 'map') return explicitMaps(ctx, a).join(' ');
    if (key === 'map-detected') return detectedMaps(ctx, a).join(' ');
    return '';
  },
  /** For plugins (certs): the effective map becomes explicit with MAPS added, so detected http mappings stay. */
  'ports-add': (ctx: PluginContext, name: string, ...maps: string[]) => {
    const a = app(name);
    const current = effectiveMaps(ctx, a).map(formatMap);
    setExplicit(ctx, a, [...new Set([...current, ...parseMaps(maps).map(formatMap)])]);
  },
  'ports-remove': (ctx: PluginContext, name: string, ...maps: string[]) => {
    const a = app(name);
    const gone = new Set(parseMaps(maps).map(formatMap));
    const explicit = explicitMaps(ctx, a);
    if (explicit.some((m) => gone.has(m))) setExplicit(ctx, a, explicit.filter((m) => !gone.has(m)));
  },
  'post-delete': (ctx: PluginContext, name: string) => ctx.props.destroy(app(name)),
  'post-app-rename-setup': (ctx: PluginContext, from: string, to: string) => ctx.props.clone(app(from), app(to)),
  'post-app-clone-setup': (ctx: PluginContext, from: string, to: string) => ctx.props.clone(app(from), app(to)),
};
