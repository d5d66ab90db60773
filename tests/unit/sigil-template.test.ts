/**
 * The template language as Go's text/template documents it, and sigil's additions (variables as `$NAME`,
 * undeclared `$name` as nil, line joining). Expected outputs follow the documented semantics.
 */
import { renderTemplate } from '../../plugins/sigil/render.js';
import type { GoMap } from '../../plugins/sigil/values.js';

const r = (t: string, vars: GoMap = {}) => renderTemplate(t, { vars, env: {} });
const err = (t: string, vars: GoMap = {}) => {
  try {
    r(t, vars);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${t} to fail`);
};

describe('actions, text and trimming', () => {
  test.each([
    ['plain text passes through', 'XXX', 'XXX'],
    ['an action prints its value', 'a{{ "b" }}c', 'abc'],
    ['{{- trims the whitespace before, -}} after', 'x  \n {{- "y" -}} \n\t z', 'xyz'],
    ['a dash without a space is a number', '{{-3}}', '-3'],
    ['comments print nothing', 'a{{/* note */}}b', 'ab'],
    ['trimmed comments eat the whitespace around', 'a \n{{- /* note */ -}}\n b', 'ab'],
    ['multi-line comments', '{{/* one\ntwo */}}x', 'x'],
    ['a backslash before }} joins the next line', '{{ "a" \\}}\n{{ "b" }}', 'ab'],
  ])('%s', (_, t, want) => expect(r(t)).toBe(want));
});

describe('constants and printing', () => {
  test.each([
    ['strings with escapes', '{{ "tab\\there" }}', 'tab\there'],
    ['raw strings keep backslashes', '{{ `a\\n` }}', 'a\\n'],
    ['ints', '{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 1_000 }}', '42 -7 31 15 1000'],
    ['floats print the shortest way, large ones with an exponent', '{{ 1.5 }} {{ 3.0 }} {{ 1e6 }} {{ 123456.0 }}', '1.5 3 1e+06 123456'],
    ['characters are their code points', "{{ 'a' }}", '97'],
    ['booleans', '{{ true }} {{ false }}', 'true false'],
    ['a missing key prints <no value>', '{{ .nope }}', '<no value>'],
    ['lists print in brackets, maps sorted', '{{ split "," "a,b" }} {{ .m }}', '[a b] map[a:1 b:2]'],
  ])('%s', (_, t, want) => expect(r(t, { m: { b: '2', a: '1' } })).toBe(want));

  test('nil is not a command', () => expect(err('{{ nil }}')).toMatch(/nil is not a command/));
});

describe('variables', () => {
  test('KEY=VALUE variables are $KEY, .KEY and $.KEY', () => expect(r('{{ $name }} {{ .name }} {{ $.name }}', { name: 'Jeff' })).toBe('Jeff Jeff Jeff'));
  test('an undeclared $name is nil (sigil declares every name the text mentions)', () => {
    expect(r('{{ $x | default "fallback" }}')).toBe('fallback');
    expect(r('{{ $x }}')).toBe('<no value>');
  });
  test('declare, redeclare and assign', () => {
    expect(r('{{ $x := "a" }}{{ $x }}{{ $x = "b" }}{{ $x }}{{ $x := "c" }}{{ $x }}')).toBe('abc');
  });
  test('an assignment inside a block changes the outer variable', () => {
    expect(r('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}')).toBe('2');
    expect(r('{{ $x := 1 }}{{ range seq 3 }}{{ $x = . }}{{ end }}{{ $x }}')).toBe('2');
  });
  test('a variable declared in a block is out of scope after it', () => {
    // sigil predeclares $y (the text mentions it), so after the block it is the outer, nil $y again
    expect(r('{{ if true }}{{ $y := 1 }}{{ $y }}{{ end }}/{{ $y }}')).toBe('1/<no value>');
  });
  test('$ is the data wherever dot is', () => expect(r('{{ range split "," "a" }}{{ $.k }}{{ end }}', { k: 'v' })).toBe('v'));
});

describe('fields', () => {
  const data = { m: { inner: { leaf: 'x' }, s: 'str' } };
  test('chained fields on maps, variables and parenthesised pipelines', () => {
    expect(r('{{ .m.inner.leaf }} {{ $m := .m }}{{ $m.inner.leaf }} {{ (index .m "inner").leaf }}', data)).toBe('x x x');
  });
  test('a field of a missing key is <no value>', () => expect(r('{{ .m.nope.deeper }}', data)).toBe('<no value>'));
  test('a field of a string is an error', () => expect(err('{{ .m.s.x }}', data)).toMatch(/can't evaluate field x in type string/));
});

describe('pipelines and calls', () => {
  test('the previous value is the last argument', () => expect(r('{{ "banana" | replace "a" "o" | upper }}')).toBe('BONONO'));
  test('parenthesised arguments', () => expect(r('{{ len (split "," "a,b,c") }}')).toBe('3'));
  test('unknown functions fail at parse time', () => expect(err('{{ nope 1 }}')).toBe('template: <inline>:1: function "nope" not defined'));
  test('arguments to a non-function', () => expect(err('{{ "a" "b" }}')).toMatch(/can't give argument to non-function "a"/));
  test('a constant cannot take a pipeline', () => expect(err('{{ "a" | "b" }}')).toMatch(/non executable command in pipeline stage 2/));
  test('wrong arity', () => expect(err('{{ len }}')).toMatch(/wrong number of args for len: want 1 got 0/));
  test('errors from functions name them', () => expect(err('{{ index (split "," "a") 5 }}')).toMatch(/error calling index: index out of range: 5/));
  test('parse errors carry the line', () => expect(err('a\nb\n{{ if }}')).toBe('template: <inline>:3: missing value for if'));
  test('unclosed actions', () => expect(err('{{ "a" ')).toMatch(/unclosed action/));
  test('unexpected end', () => expect(err('{{ end }}')).toMatch(/unexpected \{\{end\}\}/));
});

describe('if, with, range', () => {
  test.each([
    ['if/else', '{{ if .t }}yes{{ else }}no{{ end }}{{ if .f }}yes{{ else }}no{{ end }}', 'yesno'],
    ['else if chains', '{{ if eq .n "1" }}one{{ else if eq .n "2" }}two{{ else }}many{{ end }}', 'two'],
    ['empty things are false', '{{ if "" }}a{{ end }}{{ if 0 }}b{{ end }}{{ if .nope }}c{{ end }}{{ if split "," "" }}d{{ end }}', 'd'],
    ['with sets dot, else when empty', '{{ with .n }}[{{ . }}]{{ end }}{{ with .nope }}x{{ else }}none{{ end }}', '[2]none'],
    ['else with', '{{ with .nope }}a{{ else with .n }}b{{ . }}{{ end }}', 'b2'],
    ['with a variable', '{{ with $v := .n }}{{ $v }}{{ end }}', '2'],
    ['range over a list sets dot', '{{ range split "," "a,b" }}<{{ . }}>{{ end }}', '<a><b>'],
    ['range with index and element', '{{ range $i, $e := split "," "a,b" }}{{ $i }}={{ $e }};{{ end }}', '0=a;1=b;'],
    ['range over a map in key order', '{{ range $k, $v := .m }}{{ $k }}:{{ $v }},{{ end }}', 'a:1,b:2,'],
    ['range else on empty', '{{ range .nope }}x{{ else }}empty{{ end }}', 'empty'],
    ['range over an int', '{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['break and continue', '{{ range seq 6 }}{{ if eq . "1" }}{{ continue }}{{ end }}{{ if eq . "4" }}{{ break }}{{ end }}{{ . }}{{ end }}', '023'],
  ])('%s', (_, t, want) => expect(r(t, { t: true, f: false, n: '2', m: { b: '2', a: '1' } })).toBe(want));

  test('break outside range', () => expect(err('{{ break }}')).toMatch(/\{\{break\}\} outside \{\{range\}\}/));
  test('range over a string is an error', () => expect(err('{{ range "ab" }}{{ end }}')).toMatch(/range can't iterate over ab/));
});

describe('define, template, block', () => {
  test('a defined template called with a pipeline', () => expect(r('{{ define "T" }}[{{ . }}]{{ end }}{{ template "T" "x" }}{{ template "T" }}')).toBe('[x][<no value>]'));
  test('block defines and calls', () => expect(r('{{ block "B" .n }}<{{ . }}>{{ end }}', { n: '7' })).toBe('<7>'));
  test('a later define replaces a block', () => expect(r('{{ block "B" . }}default{{ end }}{{ define "B" }}custom{{ end }}')).toBe('custom'));
  test('templates cannot see the caller variables', () => expect(err('{{ define "T" }}{{ $v }}{{ end }}')).toMatch(/undefined variable "\$v"/));
  test('an undefined template fails when called', () => expect(err('{{ template "none" }}')).toMatch(/template "none" not defined/));
  test('recursion is bounded', () => expect(err('{{ define "R" }}{{ template "R" }}{{ end }}{{ template "R" }}')).toMatch(/exceeded maximum template depth/));
});

describe("Go's functions", () => {
  test.each([
    ['and returns the first false or the last', '{{ and 1 0 2 }} {{ and 1 2 }}', '0 2'],
    ['or returns the first true or the last', '{{ or 0 "" "z" }} {{ or 0 "" }}', 'z '],
    ['and stops early', '{{ and false (index (split "," "") 9) }}', 'false'],
    ['not', '{{ not 0 }} {{ not "a" }}', 'true false'],
    ['eq with several candidates', '{{ eq "b" "a" "b" }} {{ eq 1 2 }}', 'true false'],
    ['nil equals only nil', '{{ eq .nope "x" }} {{ eq .nope .nope2 }}', 'false true'],
    ['ne lt le gt ge', '{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }}', 'true true true true false'],
    ['len of strings counts bytes', '{{ len "héllo" }} {{ len .m }}', '6 2'],
    ['index into lists, maps and nested', '{{ index (split "," "a,b") 1 }} {{ index .m "a" }} {{ index .nest "k" 0 }}', 'b 1 x'],
    ['index of a missing map key', '{{ index .m "zz" }}', '<no value>'],
    ['slice', '{{ slice "abcd" 1 3 }} {{ slice (split "," "a,b,c") 1 }}', 'bc [b c]'],
    ['print spaces operands that are not strings', '{{ print 1 2 "a" "b" 3 }}', '1 2ab3'],
    ['println', '{{ println "a" 1 }}', 'a 1\n'],
    ['html', `{{ html "<a href='x'>&\\"" }}`, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
    ['js', `{{ js "it's <b>" }}`, "it\\'s \\u003Cb\\u003E"],
    ['urlquery', '{{ urlquery "a b&c=d/é" }}', 'a+b%26c%3Dd%2F%C3%A9'],
  ])('%s', (_, t, want) => expect(r(t, { m: { b: '2', a: '1' }, nest: { k: ['x'] } })).toBe(want));

  test('comparing different kinds is an error', () => expect(err('{{ eq 1 "1" }}')).toMatch(/incompatible types for comparison/));
  test('ordering booleans is an error', () => expect(err('{{ lt true false }}')).toMatch(/invalid type for comparison/));
  test('len of an int is an error', () => expect(err('{{ len 3 }}')).toMatch(/error calling len: len of type int/));
});

