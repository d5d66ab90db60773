// Black-box driver for engine tests: `node engine-driver.mjs <method> <trigger> [args…]` against the
// compiled engine (dist/), in a platform given by BERTH_LIB_ROOT/PLUGIN_PATH. Handler output goes
// straight to this process's stdout/stderr; the result is written as JSON to $ENGINE_DRIVER_RESULT.
import fs from 'node:fs';
import path from 'node:path';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../dist');
const { Engine } = await import(path.join(dist, 'core/engine.js'));
const { resolvePaths } = await import(path.join(dist, 'core/paths.js'));

const [method, trigger, ...args] = process.argv.slice(2);
const engine = new Engine({ paths: resolvePaths() });
const record = (result) => process.env.ENGINE_DRIVER_RESULT && fs.writeFileSync(process.env.ENGINE_DRIVER_RESULT, JSON.stringify(result ?? null));
try {
  await engine.loadInterceptors();
  if (method === 'raw') {
    const r = await engine.triggers.raw(trigger, args);
    record({ exit: r.exit, handlers: r.handlers.map((h) => `${h.kind}:${h.plugin}:${h.exit}`) });
    process.exitCode = r.exit;
  } else {
    const stdin = process.env.ENGINE_DRIVER_STDIN;
    const result =
      method === 'waterfall' ? await engine.triggers.waterfall(trigger, stdin ?? '', ...args) : await engine.triggers[method](trigger, ...args);
    record(result);
  }
} catch (err) {
  process.stderr.write(`driver: ${err.message}\n`);
  process.exitCode = err.exitCode ?? 99;
} finally {
  await engine.flush();
}
