import { definePlugin, reportTrigger } from '../../sdk/index.js';
import { commands } from './commands.js';
import { reportRows } from './report.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers: { ...triggers, report: reportTrigger('letsencrypt', reportRows) }, commands });
