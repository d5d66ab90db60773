/** PropertyStore: Dokku's config/<plugin>/<app|--global>/<key> layout, atomic writes, mode 0600. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GLOBAL, PropertyStore } from '../../core/properties.js';

let lib: string;
let store: PropertyStore;
const file = (...parts: string[]) => path.join(lib, 'config', 'myplugin', ...parts);
const allFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));

beforeEach(() => {
  lib = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-props-'));
  store = new PropertyStore(lib, 'myplugin');
});
afterEach(() => fs.rmSync(lib, { recursive: true, force: true }));

describe('scalars', () => {
  test('stored raw at config/<plugin>/<app>/<key>, no trailing newline, mode 0600', () => {
    store.set('myapp', 'key', 'value with spaces');
    expect(fs.readFileSync(file('myapp', 'key'), 'utf8')).toBe('value with spaces');
    expect(fs.statSync(file('myapp', 'key')).mode & 0o777).toBe(0o600);
    expect(store.get('myapp', 'key')).toBe('value with spaces');
    expect(store.exists('myapp', 'key')).toBe(true);
  });

  test('a missing key is undefined; getOr gives the fallback; an empty value deletes', () => {
    expect(store.get('myapp', 'nope')).toBeUndefined();
    expect(store.getOr('myapp', 'nope', 'fb')).toBe('fb');
    store.set('myapp', 'key', 'v');
    store.set('myapp', 'key', '');
    expect(fs.existsSync(file('myapp', 'key'))).toBe(false);
  });

  test('global values and computed: app → global → default', () => {
    store.set(GLOBAL, 'key', 'global-value');
    expect(fs.readFileSync(file('--global', 'key'), 'utf8')).toBe('global-value');
    expect(store.computed('myapp', 'key', 'default')).toBe('global-value');
    store.set('myapp', 'key', 'app-value');
    expect(store.computed('myapp', 'key', 'default')).toBe('app-value');
    expect(store.computed('other', 'unset', 'default')).toBe('default');
    expect(store.computed(GLOBAL, 'key')).toBe('global-value');
  });

  test('keys and all list one scope, sorted', () => {
    store.set('myapp', 'b', '2');
    store.set('myapp', 'a', '1');
    expect(store.keys('myapp')).toEqual(['a', 'b']);
    expect(store.all('myapp')).toEqual({ a: '1', b: '2' });
    expect(store.keys('empty')).toEqual([]);
  });
});

describe('lists and maps', () => {
  test('lists are newline separated without a trailing newline', () => {
    store.setList('myapp', 'domains', ['a.example.com', 'b.example.com']);
    expect(fs.readFileSync(file('myapp', 'domains'), 'utf8')).toBe('a.example.com\nb.example.com');
    store.listAdd('myapp', 'domains', 'c.example.com');
    expect(store.listRemove('myapp', 'domains', 'a.example.com')).toBe(true);
    expect(store.listRemove('myapp', 'domains', 'zzz')).toBe(false);
    expect(store.getList('myapp', 'domains')).toEqual(['b.example.com', 'c.example.com']);
    expect(store.getList('myapp', 'none')).toEqual([]);
    expect(() => store.setList('myapp', 'domains', ['bad\nvalue'])).toThrow(/newlines/);
    expect(store.getList('myapp', 'domains')).toEqual(['b.example.com', 'c.example.com']);
  });

  test('maps are JSON; an empty map deletes the key', () => {
    store.setMap('myapp', 'labels', { a: '1', 'b c': 'x=y' });
    expect(JSON.parse(fs.readFileSync(file('myapp', 'labels'), 'utf8'))).toEqual({ a: '1', 'b c': 'x=y' });
    expect(store.getMap('myapp', 'labels')).toEqual({ a: '1', 'b c': 'x=y' });
    store.setMap('myapp', 'labels', {});
    expect(store.exists('myapp', 'labels')).toBe(false);
    expect(store.getMap('myapp', 'labels')).toEqual({});
  });
});

describe('atomic writes', () => {
  test('many writes leave no temp files and every file is complete', () => {
    for (let i = 0; i < 50; i++) store.set('myapp', `k${i % 5}`, `value-${i}`.repeat(100));
    store.setList(GLOBAL, 'list', ['x', 'y']);
    const files = allFiles(path.join(lib, 'config'));
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files).toHaveLength(6);
    expect(store.get('myapp', 'k4')).toBe('value-49'.repeat(100));
    for (const f of files) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });

  test('a failed write leaves the old value and no temp file', () => {
    store.set('myapp', 'key', 'old');
    fs.mkdirSync(file('myapp', 'dir-key'));
    fs.writeFileSync(file('myapp', 'dir-key', 'x'), '');
    expect(() => store.set('myapp', 'dir-key', 'new')).toThrow();
    expect(allFiles(file('myapp')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(store.get('myapp', 'key')).toBe('old');
  });
});

describe('clone and destroy', () => {
  test('clone copies one scope to another; destroy removes one scope or the whole namespace', () => {
    store.set('old', 'a', '1');
    store.setList('old', 'b', ['x', 'y']);
    store.set('keep', 'c', '3');
    store.clone('old', 'new');
    expect(store.all('new')).toEqual({ a: '1', b: 'x\ny' });
    expect(fs.statSync(file('new', 'a')).mode & 0o777).toBe(0o600);
    store.clone('missing', 'other');
    expect(fs.existsSync(file('other'))).toBe(false);
    store.destroy('old');
    expect(fs.existsSync(file('old'))).toBe(false);
    expect(store.get('new', 'a')).toBe('1');
    store.destroy('_all_');
    expect(fs.existsSync(path.join(lib, 'config', 'myplugin'))).toBe(false);
  });
});

describe('names', () => {
  test.each(['../x', 'a/b', '', '.hidden'])('key %j is rejected', (key) => {
    expect(() => store.set('myapp', key, 'v')).toThrow(/Invalid property/);
  });

  test.each(['../etc', 'a/b', ''])('scope %j is rejected', (scope) => {
    expect(() => store.set(scope, 'k', 'v')).toThrow(/Invalid property scope/);
    expect(fs.existsSync(path.join(lib, 'etc'))).toBe(false);
  });

  test('a plugin namespace must be a valid plugin name', () => {
    expect(() => new PropertyStore(lib, '../other')).toThrow(/Invalid plugin name/);
  });
});
