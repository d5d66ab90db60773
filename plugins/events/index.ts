import { definePlugin } from '../../core/sdk.js';
import { commands } from './commands.js';
import { intercept } from './interceptor.js';

/** The audit trail: an engine interceptor, never a handler, so it sees every dispatch and answers none. */
export default definePlugin({ intercept, commands });
