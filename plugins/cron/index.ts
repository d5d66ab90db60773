import { definePlugin } from '../../sdk/index.js';
import { commands } from './commands.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers, commands });
