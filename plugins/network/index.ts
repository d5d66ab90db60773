import { definePlugin, reportTrigger } from '../../sdk/index.js';
import { reportRows } from './properties.js';
import { commands } from './commands.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers: { ...triggers, report: reportTrigger('network', reportRows) }, commands });
