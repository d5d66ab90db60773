import { definePlugin } from '../../sdk/index.js';
import { appCommands } from './commands.js';
import { globalCommands } from './global-commands.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers, commands: { ...appCommands, ...globalCommands } });
