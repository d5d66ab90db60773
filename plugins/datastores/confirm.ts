import { confirmByName, type PluginContext } from '../../sdk/index.js';

/** Destroying data asks for the service name on stdin, like apps:destroy; anything else aborts. */
export async function confirmDestroy(ctx: PluginContext, name: string): Promise<void> {
  await confirmByName(ctx, name, `${name} and all of its data`);
}