describe('printf', () => {
  test.each([
    ['%s %d %v', '{{ printf "%s %d %v" "a" 42 1.5 }}', 'a 42 1.5'],
    ['%q quotes strings and characters', `{{ printf "%q %q" "a\\"b\\n" 'x' }}`, `"a\\"b\\n" 'x'`],
    ['%t', '{{ printf "%t" true }}', 'true'],
    ['%x %X %o %b on ints, %x on strings', '{{ printf "%x %X %o %b %x" 255 255 8 5 "hi" }}', 'ff FF 10 101 6869'],
    ['width, precision, flags', '{{ printf "[%5s][%-5s][%05d][%+d][%.2f][%8.3f]" "ab" "ab" 42 3 3.14159 2.5 }}', '[   ab][ab   ][00042][+3][3.14][   2.500]'],
    ['%e %g', '{{ printf "%e %g %g" 1234.5678 0.000012 100.0 }}', '1.234568e+03 1.2e-05 100'],
    ['%v of lists and maps', '{{ printf "%v %v" (split "," "a,b") .m }}', '[a b] map[a:1]'],
    ['%%', '{{ printf "100%%" }}', '100%'],
    ['a wrong type', '{{ printf "%d" "x" }}', '%!d(string=x)'],
    ['a missing argument', '{{ printf "%s %s" "a" }}', 'a %!s(MISSING)'],
    ['an extra argument', '{{ printf "%s" "a" 1 }}', 'a%!(EXTRA int=1)'],
    ['as a pipeline stage', '{{ 7 | printf "%s=%d" "n" }}', 'n=7'],
  ])('%s', (_, t, want) => expect(r(t, { m: { a: '1' } })).toBe(want));
});
