import { appsListBench } from './apps-list.js';
import { cliBench } from './cli.js';
import { deployBench } from './deploy.js';
import { engineBench } from './engine.js';
import { printSummary } from './summary.js';

/** `npm run bench`: ratios against baselines measured in the same run; targets are reported, never enforced. */
async function main(): Promise<void> {
  const started = performance.now();
  console.log(`berth benchmarks: node ${process.version}, ${process.platform}/${process.arch}`);
  await engineBench();
  await cliBench();
  await appsListBench();
  await deployBench();
  printSummary();
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
