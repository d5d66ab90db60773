import { errors, type PluginContext } from '../../core/sdk.js';

/** Like apps:destroy: the network's name typed on stdin confirms; anything else (or EOF) aborts. */
export async function confirmDestroy(ctx: PluginContext, network: string): Promise<void> {
  ctx.log.warn('WARNING: Potentially Destructive Action');
  ctx.log.warn(`This command will destroy network ${network}.`);
  ctx.log.warn(`To proceed, type "${network}"`);
  ctx.stderr.write('\n> ');
  const answer = (await firstLine()).trim();
  if (answer !== network) throw errors.usage(`Confirmation did not match ${network}. Aborted.`);
}

function firstLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const stdin = process.stdin;
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', finish);
      stdin.pause();
      resolve(text.split('\n')[0] ?? '');
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', finish);
  });
}
