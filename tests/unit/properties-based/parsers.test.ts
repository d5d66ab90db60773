import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { BerthError } from '../../../core/errors.js';
import * as v from '../../../core/validate.js';
import { splitShellWords, splitSshCommand } from '../../../sdk/shell-words.js';
import { formatConfigToml, readConfigToml, type ConfigTables } from '../../../core/plugin-config.js';
import { parseManifest } from '../../../core/manifest.js';
import { exportEnv, parseEnvText, parseJsonEnv, singleQuote } from '../../../plugins/config/formats.js';
import { SCHEMES, formatMap, parseMap, parseMaps } from '../../../plugins/ports/port-map.js';
import { parseScaleArgs } from '../../../plugins/ps/properties.js';
import { parseProcfile } from '../../../plugins/ps/staged.js';

/**
 * Property-based tests over every parser and validator. Each property counts what it tried and
 * how each case ended; the counts are printed once at the end (run with --verbose to see them).
 */
const RUNS = 200;
const tally: Record<string, Record<string, number>> = {};
function count(parser: string, outcome: string): void {
  const t = (tally[parser] ??= {});
  t[outcome] = (t[outcome] ?? 0) + 1;
}
afterAll(() => {
  const lines = Object.entries(tally).map(([p, t]) => `${p}: ${Object.entries(t).map(([o, n]) => `${o}=${n}`).join(', ')}`);
  process.stdout.write(`\nproperty-test outcomes\n${lines.join('\n')}\n`);
});

/** Runs fn; a BerthError is an accepted outcome ("rejected"), anything else thrown fails the property. */
function outcome<T>(fn: () => T): { ok: true; value: T } | { ok: false; err: BerthError } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (!(err instanceof BerthError)) throw err;
    return { ok: false, err };
  }
}

// Strings rich in the characters that matter: separators, quotes, shell metacharacters, control chars.
const NASTY = ['.', '..', '/', '\\', '\0', '\n', '\r', '\t', ' ', ';', '&&', '$(', ')', '`', "'", '"', '-', '_', '*', ':', '=', '#', 'a', 'Z', '0', '9', 'é', '😀', '\u007f'];
const nasty = fc.array(fc.constantFrom(...NASTY), { maxLength: 12 }).map((a) => a.join(''));
const anyString = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 300 }));

function noTraversal(s: string): void {
  expect(s).not.toContain('/');
  expect(s).not.toContain('\0');
  expect(s).not.toContain('\n');
  expect(s).not.toBe('..');
  expect(s).not.toBe('.');
}

