import fs from 'node:fs';
import path from 'node:path';
import { assertCronSchedule } from '../../core/validate.js';
import { parseCronTasks, taskId } from '../../plugins/cron/tasks.js';
import { BEGIN, END, crontabLine, mergeCrontab } from '../../plugins/scheduler-docker-local/crontab.js';
import { berth, tempPlatform, type TempPlatform } from '../helpers/platform.js';

describe('cron schedules', () => {
  test.each(['*/5 * * * *', '0 3 * * 1-5', '15,45 8-18/2 1 jan-mar sun', '0 0 1 1 7', '@daily', '@hourly', '59 23 31 12 6'])('%s is valid', (s) => {
    expect(assertCronSchedule(s)).toBe(s);
  });

  test('blanks are collapsed', () => expect(assertCronSchedule('  */5   *\t* * * ')).toBe('*/5 * * * *'));

  test.each([
    ['* * * *', /expected 5 fields, got 4/],
    ['* * * * * *', /expected 5 fields, got 6/],
    ['60 * * * *', /minute '60' is not in 0-59/],
    ['* 24 * * *', /hour '24' is not in 0-23/],
    ['* * 0 * *', /day of month '0' is not in 1-31/],
    ['* * * 13 *', /month '13' is not in 1-12/],
    ['* * * * 8', /day of week '8' is not in 0-7/],
    ['*/0 * * * *', /bad step/],
    ['5/10 * * * *', /bad step/],
    ['30-10 * * * *', /reversed/],
    ['a * * * *', /minute 'a'/],
    ['1,,2 * * * *', /bad minute field/],
    ['@reboot', /Invalid cron schedule '@reboot'/],
    ['', /missing/],
    ['* * * * *\n* * * * *', /expected 5 fields/],
  ])('%j is refused', (s, message) => {
    expect(() => assertCronSchedule(s)).toThrow(message);
  });
});

describe('app.json cron tasks', () => {
  test('entries get stable ids from app, schedule and command', () => {
    const text = JSON.stringify({ cron: [{ command: 'node task.js', schedule: '*/5 * * * *' }, { command: 'echo hi', schedule: '@daily' }] });
    const tasks = parseCronTasks('app', text);
    expect(tasks.map((t) => [t.schedule, t.command])).toEqual([['*/5 * * * *', 'node task.js'], ['@daily', 'echo hi']]);
    expect(tasks[0]!.id).toMatch(/^[a-z2-7]{16}$/);
    expect(parseCronTasks('app', text)[0]!.id).toBe(tasks[0]!.id);
    expect(taskId('other', '*/5 * * * *', 'node task.js')).not.toBe(tasks[0]!.id);
    expect(taskId('app', '*/10 * * * *', 'node task.js')).not.toBe(tasks[0]!.id);
  });

  test('no app.json or no cron list means no tasks', () => {
    expect(parseCronTasks('app', undefined)).toEqual([]);
    expect(parseCronTasks('app', '{"name":"x"}')).toEqual([]);
  });

  test.each([
    ['{"cron": {}}', /must be a list/],
    ['{"cron": ["echo"]}', /cron entry 1 must be an object/],
    ['{"cron": [{"schedule": "* * * * *"}]}', /cron entry 1 has no command/],
    ['{"cron": [{"command": "a", "schedule": "* * * * *"}, {"command": "b", "schedule": "61 * * * *"}]}', /cron entry 2 \(b\): Invalid cron schedule '61 \* \* \* \*': minute '61'/],
    ['{"cron": [{"command": "a", "schedule": "* * * * *"}, {"command": "a", "schedule": "*  * * * *"}]}', /cron entry 2 repeats/],
    ['{', /app.json is not valid JSON/],
  ])('%s is refused', (text, message) => {
    expect(() => parseCronTasks('app', text)).toThrow(message);
  });
});

