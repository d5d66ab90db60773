import { errors, validate } from '../../core/sdk.js';

/** A buildpack URL as the builder accepts it: a directory/tarball path, or a git/http(s)/file URL. */
const SHAPE = /^(\/|https?:\/\/[^/]|git:\/\/[^/]|ssh:\/\/[^/]|file:\/\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)/;

export function assertBuildpackUrl(url: string | undefined): string {
  if (!url) throw errors.usage('Please specify a buildpack URL');
  try {
    validate.assertUrl(url);
  } catch {
    throw errors.invalidValue(`Invalid buildpack URL '${url}'`);
  }
  if (!SHAPE.test(url))
    throw errors.invalidValue(`Invalid buildpack URL '${url}'`, 'Use a git URL (https://github.com/heroku/heroku-buildpack-nodejs.git, optionally #ref), a tarball URL, or an absolute path on this host');
  return url;
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
