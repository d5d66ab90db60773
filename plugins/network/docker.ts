import type Docker from 'dockerode';
import { dockerClient, errors, type BerthError } from '../../sdk/index.js';

export const docker = dockerClient;

/** The label berth puts on the networks network:create makes (Dokku's own label travels along). */
export const NETWORK_LABELS = { berth: 'network', 'com.dokku.network-name': '' } as const;
const APP_LABEL = 'com.dokku.app-name';
const DYNO_LABEL = 'com.dokku.dyno';
const TYPE_LABEL = 'com.dokku.container-type';

const status = (err: unknown) => (err as { statusCode?: number })?.statusCode;

export function dockerError(action: string, err: unknown): BerthError {
  const e = err as { json?: { message?: string }; message?: string };
  return errors.external(`${action}: ${(e?.json?.message ?? e?.message ?? String(err)).trim()}`, err);
}

export async function listNetworks(): Promise<Docker.NetworkInspectInfo[]> {
  try {
    return (await (await docker()).listNetworks()).sort((a, b) => a.Name.localeCompare(b.Name));
  } catch (err) {
    throw dockerError('Unable to list the Docker networks', err);
  }
}

/** The network's inspect data (with its running containers), or undefined when there is none of that name. */
export async function inspectNetwork(name: string): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    const info = (await (await docker()).getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
    // Docker also matches ids and id prefixes: only an exact name counts here.
    return info.Name === name ? info : undefined;
  } catch (err) {
    if (status(err) === 404) return undefined;
    throw dockerError(`Unable to inspect network ${name}`, err);
  }
}

export async function createNetwork(name: string): Promise<void> {
  try {
    await (await docker()).createNetwork({
      Name: name,
      Driver: 'bridge',
      Attachable: true,
      CheckDuplicate: true,
      Labels: { ...NETWORK_LABELS, 'com.dokku.network-name': name },
    });
  } catch (err) {
    if (status(err) === 409) throw errors.conflict(`Network ${name} already exists`);
    throw dockerError(`Unable to create network ${name}`, err);
  }
}

export async function removeNetwork(name: string): Promise<void> {
  try {
    await (await docker()).getNetwork(name).remove();
  } catch (err) {
    throw dockerError(`Unable to remove network ${name}`, err);
  }
}

/** Joins a container to a network; a container that is already there is left as it is. */
export async function connect(network: string, container: string, aliases: string[]): Promise<boolean> {
  try {
    await (await docker()).getNetwork(network).connect({ Container: container, EndpointConfig: { Aliases: aliases } });
    return true;
  } catch (err) {
    // already connected: 403 on older engines, 409 on newer ones
    if (status(err) === 403 || status(err) === 409 || /already exists/.test(String((err as Error).message))) return false;
    throw dockerError(`Unable to connect container ${container.slice(0, 12)} to network ${network}`, err);
  }
}

/**
 * Names an app container answers to on every network it joins: `APP.PROC` (all dynos of a process
 * type, Dokku's alias) and `APP.PROC.N` (one dyno), suffixed with the app's tld when one is set.
 * One-off containers get none.
 */
export function aliasesFor(labels: Record<string, string> | undefined, tld = ''): string[] {
  const app = labels?.[APP_LABEL];
  const dyno = labels?.[DYNO_LABEL];
  if (!app || !dyno || labels?.[TYPE_LABEL] !== 'deploy') return [];
  const proc = dyno.replace(/\.\d+$/, '');
  const names = proc === dyno ? [`${app}.${dyno}`] : [`${app}.${proc}`, `${app}.${dyno}`];
  // network:set tld: every alias gets the suffix (app.web.svc.cluster.local)
  return tld ? names.map((n) => `${n}.${tld}`) : names;
}

export async function containerLabels(cid: string): Promise<Record<string, string>> {
  try {
    return (await (await docker()).getContainer(cid).inspect()).Config.Labels ?? {};
  } catch (err) {
    throw dockerError(`Unable to inspect container ${cid.slice(0, 12)}`, err);
  }
}

/** The app's running deploy containers. */
export async function runningAppContainers(app: string): Promise<Docker.ContainerInfo[]> {
  try {
    return await (await docker()).listContainers({ filters: { label: [`${APP_LABEL}=${app}`, `${TYPE_LABEL}=deploy`], status: ['running'] } });
  } catch (err) {
    throw dockerError(`Unable to list the containers of ${app}`, err);
  }
}
