import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { docker, dockerReachable } from './deploy-floor.js';
import { fmtMs, fmtRatio, heading, line, measureAll, statsOf } from './measure.js';
import { repoDir } from './plugin-tree.js';
import { record, skip } from './summary.js';

const exec = promisify(execFile);
const IMAGE = 'berth/postgres:15';
const CREATE = 'postgres:create → accepting connections vs docker run → pg_isready';
/** Rows of incompressible-ish text: about 100 MB of pg_dump custom format. */
const ROWS = Number(process.env.BENCH_DATASTORES_ROWS ?? 1_700_000);

interface Platform {
  env: NodeJS.ProcessEnv;
  libRoot: string;
  cleanup(): void;
}

/** A platform in a temp dir with the built plugins enabled; run as the caller (no platform user), as unit tests do. */
function tempPlatform(): Platform {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-ds-'));
  const libRoot = path.join(dir, 'lib');
  const pluginPath = path.join(libRoot, 'plugins');
  for (const d of [path.join(dir, 'home'), path.join(pluginPath, 'available'), path.join(pluginPath, 'enabled')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(pluginPath, 'config.toml'), '');
  const built = path.join(repoDir(), 'dist', 'plugins');
  for (const name of fs.readdirSync(built)) {
    if (!fs.existsSync(path.join(built, name, 'plugin.toml'))) continue;
    fs.symlinkSync(path.join(built, name), path.join(pluginPath, 'available', name));
    fs.symlinkSync(path.join(pluginPath, 'available', name), path.join(pluginPath, 'enabled', name));
  }
  const env = { ...process.env, BERTH_ROOT: path.join(dir, 'home'), BERTH_LIB_ROOT: libRoot, PLUGIN_PATH: pluginPath, BERTH_NO_DROP: '1', NAME: '', FINGERPRINT: '' };
  return { env, libRoot, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const berthBin = () => path.join(repoDir(), 'bin', 'berth');

/** berth with stdout or stdin bound to a file (dumps are binary); a failure breaks the benchmark. */
function berthIO(p: Platform, args: string[], o: { stdout?: string; stdin?: string } = {}): Promise<void> {
  return runIO(berthBin(), args, p.env, o);
}

function runIO(cmd: string, args: string[], env: NodeJS.ProcessEnv, o: { stdout?: string; stdin?: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdin = o.stdin ? fs.openSync(o.stdin, 'r') : 'ignore';
    const stdout = o.stdout ? fs.openSync(o.stdout, 'w') : 'ignore';
    const child = spawn(cmd, args, { env, stdio: [stdin, stdout, 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const fd of [stdin, stdout]) if (typeof fd === 'number') fs.closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim().slice(0, 500)}`));
    });
  });
}

/** The floor: the same image and the same entrypoint (initdb on first start), polled with its own pg_isready. */
async function plainRunUntilReady(name: string, dataDir: string): Promise<void> {
  await docker(['run', '-d', '--name', name, '--label', 'berth=bench', '-e', 'POSTGRES_PASSWORD=bench', '-e', 'DATABASE_NAME=bench', '-v', `${dataDir}:/var/lib/postgresql/data`, IMAGE]);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await exec('docker', ['exec', name, '/usr/lib/postgresql/current/bin/pg_isready', '-q', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'bench']).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name} did not accept connections`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Remove a floor container and its data (written by the server's user, so emptied from inside a container). */
async function removePlain(name: string, dataDir: string): Promise<void> {
  await docker(['rm', '-f', '-v', name]).catch(() => '');
  await docker(['run', '--rm', '-v', `${dataDir}:/target`, '--entrypoint', 'find', IMAGE, '/target', '-mindepth', '1', '-delete']).catch(() => '');
}

/** Round-robin like measureAll, but only the create is timed: each side's removal runs after the clock stops. */
async function createBench(p: Platform, work: string): Promise<void> {
  const iterations = Number(process.env.BENCH_DATASTORES_ITERATIONS ?? 3);
  const samples = { berth: [] as number[], floor: [] as number[] };
  for (let i = 0; i < 1 + iterations; i++) {
    const name = `bench${process.pid}c${i}`;
    let t0 = performance.now();
    try {
      await berthIO(p, ['postgres:create', name]);
      if (i > 0) samples.berth.push(performance.now() - t0);
    } finally {
      await berthIO(p, ['postgres:destroy', name, '--force']).catch(() => undefined);
    }
    const floor = `berth-bench-pg-${process.pid}-${i}`;
    const data = fs.mkdtempSync(path.join(work, 'floor-'));
    t0 = performance.now();
    try {
      await plainRunUntilReady(floor, data);
      if (i > 0) samples.floor.push(performance.now() - t0);
    } finally {
      await removePlain(floor, data);
    }
  }
  const berth = statsOf(samples.berth);
  const base = statsOf(samples.floor);
  line('docker run + initdb → pg_isready (floor)', base);
  line('berth postgres:create → accepting connections', berth, { label: 'floor', stats: base });
  const r = berth.median / base.median;
  record({ name: CREATE, measured: fmtRatio(r), target: '≤ 1.5×', pass: r <= 1.5, note: `${fmtMs(berth.median)} vs ${fmtMs(base.median)}` });
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function throughputBench(p: Platform, work: string): Promise<void> {
  const name = `bench${process.pid}io`;
  const container = `berth.postgres.${name}`;
  const db = name;
  await berthIO(p, ['postgres:create', name]);
  try {
    const t0 = performance.now();
    const sql = `CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text) AS payload, now() AS at FROM generate_series(1, ${ROWS}) g`;
    await docker(['exec', container, 'psql', '-q', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql]);
    console.log(`  ${ROWS} rows generated in ${fmtMs(performance.now() - t0)}`);
    const dumpBerth = path.join(work, 'berth.dump');
    const dumpFloor = path.join(work, 'floor.dump');
    const pgDump = ['pg_dump', '-U', 'postgres', '-Fc', '--no-owner', '--no-acl', db];
    const pgRestore = ['pg_restore', '-U', 'postgres', '-d', db, '--clean', '--if-exists', '--no-owner', '--no-acl', '--exit-on-error'];
    const iterations = Number(process.env.BENCH_DATASTORES_IO_ITERATIONS ?? 2);
    const stats = await measureAll(
      {
        exportBerth: () => berthIO(p, ['postgres:export', name], { stdout: dumpBerth }),
        exportFloor: () => runIO('docker', ['exec', container, ...pgDump], process.env, { stdout: dumpFloor }),
        importBerth: () => berthIO(p, ['postgres:import', name], { stdin: dumpBerth }),
        importFloor: () => runIO('docker', ['exec', '-i', container, ...pgRestore], process.env, { stdin: dumpFloor }),
      },
      { warmup: 0, iterations },
    );
    const size = mb(fs.statSync(dumpBerth).size);
    console.log(`  dump: ${size.toFixed(1)} MB (pg_dump custom format; floor dump ${mb(fs.statSync(dumpFloor).size).toFixed(1)} MB)`);
    const rate = (ms: number) => `${(size / (ms / 1000)).toFixed(1)} MB/s`;
    for (const [label, key, base] of [
      ['docker exec pg_dump > file (floor)', 'exportFloor', undefined],
      ['berth postgres:export > file', 'exportBerth', 'exportFloor'],
      ['docker exec -i pg_restore < file (floor)', 'importFloor', undefined],
      ['berth postgres:import < file', 'importBerth', 'importFloor'],
    ] as const) {
      line(`${label}  ${rate(stats[key].median)}`, stats[key], base ? { label: 'floor', stats: stats[base] } : undefined);
    }
    for (const [what, key, base] of [
      ['export', 'exportBerth', 'exportFloor'],
      ['import', 'importBerth', 'importFloor'],
    ] as const) {
      const r = stats[key].median / stats[base].median;
      record({ name: `postgres:${what} ${size.toFixed(0)} MB vs docker exec pg_${what === 'export' ? 'dump' : 'restore'}`, measured: fmtRatio(r), target: '≤ 1.2×', pass: r <= 1.2, note: `${rate(stats[key].median)} vs ${rate(stats[base].median)}` });
    }
  } finally {
    await berthIO(p, ['postgres:destroy', name, '--force']).catch((err) => console.log(`  cleanup: ${(err as Error).message}`));
  }
}

/** Issue #5: a postgres service until it accepts connections, and dump throughput, next to plain docker in the same run. Opt-in: Docker and minutes. */
export async function datastoresBench(): Promise<void> {
  heading('Datastores: postgres:create and export/import vs plain docker run / pg_dump / pg_restore (floor)');
  const why = process.env.BENCH_DATASTORES !== '1' ? 'BENCH_DATASTORES=1 not set' : !(await dockerReachable()) ? 'docker not reachable' : !(await docker(['images', '-q', IMAGE]).catch(() => '')) ? `no image ${IMAGE}` : undefined;
  if (why) {
    console.log(`  skipped: ${why}`);
    skip(CREATE, '≤ 1.5×', why);
    return skip('postgres:export / import vs pg_dump / pg_restore', '≤ 1.2×', why);
  }
  const p = tempPlatform();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-ds-work-'));
  try {
    await createBench(p, work);
    await throughputBench(p, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    p.cleanup();
  }
}
