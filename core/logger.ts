/** Heroku-style output: `-----> ` steps, `=====> ` headings, indented detail, ` !     ` warnings on stderr. */
export interface Logger {
  info1(msg: string): void;
  info2(msg: string): void;
  verbose(msg: string): void;
  warn(msg: string): void;
  /** Only with --trace; tagged with the plugin name. */
  trace(msg: string): void;
  /** Plain output that --quiet does not hide (command results). */
  out(msg: string): void;
}

export interface LoggerOptions {
  tag: string;
  quiet: boolean;
  trace: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function createLogger(o: LoggerOptions): Logger {
  const say = (prefix: string, msg: string) => {
    if (!o.quiet) o.stdout.write(msg.split('\n').map((l) => prefix + l).join('\n') + '\n');
  };
  return {
    info1: (msg) => say('-----> ', msg),
    info2: (msg) => say('=====> ', msg),
    verbose: (msg) => say('       ', msg),
    warn: (msg) => o.stderr.write(msg.split('\n').map((l) => ` !     ${l}`).join('\n') + '\n'),
    trace: (msg) => {
      if (o.trace) o.stderr.write(`+ [${o.tag}] ${msg}\n`);
    },
    out: (msg) => o.stdout.write(msg.endsWith('\n') ? msg : msg + '\n'),
  };
}
