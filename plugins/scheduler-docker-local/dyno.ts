import crypto from 'node:crypto';
import type Docker from 'dockerode';
import { dockerArgs, errors, mark, type PluginContext } from '../../sdk/index.js';
import { deployFragment } from './docker-args.js';
import { docker, dockerError, label, lastLogLines, removeContainer } from './docker.js';
import { waitReady } from './readiness.js';
import { storageBinds } from './storage.js';
import type { Slot } from './state.js';

export interface DynoSpec {
  app: string;
  proc: string;
  image: string;
  /** The Procfile command; empty runs the image's own CMD. */
  command: string;
  /** The container port of web ($PORT); other types get none. */
  port?: number;
  env: string[];
  restartPolicy: { Name: string; MaximumRetryCount?: number };
  /** The builder that made the image (its com.dokku.builder-type label), for docker-args-process-deploy. */
  sourceType?: string;
  stopTimeout: number;
  timeoutMs: number;
  /** Docker's init process as PID 1 (scheduler-docker-local init-process). */
  init: boolean;
  /** checks-get-property values: `_all_` or comma-separated process types. */
  skipped: string;
  disabled: string;
}

export interface Started {
  id: string;
  name: string;
  final: string;
  slot: Slot;
}

export function checksListed(value: string, proc: string): boolean {
  const list = value.split(/[\s,]+/).filter(Boolean);
  return list.includes('_all_') || list.includes(proc);
}

/** Create, start and check one dyno `APP.TYPE.N.upcoming-<rand>`; on any failure the container is removed. */
export async function startDyno(ctx: PluginContext, s: DynoSpec, index: number): Promise<Started> {
  const dyno = `${s.proc}.${index}`;
  const final = `${s.app}.${dyno}`;
  const name = `${final}.upcoming-${crypto.randomBytes(4).toString('hex')}`;
  const portKey = s.port ? `${s.port}/tcp` : '';
  const t0 = performance.now();
  const binds = await storageBinds(ctx, s.app, 'deploy');
  // network:set APP initial-network: the dyno starts on that network, answering to APP.PROC and APP.PROC.N there
  const network = (await ctx.triggers.collect('network-get-property', s.app, 'initial-network')).trim();
  // network:set bind-all-interfaces true: the web port is published on every host interface, not loopback only
  const hostIp = (await ctx.triggers.collect('network-get-property', s.app, 'bind-all-interfaces')).trim() === 'true' ? '0.0.0.0' : '127.0.0.1';
  const extra = await deployFragment(ctx, s.app, s.image, s.sourceType ?? '', s.proc, index, s.env);
  // the candidate starts without a restart policy (below); an option's policy replaces the app's once ready
  const { RestartPolicy: optionPolicy, ...extraHost } = extra.host as { RestartPolicy?: DynoSpec['restartPolicy'] };
  const restartPolicy = optionPolicy ?? s.restartPolicy;
  let container: Docker.Container;
  mark(`${dyno}: create container`);
  try {
    container = await (await docker()).createContainer(dockerArgs.mergeCreateOptions({
      name,
      Image: s.image,
      // The shell inside the container expands $PORT and friends; the host never interprets the command.
      ...(s.command ? { Cmd: ['/bin/sh', '-c', s.command] } : {}),
      // Env travels in the API request body: config values never appear in any process's argv.
      Env: [...s.env, ...(s.port ? [`PORT=${s.port}`] : []), `DYNO=${dyno}`],
      Labels: { berth: '', [label.app]: s.app, [label.proc]: s.proc, [label.dyno]: dyno, [label.type]: 'deploy' },
      ...(portKey ? { ExposedPorts: { [portKey]: {} } } : {}),
      StopTimeout: s.stopTimeout,
      HostConfig: {
        Init: s.init,
        // A candidate that crashes must stay down (and be removed), not loop: the policy applies once it is ready.
        RestartPolicy: { Name: 'no' },
        ...(portKey ? { PortBindings: { [portKey]: [{ HostIp: hostIp, HostPort: '' }] } } : {}),
        ...(binds.length ? { Binds: binds } : {}),
        ...(network ? { NetworkMode: network } : {}),
      },
      ...(network ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [`${s.app}.${s.proc}`, final] } } } } : {}),
    }, { ...extra, host: extraHost }));
  } catch (err) {
    throw dockerError(`Unable to create the ${dyno} container`, err);
  }
  try {
    await ctx.triggers.notify('post-container-create', 'app', container.id, s.app, 'deploy', s.proc);
    await container.start().catch((err) => {
      throw dockerError(`Unable to start ${dyno}`, err);
    });
    mark(`${dyno}: container started`);
    const info = await container.inspect();
    const hostPort = portKey ? Number(info.NetworkSettings.Ports?.[portKey]?.[0]?.HostPort ?? 0) : 0;
    if (portKey && !hostPort) throw errors.external(`${dyno} got no host port for ${portKey}`);
    const skip = checksListed(s.skipped, s.proc) || checksListed(s.disabled, s.proc);
    if (portKey && !skip) await waitReady({ container, dyno, containerPort: s.port!, hostPort, timeoutMs: s.timeoutMs });
    else if (!skip && !info.State.Running) {
      const lines = await lastLogLines(container.id);
      throw errors.external(`${dyno} exited at start (exit code ${info.State.ExitCode})` + (lines.length ? `\n${lines.map((l) => `       ${l}`).join('\n')}` : ''));
    }
    mark(`${dyno}: listening`);
    if (!skip) {
      const check = await ctx.triggers.gate('check-deploy', s.app, container.id, s.proc, hostPort ? String(hostPort) : '', '127.0.0.1', String(index));
      if (!check.ok) throw check.error ?? errors.external(`check-deploy failed for ${dyno}`);
    }
    await container.update({ RestartPolicy: restartPolicy }).catch((err) => {
      throw dockerError(`Unable to set the restart policy of ${dyno}`, err);
    });
    mark(`${dyno}: checked, restart policy set`);
    const where = hostPort ? `listening on 127.0.0.1:${hostPort}` : 'running';
    ctx.log.verbose(`${dyno} is ${where} (container ${container.id.slice(0, 12)}, ${((performance.now() - t0) / 1000).toFixed(1)}s)`);
    return { id: container.id, name, final, slot: { proc: s.proc, index, cid: container.id, ip: '127.0.0.1', port: hostPort ? String(hostPort) : '' } };
  } catch (err) {
    await removeContainer(container.id);
    throw err;
  }
}
