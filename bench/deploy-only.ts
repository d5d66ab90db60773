import { deployBench } from './deploy.js';
import { printSummary } from './summary.js';

/** `BENCH_DEPLOY=1 node dist/bench/deploy-only.js`: only the deploy group of `npm run bench`. */
await deployBench();
printSummary();
