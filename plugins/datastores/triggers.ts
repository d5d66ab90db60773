import type { TypedTriggerHandlers } from '../../sdk/index.js';
import { copyLinks, dropApp, joinLinkedNetworks, startLinked } from './links.js';
import { listServices } from './service.js';
import { TYPES } from './types.js';

export const triggers: TypedTriggerHandlers = {
  'post-container-create': (ctx, kind, cid, app) => joinLinkedNetworks(ctx, kind, cid, app),
  'pre-start': (ctx, app) => startLinked(ctx, app),
  'pre-restore': (ctx, _scheduler, app) => startLinked(ctx, app),
  'post-delete': (ctx, app) => dropApp(ctx, app),
  'post-app-rename-setup': (ctx, oldApp, newApp) => copyLinks(ctx, oldApp, newApp),
  'post-app-clone-setup': (ctx, oldApp, newApp) => copyLinks(ctx, oldApp, newApp),
  'service-list': (ctx, type) => TYPES.filter((t) => !type || t.name === type).flatMap((t) => listServices(ctx, t)),
};
