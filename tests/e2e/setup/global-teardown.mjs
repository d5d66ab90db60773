import fs from 'node:fs';
import { execa } from 'execa';
import { stateFile } from './shared.mjs';

export default async function globalTeardown() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return;
  }
  if (state.load) {
    try {
      process.kill(state.load.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  if (process.env.BERTH_E2E_KEEP) return;
  for (const pidFile of [state.sshd.pidFile, state.nginxConf.replace(/nginx\.conf$/, 'nginx.pid')]) {
    try {
      process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  // cron tasks of apps a crashed test left behind must not outlive the platform they point into
  await execa('crontab', ['-r', '-u', state.user], { reject: false });
  const apps = fs.existsSync(state.root) ? fs.readdirSync(state.root).filter((a) => !a.startsWith('.')) : [];
  for (const app of apps) {
    const ids = await execa('docker', ['ps', '-aq', '--filter', `label=com.dokku.app-name=${app}`], { reject: false });
    const list = ids.stdout.split('\n').filter(Boolean);
    if (list.length) await execa('docker', ['rm', '-f', ...list], { reject: false });
    const imgs = await execa('docker', ['images', '-q', `berth/${app}`], { reject: false });
    const il = [...new Set(imgs.stdout.split('\n').filter(Boolean))];
    if (il.length) await execa('docker', ['rmi', '-f', ...il], { reject: false });
  }
  // the platform's host-wide files are named after its user (plugins/00_platform/install.ts)
  for (const f of [`/etc/sudoers.d/berth-nginx-${state.user}`, `/etc/systemd/system/berth-restore-${state.user}.service`]) fs.rmSync(f, { force: true });
  fs.rmSync(state.dir, { recursive: true, force: true });
  fs.rmSync(stateFile, { force: true });
}
