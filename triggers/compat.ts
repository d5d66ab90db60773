/**
 * Reasons for compatibility entries: triggers berth's code never fires, declared so community plugins
 * that fire or implement them get their types and docs. Each says who fires the trigger in Dokku.
 */

/** berth's plugins implement it, nothing in berth (or Dokku's core) fires it: an API for plugins and `plugin:trigger`. */
export const apiOnly = 'An API for plugins and `plugin:trigger`: built-ins answer it, and neither berth nor Dokku fires it.';

/** Fired by community plugins for each other (datastores); with no handler it prints nothing and succeeds. */
export const peerOnly = "Neither berth nor Dokku's core fires it: community plugins (datastores, acl) fire it for each other, and berth declares it so they keep working.";

/** Dokku fires it from a component berth does not ship; a community plugin providing one may fire it. */
export const noComponent = (component: string) => `Dokku's ${component} fires it; berth has no ${component}, so only a community plugin that provides one does.`;

/** Dokku fires it between its own plugins; berth's plugin does the same step in-process and does not fire it yet. */
export const inProcess = (where: string) => `Dokku fires it from ${where}; berth does that step in-process and does not fire it yet.`;
