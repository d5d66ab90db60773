import { errors, type PluginContext } from '../../core/sdk.js';

/** Destroying data asks for the service name on stdin, like apps:destroy; anything else aborts. */
export async function confirmDestroy(ctx: PluginContext, name: string): Promise<void> {
  ctx.log.warn('WARNING: Potentially Destructive Action');
  ctx.log.warn(`This command will destroy ${name} and all of its data.`);
  ctx.log.warn(`To proceed, type "${name}"`);
  ctx.stderr.write('\n> ');
  const answer = await new Promise<string>((resolve) => {
    let text = '';
    const stdin = process.stdin;
    const done = () => {
      stdin.off('data', onData);
      stdin.pause();
      resolve(text.split('\n')[0] ?? '');
    };
    const onData = (c: Buffer | string) => {
      text += c.toString();
      if (text.includes('\n')) done();
    };
    stdin.on('data', onData);
    stdin.once('end', done);
  });
  if (answer.trim() !== name) throw errors.usage(`Confirmation did not match ${name}. Aborted.`);
}
