// Packages the compiled plugins of dist/plugins/ into the repository provd installs its shipped
// plugins from (dist/plugin-repo/: plugins.db and one tar.gz per plugin). Runs after tsc and
// copy-plugin-assets.mjs.
import { buildRepository } from '../dist/src/application/plugins/repository/build-repository.js';

const index = await buildRepository({ pluginsDir: 'dist/plugins', outDir: 'dist/plugin-repo' });
// On stderr: `npm run provd -- token list --json` builds first and its stdout must stay JSON.
process.stderr.write(`plugin repository: ${Object.keys(index).join(', ')}\n`);
