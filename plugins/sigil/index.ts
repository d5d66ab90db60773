import { definePlugin } from '../../sdk/index.js';
import { triggers } from './triggers.js';

export default definePlugin({ triggers });
