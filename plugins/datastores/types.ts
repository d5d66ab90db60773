/** What differs between the datastores: one row per service type, the rest of the plugin is shared. */
export interface ServiceType {
  /** Command namespace and directory name: services/<name>/NAME. */
  name: 'postgres' | 'redis';
  title: string;
  /** Image versions the local build supports (Debian bookworm packages). */
  versions: string[];
  port: number;
  /** The config key prefix a link sets by default: DATABASE_URL, REDIS_URL. */
  defaultAlias: string;
  /** Mount point of BERTH_LIB_ROOT/services/<type>/NAME/data inside the container. */
  dataDir: string;
  dumpExtension: string;
  url(password: string, host: string, database: string): string;
  /** Commands run with docker exec; none of them carries user input or the password in argv. */
  readyCommand(database: string): string[];
  dumpCommand(database: string): string[];
  connectCommand(database: string): string[];
  restoreCommand?(database: string): string[];
  /** Environment docker exec passes to those commands (e.g. the redis password). */
  execEnv(password: string): string[];
}

export const postgres: ServiceType = {
  name: 'postgres',
  title: 'Postgres',
  versions: ['15'],
  port: 5432,
  defaultAlias: 'DATABASE',
  dataDir: '/var/lib/postgresql/data',
  dumpExtension: 'dump',
  url: (password, host, database) => `postgres://postgres:${password}@${host}:5432/${database}`,
  // the versioned binary: Debian's /usr/bin wrapper costs a Perl start-up per poll
  readyCommand: (db) => ['/usr/lib/postgresql/current/bin/pg_isready', '-q', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', db],
  dumpCommand: (db) => ['pg_dump', '-U', 'postgres', '-Fc', '--no-owner', '--no-acl', db],
  connectCommand: (db) => ['psql', '-U', 'postgres', db],
  restoreCommand: (db) => ['pg_restore', '-U', 'postgres', '-d', db, '--clean', '--if-exists', '--no-owner', '--no-acl', '--exit-on-error'],
  execEnv: () => [],
};

export const redis: ServiceType = {
  name: 'redis',
  title: 'Redis',
  versions: ['7'],
  port: 6379,
  defaultAlias: 'REDIS',
  dataDir: '/data',
  dumpExtension: 'rdb',
  // an explicit `default` user: redis-cli 7.0 sends an empty user name for `redis://:PASS@`
  url: (password, host) => `redis://default:${password}@${host}:6379`,
  readyCommand: () => ['sh', '-c', 'test "$(redis-cli -h 127.0.0.1 ping)" = PONG'],
  // SAVE writes a consistent dump.rdb first; the file is then streamed as is.
  dumpCommand: () => ['sh', '-c', 'redis-cli -h 127.0.0.1 save >/dev/null && cat /data/dump.rdb'],
  connectCommand: () => ['redis-cli', '-h', '127.0.0.1'],
  execEnv: (password) => [`REDISCLI_AUTH=${password}`],
};

export const TYPES: ServiceType[] = [postgres, redis];

/** Colours for a second link of the same type (Dokku's DOKKU_<TYPE>_<COLOR>_URL). */
export const COLORS = ['AQUA', 'BLACK', 'BLUE', 'FUCHSIA', 'GRAY', 'GREEN', 'LIME', 'MAROON', 'NAVY', 'OLIVE', 'PURPLE', 'RED', 'SILVER', 'TEAL', 'WHITE', 'YELLOW'];
