import { propertySetCommand, reportCommand, type CommandDefinition } from '../../sdk/index.js';
import { appRows, globalRows, settable } from './properties.js';

export const commands: Record<string, CommandDefinition> = {
  'scheduler:set': propertySetCommand('scheduler:set', settable),
  'scheduler:report': reportCommand('scheduler', appRows, { globalRows, jsonKeys: 'both' }),
};
