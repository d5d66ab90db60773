import { createRequire, Module } from 'node:module';

/**
 * dockerode requires its BuildKit session support (gRPC + protobuf) and docker-modem its SSH transport
 * (ssh2) when it loads. berth talks to the local socket and builds with the classic builder, so neither
 * is used, yet together they are about 3/4 of dockerode's load time (close to a second on a busy host)
 * in every process that touches Docker. This puts forwarders for the two modules in the module cache;
 * the real module loads on the first call, so behaviour is unchanged. Call before dockerode is imported.
 */
let done = false;

export function deferDockerodeExtras(): void {
  if (done) return;
  done = true;
  let require: NodeJS.Require;
  try {
    require = createRequire(createRequire(import.meta.url).resolve('dockerode'));
  } catch {
    return; // no dockerode here: nothing to defer
  }
  for (const request of ['./session.js', 'docker-modem/lib/ssh.js']) {
    let file: string;
    try {
      file = require.resolve(request);
    } catch {
      continue; // another dockerode layout: it loads as it is
    }
    if (require.cache[file]) continue;
    const stub = new Module(file);
    stub.filename = file;
    stub.loaded = true;
    stub.exports = function (this: unknown, ...args: unknown[]) {
      if (require.cache[file] === stub) delete require.cache[file];
      return (require(file) as (...a: unknown[]) => unknown).apply(this, args);
    };
    require.cache[file] = stub;
  }
}
