import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { appHost, appRepo, berth, commitAll, docker, gitPush, request, ssh, state, uniqueApp } from './harness.js';

interface Task { id: string; app: string; schedule: string; command: string }

const crontab = async () => {
  const r = await execa('crontab', ['-l', '-u', state().user], { reject: false });
  return r.exitCode === 0 ? r.stdout : '';
};

describe('cron tasks and the predeploy task from app.json', () => {
  const app = uniqueApp('cron');
  const renamed = `${app}-b`;
  let repo: string;
  let task: Task;

  beforeAll(async () => {
    repo = await appRepo('cron-tasks');
    expect((await berth(['apps:create', app])).exitCode).toBe(0);
    expect((await berth(['config:set', '--no-restart', app, 'PREDEPLOY_TOKEN=s3cret'])).exitCode).toBe(0);
  }, 60_000);

  afterAll(async () => {
    for (const a of [app, renamed]) await berth(['apps:destroy', a, '--force']);
    fs.rmSync(repo, { recursive: true, force: true });
  }, 120_000);

  test('a push installs the app.json task: cron:list over SSH, and a line in the platform user\'s crontab', async () => {
    const push = await gitPush(repo, app);
    expect(push.all).toContain('Application deployed');
    expect(push.exitCode).toBe(0);
    const list = await ssh(['cron:list', app, '--format', 'json']);
    expect(list.exitCode).toBe(0);
    [task] = JSON.parse(list.stdout) as Task[];
    expect(task).toMatchObject({ app, schedule: '17 3 * * *', command: 'echo "cron task ran as $DYNO ($BERTH_CRON_ID)"' });
    expect((await ssh(['cron:list', app])).stdout).toContain(`${task!.id}  17 3 * * *  echo`);
    expect(await crontab()).toContain(`17 3 * * * ${path.join(state().libRoot, 'bin', 'berth-entry')} cron:run ${app} ${task!.id} >>`);
  }, 300_000);

  test('the predeploy task\'s files are committed into the deployed image, without the config env', async () => {
    expect((await request(appHost(app))).body).toBe('cron-tasks v1; predeploy: written by predeploy.1, token of 6 chars\n');
    const image = JSON.parse((await docker(['image', 'inspect', `berth/${app}:v1`])).stdout)[0];
    expect(image.Config.Cmd).toEqual(['node', 'server.js']);
    expect(image.Config.Labels['com.dokku.image-stage']).toBe('release');
    expect(image.Config.Env.join('\n')).not.toMatch(/PREDEPLOY_TOKEN|DYNO/);
  }, 60_000);

  test('cron:run runs the task now in a one-off container and prints its output', async () => {
    const r = await ssh(['cron:run', app, task.id]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`cron task ran as run.1 (${task.id})`);
    expect((await ssh(['cron:run', app, 'nosuchtask'])).exitCode).not.toBe(0);
    const detached = await ssh(['cron:run', app, task.id, '--detach']);
    expect(detached.exitCode).toBe(0);
    expect(detached.stdout.trim()).toMatch(new RegExp(`^${app}\\.run\\.\\d+\\.\\w+$`));
  }, 60_000);

  test('run passes stdin through to a non-tty command, locally and over SSH', async () => {
    const local = await berth(['run', app, 'cat'], { input: 'hi from stdin\n' });
    expect(local.exitCode).toBe(0);
    expect(local.stdout).toBe('hi from stdin');
    const remote = await ssh(['run', app, 'sh', '-c', 'tr a-z A-Z; exit 3'], { input: 'over ssh\n' });
    expect(remote.stdout).toBe('OVER SSH');
    expect(remote.exitCode).toBe(3);
  }, 60_000);

  test('run:logs shows a detached run\'s output and run:stop stops it', async () => {
    const start = await ssh(['run:detached', app, 'sh', '-c', 'echo started as $DYNO; trap "exit 0" TERM; while :; do sleep 1; done']);
    expect(start.exitCode).toBe(0);
    const name = start.stdout.trim();
    expect(name).toMatch(new RegExp(`^${app}\\.run\\.\\d+\\.`));
    const deadline = Date.now() + 20_000;
    let logs = '';
    while (!logs.includes('started as run.') && Date.now() < deadline) logs = (await berth(['run:logs', app, name, '--quiet'])).stdout;
    expect(logs).toMatch(/^started as run\.\d+$/m);
    expect((await ssh(['run:logs', app])).stdout).toMatch(/app\[run\.\d+\]: started as run\.\d+/);
    expect((await ssh(['run:stop', app, 'no-such-container'])).exitCode).not.toBe(0);
    const stop = await ssh(['run:stop', app, name]);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toContain(`Stopping ${name}`);
    const left = await docker(['ps', '--filter', `name=${name}`, '--format', '{{.Names}}']);
    expect(left.stdout.trim()).toBe('');
  }, 90_000);

  test('the crontab line itself works in cron\'s bare environment, as the platform user', async () => {
    const line = (await crontab()).split('\n').find((l) => l.includes(`cron:run ${app} `))!;
    const command = line.split(' ').slice(5).join(' ');
    const r = await execa('runuser', ['-u', state().user, '--', 'env', '-i', 'PATH=/usr/bin:/bin', `HOME=${state().root}`, '/bin/sh', '-c', command], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(state().libRoot, 'logs', 'cron.log'), 'utf8')).toContain(`cron task ran as run.1 (${task.id})`);
  }, 60_000);

  test('non-web types of an image\'s process table (a buildpack\'s default_process_types) can be scaled and run', async () => {
    // Only a label is added to the running release (no build): the same label builder-buildpack writes.
    const table = JSON.stringify({ web: 'node server.js', worker: 'echo default worker as $DYNO && exec sleep 600' });
    const build = await execa('docker', ['build', '-q', '--label', `com.berth.process-types=${table}`, '--label', 'com.dokku.image-stage=build', '-t', `berth/${app}:latest`, '-'], { input: `FROM berth/${app}:v1\n`, reject: false });
    expect(build.exitCode).toBe(0);
    expect((await berth(['plugin:trigger', 'release-and-deploy', app])).exitCode).toBe(0);
    const scale = await ssh(['ps:scale', app, 'worker=1']);
    expect(scale.exitCode).toBe(0);
    const deadline = Date.now() + 20_000;
    let logs = '';
    while (!logs.includes('default worker as worker.1') && Date.now() < deadline) logs = (await docker(['logs', `${app}.worker.1`])).stdout;
    expect(logs).toContain('default worker as worker.1');
    expect((await request(appHost(app))).body).toContain('cron-tasks v1');
  }, 120_000);

  test('an invalid schedule fails the push before the build; the old release, tasks and crontab stay', async () => {
    const before = await crontab();
    const json = JSON.parse(fs.readFileSync(path.join(repo, 'app.json'), 'utf8'));
    json.cron.push({ command: 'echo never', schedule: '61 * * * *' });
    fs.writeFileSync(path.join(repo, 'app.json'), JSON.stringify(json));
    fs.writeFileSync(path.join(repo, 'server.js'), fs.readFileSync(path.join(repo, 'server.js'), 'utf8').replace("'v1'", "'v2'"));
    await commitAll(repo, 'bad schedule');
    const push = await gitPush(repo, app);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toContain("app.json cron entry 2 (echo never): Invalid cron schedule '61 * * * *': minute '61' is not in 0-59");
    expect((await request(appHost(app))).body).toContain('cron-tasks v1');
    expect(JSON.parse((await berth(['cron:list', app, '--format', 'json'])).stdout)).toEqual([task]);
    expect(await crontab()).toBe(before);
  }, 120_000);

  test('apps:rename rewrites the crontab under the new name; apps:destroy removes the line', async () => {
    expect((await berth(['apps:rename', app, renamed, '--skip-deploy'])).exitCode).toBe(0);
    const [moved] = JSON.parse((await berth(['cron:list', renamed, '--format', 'json'])).stdout) as Task[];
    expect(moved!.id).not.toBe(task.id);
    let text = await crontab();
    expect(text).toContain(`cron:run ${renamed} ${moved!.id} `);
    expect(text).not.toContain(`cron:run ${app} `);
    expect((await berth(['apps:destroy', renamed, '--force'])).exitCode).toBe(0);
    text = await crontab();
    expect(text).not.toContain(`cron:run ${renamed} `);
  }, 120_000);
});
