import { definePlugin } from '../../core/sdk.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers });
