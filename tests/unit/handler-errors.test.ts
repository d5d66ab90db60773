import { BerthError } from '../../core/errors.js';
import { engineFor, installShell, installTs, tempPlatform, type TempPlatform } from '../helpers/engine-fixtures.js';

/** Whatever a handler throws, or however it exits, the error names the plugin and the trigger. */
let p: TempPlatform;
beforeEach(() => {
  p = tempPlatform();
  installShell(p, '00_sh');
  installTs(p, '10_ts');
});
afterEach(() => p.cleanup());

const failure = async (env: NodeJS.ProcessEnv, trigger = 'maybe-fail') => {
  const r = await engineFor(p, { env }).engine.dispatch(trigger, [], { capture: true, stdin: 'ignore' });
  return r.error!;
};

describe('handler errors carry plugin and trigger', () => {
  test("a TS handler's own BerthError keeps its message and code", async () => {
    const e = await failure({ FAIL_IN: '10_ts', FAIL_CODE: '9' });
    expect(e).toBeInstanceOf(BerthError);
    expect({ code: e.code, exit: e.exitCode, message: e.message, plugin: e.plugin, trigger: e.trigger }).toEqual({
      code: 'EXTERNAL',
      exit: 9,
      message: 'failing 10_ts',
      plugin: '10_ts',
      trigger: 'maybe-fail',
    });
  });

  test('a plain exception from a TS handler', async () => {
    const e = await failure({}, 'throw-plain');
    expect({ code: e.code, plugin: e.plugin, trigger: e.trigger }).toEqual({ code: 'HANDLER_THREW', plugin: '10_ts', trigger: 'throw-plain' });
  });

  test('a shell handler that exits non-zero', async () => {
    const e = await failure({ FAIL_IN: '00_sh', FAIL_CODE: '3' });
    expect({ code: e.code, exit: e.exitCode, message: e.message, plugin: e.plugin, trigger: e.trigger }).toEqual({
      code: 'TRIGGER_FAILED',
      exit: 3,
      message: "Trigger 'maybe-fail' failed in plugin '00_sh' (exit 3)",
      plugin: '00_sh',
      trigger: 'maybe-fail',
    });
  });
});
