import type Docker from 'dockerode';
import { appConfigEnv, BerthError, dockerArgs, errors, type PluginContext, type TypedTriggerHandlers } from '../../sdk/index.js';
import { docker, dockerError, imageName, label, nameOf, removeContainer } from './docker.js';
import { runContainers, schedulerRunLogs, schedulerRunStop } from './run-control.js';
import { runFragment } from './docker-args.js';
import { storageBinds } from './storage.js';
import { initProcess } from './settings.js';

/** scheduler-run / scheduler-enter arguments: `--env=K=V`, `--no-tty`, `--detach`, then `--` and the command. */
interface RunOptions { env: string[]; tty: boolean; detach: boolean; command: string[] }

function parseRunArgs(args: string[]): RunOptions {
  const o: RunOptions = { env: [], tty: !!process.stdin.isTTY && !!process.stdout.isTTY, detach: false, command: [] };
  const end = args.indexOf('--');
  for (const a of end < 0 ? [] : args.slice(0, end)) {
    if (a.startsWith('--env=')) o.env.push(a.slice(6));
    else if (a === '--no-tty') o.tty = false;
    else if (a === '--detach') o.detach = true;
  }
  o.command = end < 0 ? args : args.slice(end + 1);
  return o;
}


/** A command's exit status becomes berth's, without an error line (TRIGGER_FAILED is printed only with --trace). */
const exitWith = (code: number, what: string) =>
  new BerthError('TRIGGER_FAILED', `${what} exited with code ${code}`, { exitCode: code });

/**
 * Wire the caller's terminal (or pipes) to a hijacked Docker stream. With a tty the stream is raw and
 * stdin goes in; without one the stream is multiplexed and demuxed to stdout/stderr, and `stdin`
 * (a one-off run: `echo hi | berth run APP cat`) pipes berth's stdin in until it ends.
 */
async function pump(stream: NodeJS.ReadWriteStream, tty: boolean, resize: (h: number, w: number) => Promise<unknown>, stdin = false): Promise<() => void> {
  const d = await docker();
  if (!tty) {
    d.modem.demuxStream(stream, process.stdout, process.stderr);
    if (!stdin) return () => undefined;
    // berth's stdin goes in as it comes; its end closes the command's stdin (a half-close of the socket)
    const onEnd = () => stream.end();
    if (process.stdin.readableEnded) onEnd();
    process.stdin.once('end', onEnd);
    process.stdin.pipe(stream, { end: false });
    return () => {
      process.stdin.off('end', onEnd);
      process.stdin.unpipe(stream);
      process.stdin.pause();
    };
  }
  stream.pipe(process.stdout, { end: false });
  process.stdin.setRawMode?.(true);
  process.stdin.pipe(stream);
  const onResize = () => void resize(process.stdout.rows ?? 24, process.stdout.columns ?? 80).catch(() => undefined);
  process.stdout.on('resize', onResize);
  onResize();
  return () => {
    process.stdout.off('resize', onResize);
    process.stdin.unpipe(stream);
    process.stdin.setRawMode?.(false);
    process.stdin.pause();
  };
}

const ended = (s: NodeJS.ReadableStream) => new Promise<void>((r) => (s.once('end', () => r()), s.once('close', () => r())));
const bounded = (p: Promise<void>, ms: number) => Promise.race([p, new Promise<void>((r) => setTimeout(r, ms).unref())]);

