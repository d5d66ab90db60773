import { definePlugin } from '../../core/sdk.js';
import { commands } from './commands.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers, commands });
