import { GLOBAL, errors, type PluginContext } from '../../sdk/index.js';

export interface Release {
  version: number;
  tag: string;
  image: string;
  imageId: string;
  gitSha: string;
  configDigest: string;
  builder: string;
  actor: string;
  source: 'push' | 'config-redeploy' | 'rollback';
  rollbackOf?: number;
  time: string;
}

export const DEFAULT_KEEP = 5;

export function readReleases(ctx: PluginContext, app: string): Release[] {
  const raw = ctx.props.get(app, 'releases');
  if (!raw) return [];
  try {
    return JSON.parse(raw) as Release[];
  } catch {
    throw errors.external(`The release list of ${app} is not valid JSON`);
  }
}

/** The whole list is one property: a single atomic write per release. */
export function writeReleases(ctx: PluginContext, app: string, list: Release[]): void {
  ctx.props.set(app, 'releases', JSON.stringify(list));
}

export function keepCount(ctx: PluginContext, app: string): number {
  const v = ctx.props.get(app, 'keep') ?? ctx.props.get(GLOBAL, 'keep');
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 1 ? n : DEFAULT_KEEP;
}

export function describe(r: Release): string {
  if (r.source === 'rollback') return `Rollback to v${r.rollbackOf ?? '?'}`;
  if (r.source === 'config-redeploy') return 'Config change';
  return `Deploy ${r.gitSha ? r.gitSha.slice(0, 7) : r.imageId.replace(/^sha256:/, '').slice(0, 7)}`;
}

export function findRelease(list: Release[], app: string, spec: string): Release {
  const m = /^v?(\d+)$/.exec(spec);
  if (!m) throw errors.usage(`Invalid release '${spec}'`, 'Name a release as vN, e.g. v3');
  const r = list.find((x) => x.version === Number(m[1]));
  if (!r) throw errors.notFound(`Release v${m[1]} of ${app} does not exist`, `See: releases ${app}`);
  return r;
}
