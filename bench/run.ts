import { appsListBench } from './apps-list.js';
import { cliBench } from './cli.js';
import { datastoresBench } from './datastores.js';
import { deployBench } from './deploy.js';
import { engineBench } from './engine.js';
import { printSummary, skip } from './summary.js';

const groups: [string, () => Promise<void>][] = [
  ['engine in-process', engineBench],
  ['CLI', cliBench],
  ['apps:list', appsListBench],
  ['deploy', deployBench],
  ['datastores', datastoresBench],
];

/**
 * `npm run bench`: ratios against baselines measured in the same run; targets are reported, never
 * enforced. A group that crashes is reported and the others still run; the exit status is then 1.
 */
async function main(): Promise<void> {
  const started = performance.now();
  console.log(`berth benchmarks: node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, run] of groups) {
    try {
      await run();
    } catch (err) {
      console.error(`\n!! benchmark group '${name}' crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      skip(`(group ${name})`, '-', 'crashed, see above');
      process.exitCode = 1;
    }
  }
  printSummary();
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

await main();
