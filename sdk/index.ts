/**
 * The public SDK: what built-in and community TS plugins import. Handlers get everything else
 * through their context, which only ever writes the plugin's own state.
 */
import type { ArgsOf, TriggerName } from '../triggers/registry.js';
import type { Logger } from '../core/logger.js';
import type { Paths } from '../core/paths.js';
import type { PropertyStore } from '../core/properties.js';
import type { Triggers } from '../core/engine.js';
import type { DispatchContext } from '../core/dispatch-context.js';
import type { DispatchRecord, DispatchStart } from '../core/intercept.js';

export { BerthError, errors } from '../core/errors.js';
export * as validate from '../core/validate.js';
export * as dockerArgs from './docker-args.js';
/** Plugin management (install/enable/…) for the `plugin` plugin; other plugins should not need it. */
export * as pluginAdmin from '../admin/plugin-admin.js';
export { registry as triggerRegistry, phases as triggerPhases } from '../triggers/registry.js';
export { firedBy as triggerFiredBy } from '../triggers/fired-by.js';
export { GLOBAL } from '../core/properties.js';
export { propertySetCommand, type PropertyCheck } from './property-command.js';
export { writeFileAtomic, readFileOr } from '../core/atomic.js';
export { printReport, reportCommand, reportTrigger, type ReportOptions, type ReportRows } from './report.js';
export { confirmByName } from './confirm.js';
export { describeEnd, type ProcessEnd } from './process-outcome.js';
export { releaseHooks } from './release-hooks.js';
export { appConfig, appConfigEnv } from './app-config.js';
export { parseBuildpackUrl, type BuildpackSource } from './buildpack-url.js';
export type { Logger, Paths, PropertyStore, Triggers, DispatchRecord, DispatchStart, DispatchContext };
export type { TriggerName, ArgsOf };

export type {
  Actor,
  CommandArgs,
  CommandDefinition,
  GlobalFlags,
  HandlerResult,
  Interceptor,
  PluginContext,
  PluginDefinition,
  TriggerHandler,
  TypedTriggerHandlers,
} from '../core/types.js';
import type { PluginDefinition } from '../core/types.js';

export function definePlugin<T extends PluginDefinition>(def: T): T {
  return def;
}

export { acquireLock, readLock, isStale, processAlive } from './lock.js';
export type { HeldLock, LockInfo, AcquireOptions } from './lock.js';

export { verifyApp, deployLockFile, filterVisibleApps } from './app-access.js';

export { lookupUser, platformUser, platformUserName, type SystemUser } from '../core/system-user.js';
export { assertPlainPath, ensureEntryScript, entryScriptPath } from './entry-script.js';
export { mark } from '../core/timeline.js';
export { berthVersion } from '../core/version.js';
export { roles, roleDefault, selectedProvider } from '../core/roles.js';
export { dockerClient } from './docker-client.js';
