import { errors } from '../../sdk/index.js';

export interface PortMap {
  scheme: string;
  host: number;
  container: number;
}

export const SCHEMES = ['http', 'https', 'tcp', 'udp'] as const;
const MAP = /^([a-z]+):(\d{1,5}):(\d{1,5})$/;

export function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
}

export function assertPort(value: string, what = 'port'): number {
  if (!isPort(value)) throw errors.invalidValue(`Invalid ${what} '${value}': expected a number from 1 to 65535`);
  return Number(value);
}

export function parseMap(text: string): PortMap {
  const m = MAP.exec(text);
  if (!m || !(SCHEMES as readonly string[]).includes(m[1]!))
    throw errors.invalidValue(`Invalid port mapping '${text}': expected SCHEME:HOST_PORT:CONTAINER_PORT with scheme ${SCHEMES.join(', ')}`);
  return { scheme: m[1]!, host: assertPort(m[2]!, 'host port'), container: assertPort(m[3]!, 'container port') };
}

export function formatMap(m: PortMap): string {
  return `${m.scheme}:${m.host}:${m.container}`;
}

/** Mappings given as separate arguments or as one space-separated string; all valid or none. */
export function parseMaps(args: readonly string[]): PortMap[] {
  return args.flatMap((a) => a.split(/\s+/)).filter((a) => a !== '').map(parseMap);
}

/** http, https and tcp listen on TCP; udp ports are a separate space. */
const listener = (m: PortMap) => `${m.scheme === 'udp' ? 'udp' : 'tcp'}:${m.host}`;

/**
 * Refuses a mapping given twice or already present in `existing`, and a host port that two mappings
 * would listen on (the proxy can route a host port to one container port only).
 */
export function assertNoDuplicates(maps: PortMap[], existing: string[] = []): void {
  const seen = new Set(existing);
  const ports = new Map(existing.map((e) => [listener(parseMap(e)), e]));
  for (const m of maps) {
    const key = formatMap(m);
    if (seen.has(key)) throw errors.conflict(`Port mapping ${key} is already defined`);
    const taken = ports.get(listener(m));
    if (taken) throw errors.conflict(`Port mapping ${key} uses host port ${m.host}, which ${taken} already maps`);
    seen.add(key);
    ports.set(listener(m), key);
  }
}

export function toJson(maps: PortMap[]): { scheme: string; host_port: number; container_port: number }[] {
  return maps.map((m) => ({ scheme: m.scheme, host_port: m.host, container_port: m.container }));
}