describe('crontab lines', () => {
  test('schedule;command;logfile, with cron\'s % escaped', () => {
    expect(crontabLine('*/5 * * * *;/x/berth-entry cron:run app abc;/var/log/c.log')).toBe('*/5 * * * * /x/berth-entry cron:run app abc >>/var/log/c.log 2>&1');
    expect(crontabLine('@daily;date +%s; echo done;/l')).toBe('@daily date +\\%s; echo done >>/l 2>&1');
    expect(crontabLine('0 1 * * *;true')).toBe('0 1 * * * true');
    expect(() => crontabLine('61 * * * *;true;/l')).toThrow(/minute/);
    expect(() => crontabLine('* * * * *;true;relative.log')).toThrow(/plain absolute path/);
    expect(() => crontabLine('* * * * *')).toThrow(/schedule;command;logfile/);
  });

  test('only berth\'s block is replaced; foreign lines stay; no lines drop the block', () => {
    const mine = ['@daily a'];
    const first = mergeCrontab('MAILTO=me\n5 * * * * backup\n', mine);
    expect(first).toBe(`MAILTO=me\n5 * * * * backup\n${BEGIN}\n@daily a\n${END}\n`);
    expect(mergeCrontab(first, ['@hourly b'])).toBe(`MAILTO=me\n5 * * * * backup\n${BEGIN}\n@hourly b\n${END}\n`);
    expect(mergeCrontab(first, [])).toBe('MAILTO=me\n5 * * * * backup\n');
    expect(mergeCrontab(`${BEGIN}\n@daily a\n${END}\n`, [])).toBe('');
  });
});

describe('cron plugin on a temp platform', () => {
  let p: TempPlatform;
  const app = 'crony';
  const crontab = () => fs.readFileSync(path.join(p.libRoot, 'data', 'scheduler-docker-local', 'crontab'), 'utf8');
  /** The app.json of a deployed release, as the ps plugin keeps it. */
  const deployed = (json: unknown) => {
    fs.mkdirSync(path.join(p.libRoot, 'data', 'ps', app), { recursive: true });
    fs.writeFileSync(path.join(p.libRoot, 'data', 'ps', app, 'app.json'), JSON.stringify(json));
  };

  beforeAll(async () => {
    p = tempPlatform({ builtins: true });
    expect((await berth(p, ['apps:create', app])).exitCode).toBe(0);
  }, 30_000);
  afterAll(() => p.cleanup());

  test('an invalid schedule fails core-post-extract with the entry named', async () => {
    const src = path.join(p.dir, 'src');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'app.json'), JSON.stringify({ cron: [{ command: 'echo hi', schedule: '*/5 * * 13 *' }] }));
    const r = await berth(p, ['plugin:trigger', 'core-post-extract', app, src, 'rev']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("app.json cron entry 1 (echo hi): Invalid cron schedule '*/5 * * 13 *': month '13' is not in 1-12");
  });

  test('post-deploy stores the tasks and writes the crontab lines; cron:list and cron:report show them', async () => {
    deployed({ cron: [{ command: 'echo tick', schedule: '*/5 * * * *' }] });
    const r = await berth(p, ['plugin:trigger', 'post-deploy', app, '', '', 'v1']);
    expect(r.exitCode).toBe(0);
    const [task] = JSON.parse((await berth(p, ['cron:list', app, '--format', 'json'])).stdout) as { id: string; schedule: string; command: string }[];
    expect(task).toEqual({ id: taskId(app, '*/5 * * * *', 'echo tick'), app, schedule: '*/5 * * * *', command: 'echo tick' });
    expect((await berth(p, ['cron:list', app])).stdout).toMatch(new RegExp(`^ID +Schedule +Command\\n${task!.id} +\\*/5 \\* \\* \\* \\* +echo tick$`));
    expect(crontab()).toContain(`*/5 * * * * ${path.join(p.libRoot, 'bin', 'berth-entry')} cron:run ${app} ${task!.id} >>${path.join(p.libRoot, 'logs', 'cron.log')} 2>&1`);
    expect(fs.existsSync(path.join(p.libRoot, 'logs'))).toBe(true);
    const report = JSON.parse((await berth(p, ['cron:report', app, '--format', 'json'])).stdout);
    expect(report).toEqual({ 'cron-task-count': '1', 'cron-task-ids': task!.id, 'cron-crontab-user': 'none' });
  }, 30_000);

  test('cron:run refuses an unknown id and a missing app', async () => {
    const r = await berth(p, ['cron:run', app, 'nope']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`No cron task nope for ${app}`);
    expect((await berth(p, ['cron:run', 'missing', 'x'])).exitCode).toBe(20);
  }, 30_000);

  test('rename moves the tasks under new ids; destroy removes them from the crontab', async () => {
    expect((await berth(p, ['apps:rename', app, 'crony2'])).exitCode).toBe(0);
    const id = taskId('crony2', '*/5 * * * *', 'echo tick');
    expect(crontab()).toContain(`cron:run crony2 ${id} `);
    expect(crontab()).not.toContain(`cron:run ${app} `);
    expect((await berth(p, ['apps:destroy', 'crony2', '--force'])).exitCode).toBe(0);
    expect(crontab()).toBe('');
  }, 30_000);
});
