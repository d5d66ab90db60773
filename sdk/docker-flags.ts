import path from 'node:path';
import { errors } from '../core/errors.js';

/** Docker Engine API fields an option sets: container config, HostConfig, and image-build parameters. */
export interface Fragment {
  config: Record<string, unknown>;
  host: Record<string, unknown>;
  build: Record<string, unknown>;
}

/** The platform's own directories (its roots) and those of them apps may still mount (storage). */
export interface HostPaths {
  platform?: string[];
  allowed?: string[];
}

interface FlagSpec {
  name: string;
  short?: string;
  aliases?: string[];
  takesValue: boolean;
  apply(f: Fragment, value: string, env: NodeJS.ProcessEnv): void;
  /** The reason this value breaks isolation, if it does. */
  hostAccess?(value: string, host: HostPaths): string | undefined;
}

const push = (o: Record<string, unknown>, key: string, v: unknown) => void (o[key] = [...((o[key] as unknown[]) ?? []), v]);
const put = (o: Record<string, unknown>, key: string, k: string, v: unknown) => void (o[key] = { ...((o[key] as object) ?? {}), [k]: v });
const bool = (v: string) => v !== 'false';
const bad = (flag: string, value: string, want: string) => errors.invalidValue(`Invalid value '${value}' for ${flag}: ${want}`);

/** `512m`, `1g`, `1024` (bytes), as docker reads sizes. */
export function parseSize(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(v);
  if (!m) throw bad(flag, v, 'expected a size such as 512m or 1g');
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as 'k'];
  return Math.round(Number(m[1]) * mult);
}

function keyValue(flag: string, v: string): [string, string | undefined] {
  const eq = v.indexOf('=');
  const k = eq < 0 ? v : v.slice(0, eq);
  if (!/^[^\s=]+$/.test(k)) throw bad(flag, v, 'expected KEY=VALUE');
  return [k, eq < 0 ? undefined : v.slice(eq + 1)];
}

/** Host paths a bind mount must never expose: the whole host, kernel interfaces, Docker itself. */
const HOST_PATHS = ['/', '/proc', '/sys', '/dev', '/boot', '/etc', '/root', '/run', '/var/run', '/var/lib/docker', '/usr', '/bin', '/sbin', '/lib'];

const within = (p: string, dir: string) => p === dir || p.startsWith(dir.replace(/\/+$/, '') + '/');

function volumeAccess(v: string, host: HostPaths): string | undefined {
  const [src, dst] = v.split(':');
  // `-v /data` is an anonymous volume: nothing of the host is mounted
  if (dst === undefined || !src!.startsWith('/')) return undefined;
  const norm = path.posix.normalize(src!).replace(/(.)\/+$/, '$1');
  if (host.allowed?.some((d) => within(norm, d))) return undefined;
  // the platform's roots hold other apps' data, SSH keys and plugin code
  if (host.platform?.some((d) => within(norm, d) || within(d, norm))) return `it mounts the platform's own ${norm} into the container`;
  if (HOST_PATHS.some((h) => norm === h || (h !== '/' && h !== '/usr' && norm.startsWith(h + '/'))) || /docker\.sock$/.test(norm))
    return `it mounts the host's ${norm} into the container`;
  return undefined;
}

function volume(f: Fragment, v: string): void {
  const parts = v.split(':');
  if (parts.length > 3 || parts.some((p) => p === '') || /[\0\n]/.test(v)) throw bad('--volume', v, 'expected [HOST:]CONTAINER[:OPTIONS]');
  if (parts.length === 1) return put(f.config, 'Volumes', parts[0]!, {});
  const [src, dst] = parts as [string, string];
  if (src.startsWith('/') && src.split('/').includes('..')) throw bad('--volume', v, 'the host path must not contain ".."');
  if (!dst.startsWith('/')) throw bad('--volume', v, 'the container path must be absolute');
  push(f.host, 'Binds', v);
}

