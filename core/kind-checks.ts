/**
 * Compile-time proof that the registry types the dispatch methods: every line marked
 * @ts-expect-error must fail to compile, or the build fails.
 */
import type { Triggers } from './engine.js';

export async function kindChecks(t: Triggers): Promise<void> {
  await t.notify('post-create', 'app');
  await t.gate('app-exists', 'app');
  const scale: string[] = await t.collect('ps-current-scale', 'app');
  const type: string = await t.collect('proxy-type', 'app');
  await t.first('builder-detect', 'app', '/tmp/src');
  await t.select('scheduler-deploy', 'docker-local', 'app', 'tag');
  await t.waterfall('docker-args-deploy', '', 'app', 'tag');
  await t.community('notify', 'my-community-hook', 'any', 'args');
  const lines: string[] = await t.community('lines', 'my-community-hook');
  // @ts-expect-error a misspelt (unregistered) trigger name does not compile with a kind method
  await t.notify('post-creat', 'app');
  // @ts-expect-error community hook points go through triggers.community
  await t.collect('my-community-hook');
  // @ts-expect-error a registered trigger cannot be fired through the community call
  await t.community('notify', 'post-create', 'app');
  // @ts-expect-error a gate trigger cannot be dispatched as notify
  await t.notify('app-exists', 'app');
  // @ts-expect-error a collect trigger cannot be dispatched as first
  await t.first('proxy-type', 'app');
  // @ts-expect-error post-create takes exactly one argument
  await t.notify('post-create');
  // @ts-expect-error lines triggers collect to string[]
  const wrong: string = await t.collect('ps-current-scale', 'app');
  void scale, type, wrong, lines;
}
