import type Docker from 'dockerode';

let client: Docker | undefined;

/** One Docker client per process (DOCKER_HOST is honoured), imported on first use: loading dockerode costs about a second of start-up. */
export async function dockerClient(): Promise<Docker> {
  return (client ??= new (await import('dockerode')).default());
}
