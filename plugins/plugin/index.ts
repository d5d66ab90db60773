import { definePlugin } from '../../sdk/index.js';
import { triggers } from './catalogue.js';
import { disable, enable, install, installDependencies, installed, list, trigger, uninstall, update } from './commands.js';
import { newPlugin } from './scaffold.js';
import { watch } from './watch.js';

/** Plugin management over the same operations as `plugn` (install/enable/…), plus developer tools. */
export default definePlugin({
  commands: {
    'plugin:list': list,
    'plugin:install': install,
    'plugin:install-dependencies': installDependencies,
    'plugin:uninstall': uninstall,
    'plugin:enable': enable,
    'plugin:disable': disable,
    'plugin:update': update,
    'plugin:installed': installed,
    'plugin:trigger': trigger,
    'plugin:triggers': triggers,
    'plugin:watch': watch,
    'plugin:new': newPlugin,
  },
});
