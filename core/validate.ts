import path from 'node:path';
import { errors } from './errors.js';

/** The one validation module: every plugin checks user input here, so the rules cannot drift apart. */
const APP = /^[a-z0-9][a-z0-9.-]*$/;
const PLUGIN = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SERVICE = /^[A-Za-z0-9_-]+$/;
const PROCESS_TYPE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX = 200;

function tooLong(v: string) {
  return v.length > MAX;
}

export function isValidAppName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && APP.test(name) && !name.endsWith('.');
}

export function assertAppName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify an app to run the command on');
  if (!isValidAppName(name))
    throw errors.invalidName(
      'app name',
      name,
      'App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens',
    );
  return name;
}

export function isValidPluginName(name: string): boolean {
  return typeof name === 'string' && !tooLong(name) && name !== '.' && name !== '..' && PLUGIN.test(name);
}

export function assertPluginName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a plugin name');
  if (!isValidPluginName(name))
    throw errors.invalidName('plugin name', name, 'use letters, digits, ".", "_" and "-" only (no "/", not "." or "..")');
  return name;
}

/** Trigger names become file names inside plugin directories, so they must never traverse. */
export function isValidTriggerName(name: string): boolean {
  return (
    typeof name === 'string' && name.length > 0 && !tooLong(name) && name !== '.' && name !== '..' && !/[/\0]/.test(name)
  );
}

export function assertTriggerName(name: string): string {
  if (!isValidTriggerName(name))
    throw errors.invalidName('trigger name', name, 'must not be empty, "." or "..", nor contain "/" or NUL');
  return name;
}

export function assertConfigKey(key: string): string {
  if (!CONFIG_KEY.test(key) || tooLong(key))
    throw errors.invalidName('config key', key, 'keys start with a letter or "_" and contain only letters, digits and "_"');
  return key;
}

export function assertServiceName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a service name');
  if (!SERVICE.test(name) || tooLong(name))
    throw errors.invalidName('service name', name, 'use letters, digits, "_" and "-" only');
  return name;
}

export function assertProcessType(name: string): string {
  if (!PROCESS_TYPE.test(name) || name.length > 63)
    throw errors.invalidName('process type', name, 'use letters, digits, "_" and "-", starting with a letter or digit');
  return name;
}

export function assertScale(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw errors.invalidValue(`Invalid scale '${value}': expected a whole number 0-9999`);
  return Number(value);
}

export function assertNetworkName(name: string): string {
  if (!NETWORK.test(name) || tooLong(name))
    throw errors.invalidName('network name', name, 'use letters, digits, ".", "_" and "-", starting with a letter or digit');
  return name;
}

export function isValidDomain(domain: string): boolean {
  if (typeof domain !== 'string' || domain.length === 0 || domain.length > 253) return false;
  const labels = domain.toLowerCase().split('.');
  return labels.every((label, i) => (i === 0 && label === '*' && labels.length > 1) || DOMAIN_LABEL.test(label));
}

export function assertDomain(domain: string): string {
  if (!isValidDomain(domain))
    throw errors.invalidName('domain', domain, 'expected a host name such as app.example.com (letters, digits, "-" and ".")');
  return domain.toLowerCase();
}

/** Relative names for files under a root; absolute paths are only accepted when the caller allows them. */
export function assertSafeRelativePath(p: string, what = 'path'): string {
  if (!p || p.includes('\0') || path.isAbsolute(p) || p.split(/[\\/]/).includes('..'))
    throw errors.invalidName(what, p, 'must be a relative path without ".." components');
  return p;
}

export function assertUrl(url: string): string {
  if (!url || tooLong(url) || /[\s\0]/.test(url) || url.startsWith('-'))
    throw errors.invalidValue(`Invalid URL '${url}'`);
  return url;
}

/**
 * SSH key names end up inside the authorized_keys forced command (in double quotes) and as
 * SSH_NAME in access-control file names: letters, digits, spaces and . _ @ + = : , - only.
 */
const KEY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@+=:,-]*$/u;

export function assertSshKeyName(name: string | undefined): string {
  if (!name) throw errors.usage('Please specify a name for the ssh key');
  if (!KEY_NAME.test(name) || name.length > 100 || name.endsWith(' '))
    throw errors.invalidName('ssh key name', name, 'use letters, digits, spaces and . _ @ + = : , - (starting with a letter or digit)');
  return name;
}
