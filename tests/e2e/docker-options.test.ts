import Docker from 'dockerode';
import { appFixture, berth, gitPush, ssh } from './harness.js';

const docker = new Docker();

/** The running web container of an app, as Docker sees it. */
async function webContainer(app: string): Promise<Docker.ContainerInspectInfo> {
  const [c] = await docker.listContainers({ filters: { label: [`com.dokku.app-name=${app}`, 'com.dokku.container-type=deploy'], status: ['running'] } });
  if (!c) throw new Error(`no running container for ${app}`);
  return docker.getContainer(c.Id).inspect();
}

/** Options added with docker-options:add reach the deploy and one-off containers; refused ones change nothing. */
describe('docker-options', () => {
  const { app, repo } = appFixture('dopt', 'sample');
  const report = async (phase: string) => (await ssh(['docker-options:report', app, `--docker-options-${phase}`])).stdout.trim();

  test('a deploy option, a run option and a root-approved capability reach the containers; refusals change nothing', async () => {
    expect((await berth(['apps:create', app])).exitCode).toBe(0);
    const deploy = await ssh(['docker-options:add', app, 'deploy', '--label com.example.dopt=deployed -e DOPT_PHASE=deploy']);
    expect({ code: deploy.exitCode, all: deploy.all }).toEqual({ code: 0, all: '' });
    const run = await ssh(['docker-options:add', app, 'run', '--env=DOPT_PHASE=run']);
    expect({ code: run.exitCode, all: run.all }).toEqual({ code: 0, all: '' });

    // over SSH, isolation-breaking options are refused, with or without the flag; unknown ones too
    const [privileged, flagged, unknown] = await Promise.all([
      ssh(['docker-options:add', app, 'deploy', '--privileged']),
      ssh(['docker-options:add', '--allow-host-access', app, 'deploy', '-v /:/host']),
      ssh(['docker-options:add', app, 'deploy,run', '--frobnicate=1']),
    ]);
    expect({ code: privileged.exitCode, all: privileged.all }).toEqual({ code: 1, all: expect.stringContaining("Refusing '--privileged'") });
    expect({ code: flagged.exitCode, all: flagged.all }).toEqual({ code: 1, all: expect.stringContaining('is for root on the host only') });
    expect({ code: unknown.exitCode, all: unknown.all }).toEqual({ code: 1, all: expect.stringContaining("Unsupported docker option '--frobnicate'") });
    expect(await report('deploy')).toBe('--label com.example.dopt=deployed -e DOPT_PHASE=deploy');
    expect(await report('run')).toBe('--env=DOPT_PHASE=run');

    // local root may approve a capability explicitly
    const root = await berth(['docker-options:add', '--allow-host-access', app, 'deploy', '--cap-add NET_ADMIN']);
    expect({ code: root.exitCode, all: root.all }).toEqual({ code: 0, all: '' });

    const push = await gitPush(repo, app);
    expect({ code: push.exitCode, all: push.all }).toMatchObject({ code: 0 });
    const web = await webContainer(app);
    expect(web.Config.Labels['com.example.dopt']).toBe('deployed');
    expect(web.Config.Env).toContain('DOPT_PHASE=deploy');
    expect(web.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
    expect(web.HostConfig.Privileged).toBe(false);
    expect(web.HostConfig.Binds ?? []).not.toContainEqual(expect.stringMatching(/^\/:/));

    const detached = await ssh(['run:detached', app, '--', 'sleep', '60']);
    expect(detached.exitCode).toBe(0);
    const oneOff = docker.getContainer(detached.stdout.trim());
    try {
      const info = await oneOff.inspect();
      expect(info.Config.Env).toContain('DOPT_PHASE=run');
      expect(info.Config.Env).not.toContain('DOPT_PHASE=deploy');
      expect(info.Config.Labels['com.example.dopt']).toBeUndefined();
    } finally {
      await oneOff.remove({ force: true }).catch(() => undefined);
    }
  }, 300_000);
});