describe('core/validate', () => {
  const cases: [string, (s: string) => unknown, RegExp, boolean][] = [
    ['app name', v.assertAppName, /^[a-z0-9][a-z0-9.-]{0,199}$/, true],
    ['plugin name', v.assertPluginName, /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/, true],
    ['config key', v.assertConfigKey, /^[A-Za-z_][A-Za-z0-9_]{0,199}$/, true],
    ['service name', v.assertServiceName, /^[A-Za-z0-9_-]{1,200}$/, true],
    ['process type', v.assertProcessType, /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, true],
    ['network name', v.assertNetworkName, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/, true],
    ['domain', v.assertDomain, /^[A-Za-z0-9*][A-Za-z0-9.*-]*$/, true],
    ['trigger name', v.assertTriggerName, /^[^/\0]{1,200}$/, false],
    ['ssh key name', v.assertSshKeyName, /^[\p{L}\p{N}][\p{L}\p{N} ._@+=:,-]{0,99}$/u, true],
  ];
  test.each(cases)(`%s: arbitrary strings are accepted only when they match the rule, else a BerthError (${RUNS * 2} cases)`, (name, assert, rule, strict) => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = outcome(() => assert(s));
        count(name, r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (!r.ok) return;
        expect(s).toMatch(rule);
        if (strict) noTraversal(s);
        else expect(s === '.' || s === '..' || s.includes('/') || s.includes('\0')).toBe(false);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test(`valid names of every kind are accepted (${RUNS} cases each)`, () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const gens: [string, fc.Arbitrary<string>, (s: string) => unknown][] = [
      ['app name', fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/), v.assertAppName],
      ['config key', fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/), v.assertConfigKey],
      ['service name', fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), v.assertServiceName],
      ['process type', fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$/), v.assertProcessType],
      ['network name', fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/), v.assertNetworkName],
      ['domain', fc.array(label, { minLength: 1, maxLength: 5 }).map((l) => l.join('.')), v.assertDomain],
      ['scale', fc.integer({ min: 0, max: 9999 }).map(String), v.assertScale],
      ['url', fc.webUrl(), v.assertUrl],
    ];
    for (const [name, gen, assert] of gens)
      fc.assert(
        fc.property(gen, (s) => {
          expect(() => assert(s)).not.toThrow();
          count(`${name} (valid)`, 'accepted');
        }),
        { numRuns: RUNS },
      );
  });

  test(`scale: arbitrary strings give 0-9999 or a BerthError (${RUNS * 2} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(anyString, fc.integer().map(String), fc.double().map(String)), (s) => {
        const r = outcome(() => v.assertScale(s));
        count('scale', r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (r.ok) expect(Number.isInteger(r.value) && r.value >= 0 && r.value <= 9999 && String(r.value) === String(Number(s))).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test(`safe relative paths never accept "..", absolute paths or NUL (${RUNS * 2} cases)`, () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = outcome(() => v.assertSafeRelativePath(s));
        count('safe relative path', r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (!r.ok) return;
        expect(s).not.toContain('\0');
        expect(path.isAbsolute(s)).toBe(false);
        expect(s.split(/[\\/]/)).not.toContain('..');
        expect(path.resolve('/root-dir', s).startsWith('/root-dir')).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test(`URLs: no blanks, NUL or leading "-" is ever accepted (${RUNS * 2} cases)`, () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = outcome(() => v.assertUrl(s));
        count('url', r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (r.ok) expect(/[\s\0]/.test(s) || s.startsWith('-') || s === '').toBe(false);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

/** A POSIX double-quoter (only \ " $ ` are escaped inside ""). */
const dq = (s: string) => `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
const argString = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 20 })).map((s) => s.replace(/\0/g, ''));

describe('core/shell-words', () => {
  test(`quoting any argv and splitting it gives the argv back (${RUNS} cases per quoter)`, () => {
    for (const [name, quote] of [['single', singleQuote], ['double', dq]] as const)
      fc.assert(
        fc.property(fc.array(argString, { maxLength: 6 }), fc.constantFrom(' ', '\t', '  \n '), (argv, sep) => {
          expect(splitShellWords(argv.map(quote).join(sep))).toEqual(argv);
          count(`shell-words round trip (${name} quotes)`, 'argv back');
        }),
        { numRuns: RUNS },
      );
  });

  test(`arbitrary input splits or fails with a BerthError, never anything else (${RUNS * 3} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(nasty, anyString, fc.string({ unit: 'binary', maxLength: 2000 })), (s) => {
        const r = outcome(() => splitShellWords(s));
        count('shell-words arbitrary', r.ok ? 'split' : `rejected:${r.err.code}`);
        const ssh = outcome(() => splitSshCommand(s));
        count('ssh command arbitrary', ssh.ok ? 'split' : `rejected:${ssh.err.code}`);
        if (r.ok) for (const w of r.value) expect(typeof w).toBe('string');
      }),
      { numRuns: RUNS * 3 },
    );
  });

  test(`metacharacters are literal text (${RUNS} cases)`, () => {
    const meta = fc.array(fc.constantFrom(';', '&&', '$(', ')', '`', '|', '>', '<', '*', '?', '$HOME', 'rm', '-rf', 'x'), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(meta, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '\n'), (words, sep) => {
        expect(splitShellWords(words.join(sep))).toEqual(words);
        expect(splitSshCommand(['config:set', ...words].join(sep))).toEqual(['config:set', ...words]);
        count('shell-words metacharacters', 'literal');
      }),
      { numRuns: RUNS },
    );
  });
});

