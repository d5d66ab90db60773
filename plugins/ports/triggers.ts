import { validate, type PluginContext, type TypedTriggerHandlers } from '../../core/sdk.js';
import { formatMap, parseMaps, toJson } from './port-map.js';
import { defaultMaps, detectedMaps, effectiveMaps, explicitMaps, httpPort, setDetected } from './store.js';

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
  'post-delete': (ctx: PluginContext, name: string) => ctx.props.destroy(app(name)),
  'post-app-rename-setup': (ctx: PluginContext, from: string, to: string) => ctx.props.clone(app(from), app(to)),
  'post-app-clone-setup': (ctx: PluginContext, from: string, to: string) => ctx.props.clone(app(from), app(to)),
};
