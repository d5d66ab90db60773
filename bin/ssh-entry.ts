import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Engine } from '../core/engine.js';
import { errors } from '../core/errors.js';
import { exitOf } from '../core/shell-runner.js';
import { splitSshCommand } from '../sdk/shell-words.js';
import { resolvePaths } from '../core/paths.js';
import { platformUser, type SystemUser } from '../core/system-user.js';
import { readableBy, stageFileArguments } from './file-arguments.js';

/** Commands root keeps running as root: host set-up, the SSH key file and plugin management (as in Dokku). */
export const ROOT_COMMANDS = new Set([
  'install',
  'ssh-keys:add',
  'ssh-keys:remove',
  'stack:build',
  'plugin:install',
  'plugin:uninstall',
  'plugin:update',
  'plugin:enable',
  'plugin:disable',
  // writes a new plugin into the caller's directory, which the platform user may not be able to enter
  'plugin:new',
  // chown to the app user's uid needs root; Dokku's admins run it on the host as root too
  'storage:ensure-directory',
  // the same for a storage entry's directory (--chown, --mode), and removing one another uid filled
  'storage:create',
  'storage:set',
  'storage:destroy',
]);

/** Variables only a local test may set (the fault-pause test plugin reads them): never taken from a remote caller. */
export const LOCAL_ONLY_ENV = ['BERTH_FAULT_PAUSE_AT', 'BERTH_FAULT_MARKER'] as const;

/**
 * Turns how berth was reached into the argv it should run. Over SSH the forced command's argv has
 * been word-split and globbed by the login shell, so it is ignored and SSH_ORIGINAL_COMMAND is
 * split again properly. The caller's identity goes to SSH_USER / SSH_NAME for plugins.
 */
export function entryArgv(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const original = env.SSH_ORIGINAL_COMMAND;
  if (original !== undefined) {
    // Nested berth runs (git hooks, plugins calling berth) must use their own argv.
    delete env.SSH_ORIGINAL_COMMAND;
    for (const name of LOCAL_ONLY_ENV) delete env[name];
    argv = splitSshCommand(original);
  }
  env.SSH_USER ||= os.userInfo().username;
  env.SSH_NAME ||= env.NAME || 'default';
  return argv;
}

/**
 * Root runs berth as the platform user (BERTH_SYSTEM_USER, default `berth`, whose home is the
 * platform root) so every file the platform writes belongs to it; returns the exit code when it
 * re-ran, undefined to go on here.
 */
export async function dropToPlatformUser(argv: string[], command: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (process.getuid?.() !== 0 || env.BERTH_NO_DROP === '1' || (command && ROOT_COMMANDS.has(command))) return undefined;
  const user = platformUser(resolvePaths(env).root, env);
  if (!user || user.uid === 0) return undefined;
  const staged = stageFileArguments(argv, command, user);
  const self = [process.execPath, ...process.execArgv, process.argv[1]!, ...staged.argv];
  const childEnv = { ...env, HOME: user.home, USER: user.name, LOGNAME: user.name, PWD: homeOrRoot(user) };
  try {
    return await runAs(user, self, childEnv);
  } finally {
    staged.cleanup();
  }
}

/** The caller's directory may be closed to the platform user (root's home): the child starts in its own. */
function homeOrRoot(user: SystemUser): string {
  return fs.statSync(user.home, { throwIfNoEntry: false })?.isDirectory() && readableBy(user, user.home) ? user.home : '/';
}

function runAs(user: SystemUser, cmd: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // --init-groups gives the user's supplementary groups (docker) exactly as a login would.
  const setpriv = ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', ...cmd];
  const runuser = ['runuser', '-u', user.name, '--', ...cmd];
  return run(setpriv, env).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return run(runuser, env);
    throw err;
  });
}

function run([file, ...args]: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { env, stdio: 'inherit', cwd: env.PWD });
    const relay = (signal: NodeJS.Signals) => () => child.kill(signal);
    // The terminal sends SIGINT to the child as well; relaying it would deliver it twice.
    const handlers = { SIGTERM: relay('SIGTERM'), SIGHUP: relay('SIGHUP'), SIGINT: () => {} } as const;
    for (const [s, h] of Object.entries(handlers)) process.on(s, h);
    const done = () => {
      for (const [s, h] of Object.entries(handlers)) process.off(s, h);
    };
    child.on('error', (err) => (done(), reject(err)));
    child.on('close', (code, signal) => (done(), resolve(exitOf(code, signal))));
  });
}

/** Access control plugins see every command (`user-auth SSH_USER SSH_NAME CMD ARGS…`); a refusal ends it. */
export async function authorize(engine: Engine, argv: string[]): Promise<void> {
  if (!engine.triggers.implemented('user-auth')) return;
  const env = engine.env;
  // Local root (no SSH key) passes every policy by contract, so the gate is not worth a dispatch.
  if (env.SSH_USER === 'root' && !env.NAME) return;
  const [cmd = '', ...args] = argv;
  const r = await engine.triggers.gate('user-auth', env.SSH_USER || engine.actor.sshUser, env.SSH_NAME || engine.actor.name || 'default', cmd, ...args);
  if (!r.ok) throw errors.denied('Access denied');
}
