import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { entryArgv } from '../../bin/ssh-entry.js';
import { faultPoint } from '../../fixtures/plugins/fault-pause/index.js';
import { addPlugin, plugnBin, repoRoot, tempPlatform } from '../helpers/platform.js';

/** The fault-injection test plugin is inert unless both variables are set, and they never survive an SSH entry. */
describe('fault-pause test plugin', () => {
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
    const p = tempPlatform();
    try {
      fs.symlinkSync(path.join(repoRoot, 'fixtures', 'plugins', 'fault-pause'), path.join(p.pluginPath, 'available', 'fault-pause'));
      fs.symlinkSync(path.join(p.pluginPath, 'available', 'fault-pause'), path.join(p.pluginPath, 'enabled', 'fault-pause'));
      addPlugin(p, path.join(repoRoot, 'fixtures', 'plugins', 'plugn-echo'));
      const marker = path.join(p.dir, 'marker');
      const env = { ...p.env, BERTH_FAULT_PAUSE_AT: 'post-build', BERTH_FAULT_MARKER: marker, BERTH_NO_DROP: '1' };
      const other = await execa(plugnBin, ['trigger', 'pre-build'], { env, reject: false });
      expect(other.exitCode).toBe(0);
      expect(fs.existsSync(marker)).toBe(false);
      const paused = execa(plugnBin, ['trigger', 'post-build'], { env, reject: false });
      const deadline = Date.now() + 20_000;
      while (!fs.existsSync(marker) && paused.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toEqual({ pid: paused.pid, trigger: 'post-build' });
      // Still there after the marker: only a kill ends it.
      expect(paused.exitCode).toBeNull();
      process.kill(paused.pid!, 'SIGKILL');
      expect((await paused).signal).toBe('SIGKILL');
    } finally {
      p.cleanup();
    }
  });
});
