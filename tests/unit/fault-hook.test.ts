import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { entryArgv } from '../../bin/ssh-entry.js';
import { Engine } from '../../core/engine.js';
import { faultPoint } from '../../core/fault-hook.js';
import { resolvePaths } from '../../core/paths.js';
import { jest } from '@jest/globals';

/** The fault-injection test hook is inert unless both variables are set, and never survives an SSH entry. */
describe('fault hook', () => {
  test('needs both the trigger and the marker', () => {
    expect(faultPoint({})).toBeUndefined();
    expect(faultPoint({ BERTH_FAULT_PAUSE_AT: 'post-build' })).toBeUndefined();
    expect(faultPoint({ BERTH_FAULT_MARKER: '/x' })).toBeUndefined();
    expect(faultPoint({ BERTH_FAULT_PAUSE_AT: 'post-build', BERTH_FAULT_MARKER: '/x' })).toEqual({ trigger: 'post-build', marker: '/x' });
  });

  test('an SSH command drops it', () => {
    const env: NodeJS.ProcessEnv = { SSH_ORIGINAL_COMMAND: 'ps:rebuild app', BERTH_FAULT_PAUSE_AT: 'post-build', BERTH_FAULT_MARKER: '/tmp/m' };
    expect(entryArgv([], env)).toEqual(['ps:rebuild', 'app']);
    expect(faultPoint(env)).toBeUndefined();
  });

  test('a local run keeps it (tests set it on purpose)', () => {
    const env: NodeJS.ProcessEnv = { BERTH_FAULT_PAUSE_AT: 'post-build', BERTH_FAULT_MARKER: '/tmp/m' };
    entryArgv(['ps:rebuild', 'app'], env);
    expect(faultPoint(env)).toBeDefined();
  });

  test('other triggers dispatch normally; the named one writes its pid to the marker and blocks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-hook-'));
    const marker = path.join(dir, 'marker');
    const libRoot = path.join(dir, 'lib');
    const paths = resolvePaths({ BERTH_ROOT: dir, BERTH_LIB_ROOT: libRoot, PLUGIN_PATH: path.join(libRoot, 'plugins') });
    fs.mkdirSync(path.join(libRoot, 'plugins', 'enabled'), { recursive: true });
    const engine = new Engine({ paths, env: { BERTH_FAULT_PAUSE_AT: 'post-build', BERTH_FAULT_MARKER: marker } });
    expect((await engine.dispatch('pre-build', [], { capture: true, stdin: 'ignore' })).exit).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    // The hook holds the process with a timer; a fake one lets this test end.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    let settled = false;
    try {
      // The marker is written before dispatch's first await.
      void engine.dispatch('post-build', [], { capture: true, stdin: 'ignore' }).finally(() => (settled = true));
      expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toEqual({ pid: process.pid, trigger: 'post-build' });
      await new Promise((r) => setImmediate(r));
      expect(settled).toBe(false);
    } finally {
      jest.clearAllTimers();
      jest.useRealTimers();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
