import { hostFiles } from '../../plugins/00_platform/install.js';

describe('host-wide files of a platform', () => {
  test('the main platform keeps the plain names', () => {
    expect(hostFiles('berth')).toEqual({ sudoers: '/etc/sudoers.d/berth-nginx', restoreUnit: '/etc/systemd/system/berth-restore.service' });
  });

  test('another platform user gets files of its own (no dot, which sudo would skip)', () => {
    const f = hostFiles('berth-e2e');
    expect(f.sudoers).toBe('/etc/sudoers.d/berth-nginx-berth-e2e');
    expect(f.restoreUnit).toBe('/etc/systemd/system/berth-restore-berth-e2e.service');
    expect(hostFiles('a.b').sudoers).toBe('/etc/sudoers.d/berth-nginx-a_b');
  });
});
