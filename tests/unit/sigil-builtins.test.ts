/** sigil's own functions, with the results its documentation and examples give. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTemplate, type RenderOptions } from '../../plugins/sigil/render.js';
import type { GoMap } from '../../plugins/sigil/values.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigil-builtins-'));
  fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello old world');
  fs.writeFileSync(path.join(dir, 'data.json'), '{"name": "bob", "n": 32, "list": [1, 2]}');
  fs.writeFileSync(path.join(dir, 'part.tmpl'), 'part {{ $who }}{{ $x | default "" }}');
  fs.mkdirSync(path.join(dir, 'sub'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const r = (t: string, vars: GoMap = {}, o: RenderOptions = {}) => renderTemplate(t, { vars, env: {}, cwd: dir, ...o });
const err = (t: string, o: RenderOptions = {}) => {
  try {
    r(t, {}, o);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${t} to fail`);
};

describe('sigil builtins', () => {
  test.each([
    ['default: a fallback for missing and empty values', '{{ $a | default "A" }}-{{ $b | default "B" }}-{{ $c | default "C" }}', 'A-hello-C'],
    ['capitalize upper-cases each word', '{{ capitalize "hello big-world" }}', 'Hello Big-World'],
    ['lower, upper', '{{ lower "AbC" }}{{ upper "AbC" }}', 'abcABC'],
    ['replace every occurrence', '{{ "a.b.c" | replace "." "/" }}', 'a/b/c'],
    ['trim strips spaces and newlines only', '{{ trim "\\n  x\\t \\n" }}|', 'x\t|'],
    ['indent indents all but the first, non-empty lines', '{{ indent "  " "a\\nb\\n\\nc" }}', 'a\n  b\n\n  c'],
    ['match is a path glob', '{{ match "*.txt" "a.txt" }} {{ match "*.txt" "d/a.txt" }} {{ match "[ab]?" "bz" }}', 'true false true'],
    ['substr start:end and :end', '{{ "abcdefgh" | substr "1:4" }} {{ "abcdefgh" | substr ":4" }}', 'bcd abcd'],
    ['split and join', '{{ "one,two,three" | split "," | join ":" }}', 'one:two:three'],
    ['splitkv and joinkv', '{{ "one:two,three:four" | split "," | splitkv ":" | joinkv "=" | join "," }}', 'one=two,three=four'],
    ['splitkv without a separator is true', '{{ splitkv ":" (split "," "flag") | tojson }}', '{"flag":true}'],
    ['seq from an int or a numeric string', '{{ range seq 3 }}{{ . }}{{ end }} {{ seq "2" }}', '012 [0 1]'],
    ['append, drop (a glob for strings), uniq', '{{ append "z" (split "," "a") | join "," }} {{ drop "a*" (split "," "ab,b,ac") | join "," }} {{ uniq (split "," "a,b") (split "," "b,c") | join "," }}', 'a,z b a,b,c'],
    ['file reads relative to the working directory', '{{ file "hello.txt" | replace "old" "new" }}', 'hello new world'],
    ['text, exists', '{{ text "hello.txt" | len }} {{ exists "hello.txt" }} {{ exists "nope" }} {{ exists "sub" }}', '15 true false true'],
    ['dir, dirs, files', '{{ dir "." | join "," }} {{ dirs "." | join "," }} {{ files "." | join "," }}', 'data.json,hello.txt,part.tmpl,sub sub data.json,hello.txt,part.tmpl'],
    ['json reads a file; numbers are float64', '{{ $d := json "data.json" }}{{ $d.name }} {{ $d.n }} {{ index $d.list 1 }} {{ printf "%v" $d.n }}', 'bob 32 2 32'],
    ['tojson sorts keys and escapes html characters', '{{ json "data.json" | tojson }} {{ tojson "<&>" }}', '{"list":[1,2],"n":32,"name":"bob"} "\\u003c\\u0026\\u003e"'],
    ['pointer into parsed json', '{{ json "data.json" | pointer "/list/0" }} {{ json "data.json" | pointer "/nope" }}', '1 <no value>'],
    ['base64enc reads a file', '{{ base64enc "hello.txt" }}', 'aGVsbG8gb2xkIHdvcmxk'],
    ['include renders another file with its own variables', '{{ include "part.tmpl" "who=me" }}', 'part me'],
    ['render renders text with variables', '{{ render "x=1" "[{{ $x }}]" }}', '[1]'],
    ['var reads the environment, which includes the variables', '{{ var "HOME" }} {{ var "b" }} {{ var "UNSET" }}|', '/home/t hello |'],
  ])('%s', (_, t, want) => expect(r(t, { b: 'hello', c: '' }, { env: { HOME: '/home/t' } })).toBe(want));

  test('stdin is a stream json and split read', () => {
    expect(r('{{ stdin | json | tojson }}', {}, { readStdin: () => '{"foo": {"one": "two"}}' })).toBe('{"foo":{"one":"two"}}');
    expect(r('{{ stdin | split "," | join ":" }}', {}, { readStdin: () => 'a,b' })).toBe('a:b');
    expect(r('{{ stdin | base64enc }}', {}, { readStdin: () => 'happybirthday\n' })).toBe('aGFwcHliaXJ0aGRheQo=');
  });

  test('sh runs a command without a shell', () => expect(r('{{ sh "printf %s-%s a \'b c\'" }}')).toBe('a-b c'));

  test('errors', () => {
    expect(err('{{ file "missing.txt" }}')).toMatch(/error calling file: Not found in path: missing.txt/);
    expect(err('{{ seq "x" }}')).toMatch(/seq must be given an integer or numeric string/);
    expect(err('{{ 3 | upper }}')).toMatch(/upper must be given a string/);
    expect(err('{{ "abc" | substr "4" }}')).toMatch(/index out of range/);
  });

  test('restricted templates may not run commands, fetch URLs or read outside their directory', () => {
    expect(err('{{ sh "true" }}', { restricted: true })).toMatch(/sh is not allowed/);
    expect(err('{{ httpget "http://127.0.0.1:1/" }}', { restricted: true })).toMatch(/httpget is not allowed/);
    expect(err('{{ file "/etc/hostname" }}', { restricted: true })).toMatch(/outside/);
    expect(r('{{ file "hello.txt" }}', {}, { restricted: true })).toBe('hello old world');
  });

  test('POSIX preprocessing (-p): $VAR, ${VAR:-default}, ${VAR:?} fails when unset', () => {
    expect(r('${name} is{{ range seq ${count:-3} }} cool{{ end }}!', { name: 'Sigil' }, { posix: true })).toBe('Sigil is cool cool cool!');
    expect(r('Hello, $name ${other:+set}${missing-none}', { name: 'Jeff', other: 'x' }, { posix: true })).toBe('Hello, Jeff setnone');
    expect(err('Hello, ${name:?}', { posix: true })).toMatch(/name/);
  });

  test('custom delimiters', () => expect(r('{{ hello {{{ $name }}} }}', { name: 'packer' }, { delims: { left: '{{{', right: '}}}' } })).toBe('{{ hello packer }}'));
});