/** scheduler-run docker-local APP [options] -- CMD...: a new container from the current release image. */
async function schedulerRun(ctx: PluginContext, scheduler: string, app: string, ...args: string[]): Promise<void> {
  const o = parseRunArgs(args);
  const image = ctx.readProps('ps').get(app, 'release-image');
  if (!image) throw errors.conflict(`App ${app} has not been deployed`, 'Deploy it first with git push');
  const used = new Set((await runContainers(app)).map((c) => c.Labels[label.dyno]));
  let n = 1;
  while (used.has(`run.${n}`)) n++;
  const dyno = `run.${n}`;
  const name = `${app}.${dyno}.${Date.now().toString(36)}`;
  const env = [...(await appConfigEnv(ctx, app)).filter((e) => !e.startsWith('DYNO=')), ...o.env, `DYNO=${dyno}`];
  const binds = await storageBinds(ctx, app, 'run');
  const d = await docker();
  const network = (await ctx.triggers.collect('network-get-property', app, 'initial-network')).trim();
  const imageLabels = (await d.getImage(image).inspect().catch(() => undefined))?.Config?.Labels ?? {};
  const sourceType = imageLabels['com.dokku.builder-type'] ?? '';
  const extra = await runFragment(ctx, app, image, sourceType, env);
  let container: Docker.Container;
  try {
    container = await d.createContainer(dockerArgs.mergeCreateOptions({
      name,
      Image: image,
      ...(o.command.length ? { Cmd: o.command } : {}),
      Env: env,
      Tty: o.tty && !o.detach,
      OpenStdin: !o.detach,
      StdinOnce: !o.detach,
      Labels: { berth: '', [label.app]: app, [label.type]: 'run', [label.dyno]: dyno },
      HostConfig: { Init: initProcess(ctx, app, imageLabels), AutoRemove: o.detach, ...(binds.length ? { Binds: binds } : {}), ...(network ? { NetworkMode: network } : {}) },
    }, extra));
  } catch (err) {
    throw dockerError(`Unable to create a one-off container from ${image}`, err);
  }
  if (o.detach) {
    await container.start().catch(async (err) => (await removeContainer(container.id), Promise.reject(dockerError('Unable to start the one-off container', err))));
    ctx.stdout.write(`${name}\n`);
    return;
  }
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadWriteStream;
    const done = ended(stream);
    const unpump = await pump(stream, o.tty, (h, w) => container.resize({ h, w }), true);
    try {
      await container.start();
      await ctx.triggers.notify('scheduler-post-run', scheduler, app, container.id);
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      await bounded(done, 2000);
      if (StatusCode !== 0) throw exitWith(StatusCode, 'The command');
    } finally {
      unpump();
    }
  } finally {
    await removeContainer(container.id).catch(() => undefined);
  }
}

/** scheduler-run-list docker-local APP [FORMAT]: the app's one-off containers. */
async function schedulerRunList(ctx: PluginContext, scheduler: string, app: string, format?: string): Promise<void> {
  const list = (await runContainers(app)).map((c) => ({ name: nameOf(c), command: c.Command, state: c.State, created: new Date(c.Created * 1000).toISOString() }));
  if (format === 'json') return void ctx.stdout.write(`${JSON.stringify(list)}\n`);
  ctx.log.info2(`${app} run containers`);
  for (const c of list) ctx.stdout.write(`${c.name}\t${c.state}\t${c.command}\n`);
}

/** scheduler-enter docker-local APP [options] -- [PROC|CONTAINER] [CMD...]: exec into a running container (default: first web). */
async function schedulerEnter(ctx: PluginContext, scheduler: string, app: string, ...args: string[]): Promise<void> {
  const o = parseRunArgs(args);
  const [target = 'web', ...command] = o.command;
  const running = await (await docker()).listContainers({ filters: { label: [`${label.app}=${app}`, `${label.type}=deploy`], status: ['running'] } });
  const pick = running
    .filter((c) => nameOf(c) === target || c.Labels[label.proc] === target || c.Labels[label.dyno] === target)
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)))[0];
  if (!pick) throw errors.notFound(`No running ${target} container of ${app}`, `See: ps:report ${app}`);
  const c = (await docker()).getContainer(pick.Id);
  // scheduler:set APP shell: the interactive shell when no command is given
  const shell = ctx.readProps('scheduler').computed(app, 'shell', '') || '/bin/sh';
  const exec = await c.exec({ Cmd: command.length ? command : [shell], Env: o.env, Tty: o.tty, AttachStdin: o.tty, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: o.tty, Tty: o.tty })) as NodeJS.ReadWriteStream;
  const done = ended(stream);
  const unpump = await pump(stream, o.tty, (h, w) => exec.resize({ h, w }));
  try {
    await done;
  } finally {
    unpump();
  }
  const code = (await exec.inspect()).ExitCode ?? 0;
  if (code !== 0) throw exitWith(code, 'The command');
}

export const runTriggers: TypedTriggerHandlers = {
  'scheduler-run': schedulerRun,
  'scheduler-run-list': schedulerRunList,
  'scheduler-run-logs': schedulerRunLogs,
  'scheduler-run-stop': schedulerRunStop,
  'scheduler-enter': schedulerEnter,
};
