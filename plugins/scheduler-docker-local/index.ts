import { definePlugin } from '../../sdk/index.js';
import { commands } from './commands.js';
import { schedulerDeploy } from './deploy.js';
import { schedulerLogs } from './logs.js';
import { schedulerRecover } from './recover.js';
import { schedulerPostDelete, schedulerPreRestore, schedulerRetire, schedulerRollback, schedulerStop } from './retire.js';
import { networkGetListeners, schedulerAppStatus, schedulerIsDeployed } from './status.js';

export default definePlugin({
  triggers: {
    'scheduler-deploy': schedulerDeploy,
    'scheduler-rollback': schedulerRollback,
    'scheduler-retire': schedulerRetire,
    'scheduler-stop': schedulerStop,
    'scheduler-is-deployed': schedulerIsDeployed,
    'scheduler-app-status': schedulerAppStatus,
    'scheduler-post-delete': schedulerPostDelete,
    'scheduler-pre-restore': schedulerPreRestore,
    'scheduler-recover': schedulerRecover,
    'scheduler-logs': schedulerLogs,
    'network-get-listeners': networkGetListeners,
    ...(await import('./run.js')).runTriggers,
    'scheduler-cron-write': async (ctx, scheduler) => (await import('./crontab.js')).schedulerCronWrite(ctx, scheduler),
  },
  commands,
});
