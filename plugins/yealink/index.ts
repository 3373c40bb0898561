import type { PluginFactory } from '../../src/plugin-runtime/contract.js';
import { createYealinkPlugin } from './plugin.js';

const createPlugin: PluginFactory = (runtime) => createYealinkPlugin(runtime);

export default createPlugin;