const tomlValue = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('"""', "'''", '\\u0000', '\\', '\u2028', '\ufeff'));

describe('core/plugin-config (config.toml)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-prop-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`formatConfigToml then readConfigToml gives every table back (${RUNS} cases)`, () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), nasty.filter((s) => s !== ''));
    const tables = fc.dictionary(name, fc.dictionary(name, tomlValue, { maxKeys: 4 }), { maxKeys: 3 });
    const file = path.join(dir, 'config.toml');
    fc.assert(
      fc.property(tables, (t: ConfigTables) => {
        fs.writeFileSync(file, formatConfigToml(t));
        expect(readConfigToml(file)).toEqual(t);
        count('config.toml round trip', 'identical');
      }),
      { numRuns: RUNS },
    );
  });

  test('a table or key named __proto__ survives the round trip as a plain entry', () => {
    const file = path.join(dir, 'proto.toml');
    const t = JSON.parse('{"__proto__":{"__proto__":"x","a":"y"},"b":{"constructor":"z"}}') as ConfigTables;
    fs.writeFileSync(file, formatConfigToml(t));
    const back = readConfigToml(file);
    expect(Object.keys(back)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(back)).toBe(JSON.stringify(t));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  test(`arbitrary text reads as tables or a MANIFEST_INVALID error naming the file (${RUNS} cases)`, () => {
    const file = path.join(dir, 'junk.toml');
    fc.assert(
      fc.property(tomlish, (text) => {
        fs.writeFileSync(file, text);
        const r = outcome(() => readConfigToml(file));
        count('config.toml arbitrary', r.ok ? 'parsed' : `rejected:${r.err.code}`);
        if (!r.ok) {
          expect(r.err.code).toBe('MANIFEST_INVALID');
          expect(r.err.message).toContain(file);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('plugins/config export formats', () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
  const value = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', ' lead', 'trail ', '#x', ' # c', '\\n', "it's"));
  const env = fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 5 }).map((pairs) => Object.fromEntries(pairs));
  const importers = { exports: parseEnvText, env: parseEnvText, envfile: parseEnvText, shell: parseEnvText, json: parseJsonEnv, 'json-list': parseJsonEnv } as const;

  test.each(Object.keys(importers) as (keyof typeof importers)[])(`%s output imports back byte for byte (${RUNS} cases)`, (format) => {
    fc.assert(
      fc.property(env, (e) => {
        const back = importers[format](exportEnv(e, format));
        expect(back).toEqual(Object.entries(e));
        count(`config export ${format}`, 'identical');
      }),
      { numRuns: RUNS },
    );
  });

  test(`arbitrary import text gives pairs or a BerthError (${RUNS} cases per importer)`, () => {
    for (const [name, parse] of [['env', parseEnvText], ['json', parseJsonEnv]] as const)
      fc.assert(
        fc.property(fc.oneof(anyString, fc.json(), nasty.map((s) => `A=${s}\nB=${s}`)), (text) => {
          const r = outcome(() => parse(text));
          count(`config import ${name} arbitrary`, r.ok ? 'parsed' : `rejected:${r.err.code}`);
          if (r.ok) for (const [k, val] of r.value) expect(typeof k === 'string' && typeof val === 'string').toBe(true);
        }),
        { numRuns: RUNS },
      );
  });
});

describe('plugins/ports port maps', () => {
  const port = fc.integer({ min: 1, max: 65535 });
  const map = fc.record({ scheme: fc.constantFrom(...SCHEMES), host: port, container: port });

  test(`valid maps round trip through formatMap/parseMap (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(map, { minLength: 1, maxLength: 4 }), (maps) => {
        expect(parseMaps([maps.map(formatMap).join(' ')])).toEqual(maps);
        count('port map (valid)', 'identical');
      }),
      { numRuns: RUNS },
    );
  });

  test(`arbitrary text gives an in-range map or a BerthError (${RUNS * 2} cases)`, () => {
    const near = fc.tuple(fc.constantFrom('http', 'https', 'tcp', 'udp', 'HTTP', 'ftp', ''), fc.oneof(fc.integer({ min: -5, max: 100000 }).map(String), anyString), fc.oneof(fc.nat(999999).map(String), anyString)).map((p) => p.join(':'));
    fc.assert(
      fc.property(fc.oneof(near, anyString), (s) => {
        const r = outcome(() => parseMap(s));
        count('port map arbitrary', r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (!r.ok) return;
        expect(SCHEMES).toContain(r.value.scheme);
        for (const p of [r.value.host, r.value.container]) expect(p >= 1 && p <= 65535).toBe(true);
        expect(parseMap(formatMap(r.value))).toEqual(r.value);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('plugins/ps scale and Procfile', () => {
  test(`scale arguments give valid counts or a BerthError (${RUNS * 2} cases)`, () => {
    const pair = fc.tuple(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), anyString), fc.oneof(fc.integer({ min: -1, max: 12000 }).map(String), anyString)).map(([t, n]) => `${t}=${n}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(pair, anyString), { maxLength: 4 }), (args) => {
        const r = outcome(() => parseScaleArgs(args));
        count('scale args', r.ok ? 'accepted' : `rejected:${r.err.code}`);
        if (!r.ok) return;
        for (const [t, n] of r.value) {
          expect(t).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
          expect(t).not.toBe('release');
          expect(Number.isInteger(n) && n >= 0 && n <= 9999).toBe(true);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test(`Procfile parsing never throws and yields valid process types (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyString, nasty.map((c) => `web: ${c}`)), { maxLength: 6 }).map((l) => l.join('\n')), (text) => {
        for (const t of parseProcfile(text).keys()) expect(() => v.assertProcessType(t)).not.toThrow();
        count('Procfile', 'parsed');
      }),
      { numRuns: RUNS },
    );
  });
});

/** TOML-ish text: lines assembled from plugin.toml fragments, some valid, some broken. */
const FRAGMENTS = [
  '[plugin]', '[berth]', '[commands]', '[plugin.config]', '[berth.provides]', 'name = "x"', 'version = 1', 'version = "0.1.0"',
  'description = 3', 'module = "index.ts"', 'triggers = ["a", "b"]', 'triggers = ["../x"]', 'triggers = "a"', 'triggers = [1]',
  'essential = true', 'essential = "yes"', 'scheduler = "docker"', 'scheduler = 1', '"a:b" = "help"', '"a:b" = 2', 'depends = ["x"]',
  'requires = ">=0.1"', 'key = ', '= "v"', '[[plugin]]', '[', 'x = """', '# comment', '', 'a = [1, "b"]', 'name = "x"\nname = "y"',
];
const tomlish = fc.oneof(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((l) => l.join('\n')), anyString);

describe('core/manifest', () => {
  test(`arbitrary TOML-ish text gives a manifest or MANIFEST_INVALID naming the file (${RUNS * 2} cases)`, () => {
    const file = '/plugins/prop/plugin.toml';
    fc.assert(
      fc.property(tomlish, (text) => {
        const r = outcome(() => parseManifest(file, text));
        count('plugin.toml arbitrary', r.ok ? 'parsed' : `rejected:${r.err.code}`);
        if (!r.ok) {
          expect(r.err.code).toBe('MANIFEST_INVALID');
          expect(r.err.message).toContain(file);
          return;
        }
        expect(r.value.file).toBe(file);
        for (const t of r.value.triggers) expect(v.isValidTriggerName(t)).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
