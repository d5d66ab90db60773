import { PassThrough } from 'node:stream';
import { exitCodeFor } from '../../bin/exit-codes.js';
import { BerthError, errors, hostFailure } from '../../core/errors.js';

/** A dead Docker daemon or a full disk reads the same wherever a plugin wrapped the error. */
const sysErr = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'x')), props);

describe('hostFailure', () => {
  const deadSock = sysErr({ code: 'ENOENT', syscall: 'connect', address: '/nonexistent/docker.sock', message: 'connect ENOENT /nonexistent/docker.sock' });

  test('a connect error on the Docker endpoint, wrapped twice, is "Docker is not reachable" (exit 69)', () => {
    const wrapped = errors.external('App build failed', errors.external('Docker build could not start', deadSock));
    const e = hostFailure(wrapped, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(e?.message).toBe('Docker is not reachable: ENOENT connecting to /nonexistent/docker.sock');
    expect(e?.exitCode).toBe(69);
  });

  test('the default socket and a tcp DOCKER_HOST are recognised too', () => {
    expect(hostFailure(sysErr({ code: 'ECONNREFUSED', syscall: 'connect', address: '/var/run/docker.sock' }), {})?.code).toBe('DOCKER_UNREACHABLE');
    expect(hostFailure(sysErr({ code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 2375 }), { DOCKER_HOST: 'tcp://127.0.0.1:2375' })?.code).toBe('DOCKER_UNREACHABLE');
  });

  test('a refused connection elsewhere (a database, nginx) is not blamed on Docker', () => {
    expect(hostFailure(sysErr({ code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 5432 }), {})).toBeUndefined();
    expect(hostFailure(errors.notFound('App x has no code'), {})).toBeUndefined();
    expect(hostFailure('a string', {})).toBeUndefined();
  });

  test('ENOSPC, or a tool saying so, is "No space left on device" (exit 74)', () => {
    const enospc = errors.external('write failed', sysErr({ code: 'ENOSPC', path: '/lib/config/x/env.tmp-1', message: 'ENOSPC: no space left on device' }));
    expect(hostFailure(enospc, {})?.message).toBe('No space left on device: /lib/config/x/env.tmp-1');
    const tar = errors.external('Extracting failed', new Error('Command failed: tar -x\ntar: server.js: Cannot write: No space left on device'));
    expect(hostFailure(tar, {})).toMatchObject({ code: 'NO_SPACE', exitCode: 74, message: 'No space left on device: tar: server.js: Cannot write: No space left on device' });
  });

  test('a cause cycle ends the walk', () => {
    const a: { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(hostFailure(a, {})).toBeUndefined();
  });

  test('exitCodeFor prints the clear message and its hint, and returns its exit code', () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (c: Buffer) => (text += c.toString()));
    const code = exitCodeFor(new BerthError('TRIGGER_FAILED', 'x', { cause: errors.external('y', sysErr({ code: 'ENOSPC', path: '/d/f' })) }), err);
    expect(code).toBe(74);
    expect(text).toContain(' !     No space left on device: /d/f\n');
    expect(text).toContain('Nothing was half-written');
  });
});
