import { verifyApp } from './app-access.js';
import { errors } from '../core/errors.js';
import { GLOBAL } from '../core/properties.js';
import type { CommandDefinition } from '../core/types.js';

/** A validator for one settable property; it throws a BerthError on a bad value. */
export type PropertyCheck = (value: string) => void;

/**
 * Dokku's `X:set <app>|--global <key> [value]`: a known key, a value checked before anything is
 * written, and an empty value unsets.
 */
export function propertySetCommand(command: string, settable: Record<string, PropertyCheck>): CommandDefinition {
  const keys = Object.keys(settable);
  return {
    usage: `<app>|--global <${keys.join('|')}> [value]`,
    raw: true,
    async handler(ctx, argv) {
      const [target, key, value = '', ...extra] = argv._.map(String);
      if (!target || !key || extra.length) throw errors.usage(`Usage: berth ${command} <app>|--global <key> [value]`);
      const scope = target === GLOBAL ? GLOBAL : await verifyApp(ctx, target);
      const check = settable[key];
      if (!check) throw errors.invalidValue(`Invalid property specified, valid properties include: ${keys.join(', ')}`);
      if (value !== '') check(value);
      ctx.props.set(scope, key, value);
      ctx.log.info1(value === '' ? `Unsetting ${key}` : `Setting ${key} to ${value}`);
    },
  };
}