function ports(f: Fragment, v: string): void {
  const m = /^(?:(\[?[0-9a-fA-F.:]+\]?):)?(\d{0,5}):(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(v) ?? /^()()(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(v);
  if (!m) throw bad('--publish', v, 'expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]');
  const key = `${m[3]}/${m[4] ?? 'tcp'}`;
  put(f.config, 'ExposedPorts', key, {});
  const bindings = ((f.host.PortBindings as Record<string, unknown[]>) ?? {})[key] ?? [];
  put(f.host, 'PortBindings', key, [...bindings, { HostIp: m[1] ?? '', HostPort: m[2] ?? '' }]);
}

const namespace = (flag: string, field: string, allowed: RegExp): FlagSpec => ({
  name: flag,
  takesValue: true,
  apply: (f, v) => {
    if (!allowed.test(v) && v !== 'host' && !v.startsWith('container:')) throw bad(flag, v, `expected ${allowed.source.replace(/[\^$()]/g, '')}, host or container:NAME`);
    f.host[field] = v;
  },
  hostAccess: (v) => (v === 'host' || v.startsWith('container:') ? `${flag}=${v} shares a namespace with the host or another container` : undefined),
});

const SPECS: FlagSpec[] = [
  { name: '--volume', short: '-v', takesValue: true, apply: volume, hostAccess: volumeAccess },
  { name: '--link', takesValue: true, apply: (f, v) => {
    const [name, alias = name, extra] = v.split(':');
    if (!name || extra !== undefined || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(alias)) throw bad('--link', v, 'expected CONTAINER[:ALIAS]');
    push(f.host, 'Links', `${name}:${alias}`);
  } },
  { name: '--env', short: '-e', takesValue: true, apply: (f, v, env) => {
    const [k, val] = keyValue('--env', v);
    // `--env=KEY` passes the value of KEY from the environment, as the docker CLI does
    const value = val ?? env[k];
    if (value !== undefined) push(f.config, 'Env', `${k}=${value}`);
  } },
  { name: '--label', short: '-l', takesValue: true, apply: (f, v) => {
    const [k, val = ''] = keyValue('--label', v);
    put(f.config, 'Labels', k, val);
    put(f.build, 'labels', k, val);
  } },
  { name: '--restart', takesValue: true, apply: (f, v) => {
    const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(v);
    if (!m || (m[2] && m[1] !== 'on-failure')) throw bad('--restart', v, 'expected no, always, unless-stopped or on-failure[:MAX_RETRIES]');
    f.host.RestartPolicy = { Name: m[1], ...(m[2] ? { MaximumRetryCount: Number(m[2]) } : {}) };
  } },
  { name: '--memory', short: '-m', takesValue: true, apply: (f, v) => ((f.host.Memory = parseSize('--memory', v)), (f.build.memory = f.host.Memory)) },
  { name: '--memory-swap', takesValue: true, apply: (f, v) => ((f.host.MemorySwap = v === '-1' ? -1 : parseSize('--memory-swap', v)), (f.build.memswap = f.host.MemorySwap)) },
  { name: '--memory-reservation', takesValue: true, apply: (f, v) => void (f.host.MemoryReservation = parseSize('--memory-reservation', v)) },
  { name: '--cpus', takesValue: true, apply: (f, v) => {
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0) throw bad('--cpus', v, 'expected a positive number such as 0.5');
    f.host.NanoCpus = Math.round(Number(v) * 1e9);
  } },
  { name: '--cpu-shares', short: '-c', takesValue: true, apply: (f, v) => {
    if (!/^\d+$/.test(v)) throw bad('--cpu-shares', v, 'expected an integer');
    f.host.CpuShares = f.build.cpushares = Number(v);
  } },
  { name: '--add-host', takesValue: true, apply: (f, v) => {
    if (!/^[A-Za-z0-9.-]+:([0-9a-fA-F.:]+|host-gateway)$/.test(v)) throw bad('--add-host', v, 'expected HOST:IP');
    push(f.host, 'ExtraHosts', v);
    f.build.extrahosts = (f.host.ExtraHosts as string[]).join(',');
  } },
  { name: '--network', aliases: ['--net'], takesValue: true, apply: (f, v) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(v)) throw bad('--network', v, 'expected a network name');
    f.host.NetworkMode = f.build.networkmode = v;
  }, hostAccess: (v) => (v === 'host' || v.startsWith('container:') ? `--network=${v} shares the network stack of the host or another container` : undefined) },
  { name: '--log-driver', takesValue: true, apply: (f, v) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw bad('--log-driver', v, 'expected a driver name');
    f.host.LogConfig = { Config: {}, ...((f.host.LogConfig as object) ?? {}), Type: v };
  } },
  { name: '--log-opt', takesValue: true, apply: (f, v) => {
    const [k, val] = keyValue('--log-opt', v);
    if (val === undefined) throw bad('--log-opt', v, 'expected KEY=VALUE');
    const lc = (f.host.LogConfig as { Type?: string; Config?: Record<string, string> }) ?? {};
    f.host.LogConfig = { Type: lc.Type ?? '', Config: { ...lc.Config, [k]: val } };
  } },
  { name: '--user', short: '-u', takesValue: true, apply: (f, v) => {
    if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(v)) throw bad('--user', v, 'expected USER[:GROUP]');
    f.config.User = v;
  } },
  { name: '--workdir', short: '-w', takesValue: true, apply: (f, v) => {
    if (!v.startsWith('/')) throw bad('--workdir', v, 'expected an absolute path');
    f.config.WorkingDir = v;
  } },
  { name: '--hostname', short: '-h', takesValue: true, apply: (f, v) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(v)) throw bad('--hostname', v, 'expected a host name');
    f.config.Hostname = v;
  } },
  { name: '--tmpfs', takesValue: true, apply: (f, v) => {
    const [dst, ...opts] = v.split(':');
    if (!dst?.startsWith('/')) throw bad('--tmpfs', v, 'expected an absolute container path[:OPTIONS]');
    put(f.host, 'Tmpfs', dst, opts.join(':'));
  } },
  { name: '--ulimit', takesValue: true, apply: (f, v) => {
    const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(v);
    if (!m) throw bad('--ulimit', v, 'expected NAME=SOFT[:HARD], e.g. nofile=1024:2048');
    push(f.host, 'Ulimits', { Name: m[1], Soft: Number(m[2]), Hard: Number(m[3] ?? m[2]) });
  } },
  { name: '--shm-size', takesValue: true, apply: (f, v) => void (f.host.ShmSize = f.build.shmsize = parseSize('--shm-size', v)) },
  { name: '--init', takesValue: false, apply: (f, v) => void (f.host.Init = bool(v)) },
  { name: '--read-only', takesValue: false, apply: (f, v) => void (f.host.ReadonlyRootfs = bool(v)) },
  { name: '--dns', takesValue: true, apply: (f, v) => push(f.host, 'Dns', v) },
  { name: '--dns-search', takesValue: true, apply: (f, v) => push(f.host, 'DnsSearch', v) },
  { name: '--dns-option', aliases: ['--dns-opt'], takesValue: true, apply: (f, v) => push(f.host, 'DnsOptions', v) },
  { name: '--publish', short: '-p', takesValue: true, apply: ports },
  { name: '--expose', takesValue: true, apply: (f, v) => {
    if (!/^\d{1,5}(\/(tcp|udp|sctp))?$/.test(v)) throw bad('--expose', v, 'expected PORT[/PROTOCOL]');
    put(f.config, 'ExposedPorts', v.includes('/') ? v : `${v}/tcp`, {});
  } },
  { name: '--stop-signal', takesValue: true, apply: (f, v) => void (f.config.StopSignal = v) },
  { name: '--stop-timeout', takesValue: true, apply: (f, v) => {
    if (!/^\d+$/.test(v)) throw bad('--stop-timeout', v, 'expected seconds');
    f.config.StopTimeout = Number(v);
  } },
  { name: '--pids-limit', takesValue: true, apply: (f, v) => {
    if (!/^-?\d+$/.test(v)) throw bad('--pids-limit', v, 'expected an integer');
    f.host.PidsLimit = Number(v);
  } },
  { name: '--cap-drop', takesValue: true, apply: (f, v) => push(f.host, 'CapDrop', v) },
  { name: '--group-add', takesValue: true, apply: (f, v) => push(f.host, 'GroupAdd', v) },
  { name: '--sysctl', takesValue: true, apply: (f, v) => {
    const [k, val] = keyValue('--sysctl', v);
    put(f.host, 'Sysctls', k, val ?? '');
  }, hostAccess: (v) => (v.startsWith('net.') || v.startsWith('fs.mqueue.') ? undefined : `--sysctl ${v} changes a kernel setting outside the container's namespaces`) },
  { name: '--security-opt', takesValue: true, apply: (f, v) => push(f.host, 'SecurityOpt', v),
    hostAccess: (v) => (/^no-new-privileges(?:[:=]true)?$/.test(v) ? undefined : `--security-opt ${v} weakens the container's confinement`) },
  // image builds only
  { name: '--build-arg', takesValue: true, apply: (f, v) => {
    const [k, val] = keyValue('--build-arg', v);
    put(f.build, 'buildargs', k, val ?? '');
  } },
  { name: '--target', takesValue: true, apply: (f, v) => void (f.build.target = v) },
  { name: '--no-cache', takesValue: false, apply: (f, v) => void (f.build.nocache = bool(v)) },
  { name: '--pull', takesValue: false, apply: (f, v) => void (f.build.pull = bool(v)) },
  // breaking isolation: accepted only as root said so (docker-options:add --allow-host-access)
  { name: '--privileged', takesValue: false, apply: (f, v) => void (f.host.Privileged = bool(v)), hostAccess: (v) => (bool(v) ? '--privileged gives the container every device and capability of the host' : undefined) },
  { name: '--cap-add', takesValue: true, apply: (f, v) => push(f.host, 'CapAdd', v), hostAccess: (v) => `--cap-add ${v} grants a kernel capability` },
  { name: '--device', takesValue: true, apply: (f, v) => {
    const [host, container = host, perms = 'rwm'] = v.split(':');
    if (!host?.startsWith('/')) throw bad('--device', v, 'expected HOST_DEVICE[:CONTAINER_DEVICE[:PERMISSIONS]]');
    push(f.host, 'Devices', { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms });
  }, hostAccess: (v) => `--device ${v} exposes a host device` },
  namespace('--pid', 'PidMode', /^()$/),
  namespace('--ipc', 'IpcMode', /^(none|private|shareable)$/),
  namespace('--uts', 'UTSMode', /^()$/),
  namespace('--userns', 'UsernsMode', /^()$/),
  namespace('--cgroupns', 'CgroupnsMode', /^(private)$/),
  { name: '--volumes-from', takesValue: true, apply: (f, v) => push(f.host, 'VolumesFrom', v), hostAccess: (v) => `--volumes-from ${v} shares another container's volumes` },
];

const BY_NAME = new Map<string, FlagSpec>();
for (const s of SPECS) for (const n of [s.name, ...(s.short ? [s.short] : []), ...(s.aliases ?? [])]) BY_NAME.set(n, s);

export function flagSpec(flag: string): FlagSpec | undefined {
  return BY_NAME.get(flag);
}

/** The long names berth applies, for help and error messages. */
export function supportedFlags(): string[] {
  return SPECS.map((s) => s.name);
}
