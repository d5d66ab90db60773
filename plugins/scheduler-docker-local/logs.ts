import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { errors, type PluginContext } from '../../sdk/index.js';
import { appContainers, demux, docker, dockerError, label } from './docker.js';
import { readSlots } from './state.js';

interface Line {
  ts: string;
  dyno: string;
  text: string;
}

/**
 * scheduler-logs docker-local APP PROC TAIL PRETTY NUM: the dynos' output, demultiplexed, each line
 * prefixed Heroku-style with its timestamp and `app[web.1]:` unless PRETTY is false. NUM 0 means all.
 */
export async function schedulerLogs(ctx: PluginContext, scheduler: string, app: string, proc: string, tail: string, pretty: string, num: string): Promise<void> {
  const containers = await current(ctx, app, proc);
  if (!containers.length && !proc) throw errors.notFound(`App ${app} has no processes`, 'Deploy it first with git push');
  await printLogs(ctx, containers, { follow: tail === 'true', pretty: pretty !== 'false', num: Number(num) });
}

/**
 * The output of some containers (deploy dynos, one-off runs), by timestamp, each line prefixed with
 * its timestamp and `app[DYNO]:` when `pretty`; `num` > 0 keeps the last lines; `follow` streams on.
 */
export async function printLogs(ctx: PluginContext, containers: Docker.ContainerInfo[], o: { follow: boolean; pretty: boolean; num: number }): Promise<void> {
  const n = o.num > 0 ? o.num : undefined;
  const print = (l: Line) => ctx.stdout.write(o.pretty ? `${l.ts} app[${l.dyno}]: ${l.text}\n` : `${l.text}\n`);
  if (o.follow) {
    await Promise.all(containers.map((c) => follow(c, n, print)));
    return;
  }
  const lines: Line[] = [];
  for (const c of containers) {
    let buf: Buffer;
    try {
      buf = (await (await docker()).getContainer(c.Id).logs({ stdout: true, stderr: true, timestamps: true, follow: false, ...(n ? { tail: n } : {}) })) as unknown as Buffer;
    } catch (err) {
      throw dockerError(`Unable to read the logs of ${c.Labels[label.dyno]}`, err);
    }
    const splitter = new LineSplitter();
    for (const frame of demux(buf)) for (const raw of splitter.push(frame.stream, frame.data)) lines.push(parse(raw, c.Labels[label.dyno] ?? '?'));
    for (const raw of splitter.flush()) lines.push(parse(raw, c.Labels[label.dyno] ?? '?'));
  }
  lines.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  for (const l of n ? lines.slice(-n) : lines) print(l);
}

/** The recorded dynos when there are any (a deploy's candidates are not shown), else every deploy container. */
async function current(ctx: PluginContext, app: string, proc: string): Promise<Docker.ContainerInfo[]> {
  const all = await appContainers(app, proc || undefined);
  const recorded = new Set(readSlots(ctx, app, proc || undefined).map((s) => s.cid));
  const chosen = all.filter((c) => recorded.has(c.Id));
  return (chosen.length ? chosen : all).sort((a, b) => (a.Labels[label.dyno] ?? '').localeCompare(b.Labels[label.dyno] ?? ''));
}

async function follow(c: Docker.ContainerInfo, n: number | undefined, print: (l: Line) => void): Promise<void> {
  const dyno = c.Labels[label.dyno] ?? '?';
  let stream: Readable;
  try {
    stream = (await (await docker()).getContainer(c.Id).logs({ stdout: true, stderr: true, timestamps: true, follow: true, ...(n ? { tail: n } : {}) })) as unknown as Readable;
  } catch (err) {
    throw dockerError(`Unable to follow the logs of ${dyno}`, err);
  }
  const splitter = new LineSplitter();
  let pending = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let used = 0;
      for (const frame of demux(pending)) {
        if (frame.data.length < pending.readUInt32BE(used + 4)) break;
        used += 8 + frame.data.length;
        for (const raw of splitter.push(frame.stream, frame.data)) print(parse(raw, dyno));
      }
      pending = pending.subarray(used);
    });
    stream.on('end', () => {
      for (const raw of splitter.flush()) print(parse(raw, dyno));
      resolve();
    });
    stream.on('error', reject);
  });
}

function parse(raw: string, dyno: string): Line {
  const i = raw.indexOf(' ');
  return i > 0 ? { ts: raw.slice(0, i), dyno, text: raw.slice(i + 1) } : { ts: raw, dyno, text: '' };
}

/** Frames may cut lines anywhere; whole lines are returned, per stream. */
class LineSplitter {
  private rest: Record<string, string> = {};

  push(stream: string, data: Buffer): string[] {
    const text = (this.rest[stream] ?? '') + data.toString('utf8');
    const parts = text.split('\n');
    this.rest[stream] = parts.pop() ?? '';
    return parts.map((l) => l.replace(/\r$/, ''));
  }

  flush(): string[] {
    const out = Object.values(this.rest).filter((l) => l !== '');
    this.rest = {};
    return out;
  }
}
