import { GLOBAL, errors, propertySetCommand, reportCommand, type CommandDefinition, type PluginContext } from '../../sdk/index.js';

const wholeNumber = (key: string, max: number) => (v: string) => {
  if (!/^[1-9]\d*$/.test(v) || Number(v) > max) throw errors.invalidValue(`Invalid ${key} '${v}': expected a whole number from 1 to ${max}`);
};

/** What scheduler-docker-local:set accepts, per app or globally, with the value used when neither is set. */
const settable: Record<string, { check: (v: string) => void; fallback: string }> = {
  'init-process': {
    check: (v) => {
      if (v !== 'true' && v !== 'false') throw errors.invalidValue(`Invalid init-process '${v}': expected true or false`);
    },
    fallback: 'true',
  },
  'parallel-schedule-count': { check: wholeNumber('parallel-schedule-count', 64), fallback: '1' },
  'ready-timeout-seconds': { check: wholeNumber('ready-timeout-seconds', 9999), fallback: '30' },
};

const P = 'scheduler-docker-local';

function appRows(ctx: PluginContext, app: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, { fallback }] of Object.entries(settable)) {
    out[`${P}-computed-${key}`] = ctx.props.computed(app, key, fallback);
    out[`${P}-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
    out[`${P}-${key}`] = ctx.props.get(app, key) ?? '';
  }
  return out;
}

function globalRows(ctx: PluginContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, { fallback }] of Object.entries(settable)) {
    out[`${P}-computed-${key}`] = ctx.props.get(GLOBAL, key) || fallback;
    out[`${P}-global-${key}`] = ctx.props.get(GLOBAL, key) ?? '';
  }
  return out;
}

export const commands: Record<string, CommandDefinition> = {
  'scheduler-docker-local:set': propertySetCommand(`${P}:set`, Object.fromEntries(Object.entries(settable).map(([k, s]) => [k, s.check]))),
  'scheduler-docker-local:report': reportCommand(P, appRows, { globalRows, jsonKeys: 'both' }),
};
