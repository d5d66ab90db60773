import { engineFor, installShell, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

/** The build id is part of a dispatch's context: the dispatches it causes see it, nothing else does. */
let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
  installShell(p, 'probe', 'context-probe');
});
afterEach(() => p.cleanup());

const probe = async (engine: ReturnType<typeof engineFor>['engine']) => (await engine.dispatch('show-build-id', [], { capture: true, stdin: 'ignore' })).stdout.trim();

describe('dispatch context', () => {
  test('shell handlers and interceptors see the build id of the dispatch that caused them; process.env is untouched', async () => {
    const { engine } = engineFor(p);
    const seen: string[] = [];
    engine.intercept({
      onDispatchStart: (s) => seen.push(`start ${s.trigger} ${s.buildId ?? '-'}`),
      onDispatch: (r) => seen.push(`end ${r.trigger} ${r.buildId ?? '-'} ${r.handlers.map((h) => h.plugin).join(',')}`),
    });
    expect(await engine.withDispatchContext({ buildId: 'b-7' }, () => probe(engine))).toBe('build b-7');
    expect(await probe(engine)).toBe('build none');
    expect(process.env.BERTH_BUILD_ID).toBeUndefined();
    expect(seen).toEqual(['start show-build-id b-7', 'end show-build-id b-7 probe', 'start show-build-id -', 'end show-build-id - probe']);
  });

  test('two builds in one process keep their own ids', async () => {
    const { engine } = engineFor(p);
    const run = (id: string) => engine.withDispatchContext({ buildId: id }, async () => [await probe(engine), engine.dispatchContext().buildId]);
    expect(await Promise.all([run('b-1'), run('b-2')])).toEqual([['build b-1', 'b-1'], ['build b-2', 'b-2']]);
  });

  test('a process started with BERTH_BUILD_ID (a nested berth) starts in that build', async () => {
    const { engine } = engineFor(p, { env: { BERTH_BUILD_ID: 'b-outer' } });
    expect(engine.dispatchContext().buildId).toBe('b-outer');
    expect(await probe(engine)).toBe('build b-outer');
  });
});
