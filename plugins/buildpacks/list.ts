import { errors, parseBuildpackUrl } from '../../sdk/index.js';

/**
 * The builder's own grammar (git URL with #ref, tarball, absolute dir), so bad URLs fail here, not at
 * build time. Sources on this host's filesystem may only be configured by someone on the host: over
 * SSH they would let an app's users read any file the platform user can.
 */
export function assertBuildpackUrl(url: string | undefined, remoteCaller: boolean): string {
  if (!url) throw errors.usage('Please specify a buildpack URL');
  const source = parseBuildpackUrl(url);
  if (source.local && remoteCaller) throw errors.denied(`Buildpacks on the host's filesystem (${url}) can only be configured on the host itself`);
  return url.trim();
}

/** A 1-based list position; `max` is the largest accepted value. */
export function parseIndex(raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(raw)) throw errors.invalidValue(`Invalid index '${raw}': expected a position starting at 1`);
  const n = Number(raw);
  if (n > max) throw errors.invalidValue(`Invalid index ${n}: the list has ${max - 1} buildpack${max === 2 ? '' : 's'}`);
  return n;
}

export function addAt(list: string[], url: string, index?: number): string[] {
  if (list.includes(url)) throw errors.conflict(`The buildpack ${url} is already in the list`);
  const next = [...list];
  next.splice(index === undefined ? next.length : index - 1, 0, url);
  return next;
}

/** Replaces the buildpack at `index` (default 1); one past the end appends. */
export function setAt(list: string[], url: string, index = 1): string[] {
  const next = [...list];
  const other = next.indexOf(url);
  if (other >= 0 && other !== index - 1) throw errors.conflict(`The buildpack ${url} is already in the list at position ${other + 1}`);
  next[index - 1] = url;
  return next;
}

export function removeAt(list: string[], index: number): string[] {
  return list.filter((_, i) => i !== index - 1);
}

export function removeUrl(list: string[], url: string): string[] {
  if (!list.includes(url)) throw errors.notFound(`The buildpack ${url} is not in the list`);
  return list.filter((u) => u !== url);
}
