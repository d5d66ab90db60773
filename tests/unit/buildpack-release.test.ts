import { execa } from 'execa';
import { ReleaseYamlError, parseDocument, parseRelease } from '../../plugins/builder-buildpack/release-yaml.js';
import { formatProcesses, mergeProcesses, parseProcfile } from '../../plugins/builder-buildpack/procfile.js';
import { firstTarFile, indentLine, singleFileTar } from '../../plugins/builder-buildpack/container-io.js';

describe('bin/release YAML', () => {
  test('the shape Heroku buildpacks print', () => {
    const text = [
      '---',
      'addons:',
      '- heroku-postgresql',
      'config_vars:',
      '  LANG: en_US.UTF-8',
      '  RAILS_ENV: production',
      'default_process_types:',
      '  rake: bundle exec rake',
      '  web: bin/rails server -p ${PORT:-5000} -e $RAILS_ENV',
      '',
    ].join('\n');
    expect(parseRelease(text)).toEqual({
      addons: ['heroku-postgresql'],
      configVars: { LANG: 'en_US.UTF-8', RAILS_ENV: 'production' },
      defaultProcessTypes: { rake: 'bundle exec rake', web: 'bin/rails server -p ${PORT:-5000} -e $RAILS_ENV' },
    });
  });

  test('empty output, an empty document and empty flow collections mean no defaults', () => {
    const none = { addons: [], configVars: {}, defaultProcessTypes: {} };
    expect(parseRelease('')).toEqual(none);
    expect(parseRelease('--- {}\n')).toEqual(none);
    expect(parseRelease('---\naddons: []\ndefault_process_types: {}\nconfig_vars:\n')).toEqual(none);
    expect(parseRelease('---\ndefault_process_types:\n')).toEqual(none);
  });

  test('quoted scalars, comments and indented sequences', () => {
    const text = [
      '--- # release of the test buildpack',
      'default_process_types:',
      '    web: "node server.js --greeting \\"hi\\" # not a comment"',
      "    worker: 'it''s a worker' # a comment",
      '    "clock": node clock.js',
      'addons:',
      '  - "a"',
      '  - b',
      'config_vars: {NODE_ENV: production, EMPTY: ""}',
    ].join('\n');
    expect(parseRelease(text)).toEqual({
      defaultProcessTypes: { web: 'node server.js --greeting "hi" # not a comment', worker: "it's a worker", clock: 'node clock.js' },
      addons: ['a', 'b'],
      configVars: { NODE_ENV: 'production', EMPTY: '' },
    });
  });

  test('JSON strings (what the fixture buildpacks print) are valid double-quoted scalars', () => {
    const command = 'node -e "console.log(\'\\u00e9\')" \\ back\tslash';
    expect(parseRelease(`default_process_types:\n  web: ${JSON.stringify(command)}\n`).defaultProcessTypes.web).toBe(command);
  });

  test('only the first document is read; CRLF line ends are fine', () => {
    expect(parseDocument('---\r\na: 1\r\n---\r\nb: 2\r\n')).toEqual({ a: '1' });
    expect(parseDocument('a: 1\n...\nb: 2\n')).toEqual({ a: '1' });
  });

  test.each([
    ['default_process_types:\n  web:\n    nested: x\n', /line 3: nested/],
    ['default_process_types: &anchor\n', /anchors/],
    ['default_process_types: |\n  web: x\n', /block scalars/],
    ['  web: x\n', /line 1: unexpected indentation/],
    ['default_process_types:\n  - web\n', /must be a mapping/],
    ['config_vars: "x\n', /bad quoted string/],
    ['default_process_types: {a: [b]}\n', /nested flow/],
    ['default_process_types: {a: b\n', /unterminated/],
    ['just text\n', /expected "key: value"/],
  ])('rejects what it does not understand: %j', (text, message) => {
    expect(() => parseRelease(text)).toThrow(ReleaseYamlError);
    expect(() => parseRelease(text)).toThrow(message);
  });
});

describe('Procfile and the image process table', () => {
  test('Procfile lines, comments and blanks', () => {
    expect(parseProcfile('# comment\nweb: node server.js\r\n\nworker:   node worker.js  \nbad line\n-x: y\nrelease: ./migrate\n')).toEqual({
      web: 'node server.js',
      worker: 'node worker.js',
      release: './migrate',
    });
  });

  test('Procfile entries override the buildpack defaults type by type', () => {
    expect(mergeProcesses({ web: 'npm start', console: 'node' }, { web: 'node server.js', worker: 'node w.js' })).toEqual({
      web: 'node server.js',
      console: 'node',
      worker: 'node w.js',
    });
    expect(mergeProcesses({ 'bad name!': 'x', ok: ' y ' }, {})).toEqual({ ok: 'y' });
  });

  test('the table is one line per type and round-trips through the Procfile parser', () => {
    const table = formatProcesses({ web: 'node server.js', worker: 'a\nb' });
    expect(table).toBe('web: node server.js\nworker: a b\n');
    expect(parseProcfile(table)).toEqual({ web: 'node server.js', worker: 'a b' });
  });
});

describe('container I/O helpers', () => {
  test('a generated single-file tar is valid for GNU tar, and read back', async () => {
    const tar = singleFileTar('processes', 'web: node server.js\n');
    expect(tar.length % 512).toBe(0);
    const listed = await execa('tar', ['-tvf', '-'], { input: tar });
    expect(listed.stdout).toMatch(/-rw-r--r-- 0\/0\s+20 .* processes$/);
    const content = await execa('tar', ['-xOf', '-'], { input: tar });
    expect(content.stdout).toBe('web: node server.js');
    expect(firstTarFile(tar)).toBe('web: node server.js\n');
  });

  test('the first file of an archive made by tar (with a directory entry first)', async () => {
    const dir = (await execa('mktemp', ['-d'])).stdout;
    await execa('sh', ['-c', 'mkdir d && printf "%s" "$1" > d/.release', 'sh', '--- {}\nx: "é"'], { cwd: dir });
    const tar = (await execa('tar', ['-c', '-C', dir, 'd'], { encoding: 'buffer' })).stdout as unknown as Uint8Array;
    expect(firstTarFile(Buffer.from(tar))).toBe('--- {}\nx: "é"');
    expect(firstTarFile(Buffer.alloc(1024))).toBeUndefined();
    await execa('rm', ['-rf', dir]);
  });

  test('build output lines are indented unless they carry a Heroku prefix', () => {
    expect(indentLine('-----> Node.js app detected')).toBe('-----> Node.js app detected');
    expect(indentLine('       already indented')).toBe('       already indented');
    expect(indentLine(' !     failure')).toBe(' !     failure');
    expect(indentLine('npm WARN x')).toBe('       npm WARN x');
    expect(indentLine('')).toBe('');
  });
});
