import { commandGroup } from '../shared/command-group.js';
import { pluginInstall, pluginUpgrade } from './install.js';
import { pluginInstallable } from './installable.js';
import { pluginList } from './list.js';
import { pluginInstallPackage } from './packages/install-package.js';
import { pluginPackages } from './packages/list-packages.js';
import { pluginUninstallPackage } from './packages/uninstall-package.js';
import { pluginUninstall } from './uninstall.js';
import { pluginUpdate } from './update.js';

export const PLUGIN_USAGE = `usage: provd plugin <command> [options]

Plugins of the running server, through its REST API (the plugin manager runs in the server):

  list                   the installed plugins
  installable            the index's plugins, installed and upgradable ones marked
  update                 fetch the index again from the plugin repository
  install <id>           install a plugin of the index
  upgrade <id>           install the index's version over the installed one
  uninstall <id>         uninstall a plugin
  packages <plugin>      a plugin's optional packages (firmware, languages…)
  install-package <plugin> <package>
                         install a package of a plugin
  uninstall-package <plugin> <package>
                         remove a package of a plugin

Every command takes --url <url> (default: the configuration's REST listener, 127.0.0.1:8666
unless set) and --token <token> (default: the PROVD_TOKEN variable; \`provd token create\`
makes one).
\`provd plugin <command> --help\` describes each.`;

export const pluginCommand = commandGroup('plugin', PLUGIN_USAGE, {
  list: pluginList,
  installable: pluginInstallable,
  update: pluginUpdate,
  install: pluginInstall,
  upgrade: pluginUpgrade,
  uninstall: pluginUninstall,
  packages: pluginPackages,
  'install-package': pluginInstallPackage,
  'uninstall-package': pluginUninstallPackage,
});
