import fs from 'node:fs';
import { validate, type TypedTriggerHandlers } from '../../sdk/index.js';
import { cronEntries } from './cron.js';
import { autoEnabled, autoIssue, onDomainsChanged } from './auto.js';
import { appData, challengeDir } from './store.js';

const app = (name: string) => validate.assertAppName(name);

export const triggers: TypedTriggerHandlers = {
  /** Only once letsencrypt:enable made the dir: other apps' configs stay as they were. */
  'proxy-acme-challenge-dir': (ctx, name) => (fs.existsSync(challengeDir(ctx, app(name))) ? challengeDir(ctx, name) : ''),

  'cron-entries': (ctx, scheduler) => (!scheduler || scheduler === 'docker-local' ? cronEntries(ctx) : []),

  /** As Dokku, a warning that the certificate names the old domains; with `auto true`, a new certificate. */
  'post-domains-update': (ctx, name) => onDomainsChanged(ctx, app(name)),

  async 'post-deploy'(ctx, name) {
    const a = app(name);
    if (await autoEnabled(ctx, a)) await autoIssue(ctx, a, 'deploy');
  },

  'post-delete': (ctx, name) => {
    ctx.props.destroy(app(name));
    fs.rmSync(appData(ctx, name), { recursive: true, force: true });
  },

  /** A renamed app keeps its certificate (certs moves the installed pair too); a clone gets the settings only. */
  'post-app-rename-setup': (ctx, from, to) => {
    ctx.props.clone(app(from), app(to));
    if (fs.existsSync(appData(ctx, from)) && !fs.existsSync(appData(ctx, to))) fs.cpSync(appData(ctx, from), appData(ctx, to), { recursive: true });
  },
  'post-app-clone-setup': (ctx, from, to) => {
    ctx.props.clone(app(from), app(to));
    ctx.props.delete(to, 'current');
    ctx.props.delete(to, 'issued');
  },
};
