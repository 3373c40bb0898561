import type { PluginFactory } from '../../src/plugin-runtime/contract.js';

/**
 * provd's `zero` plugin: a plain file server. It claims no device (an admin assigns it) and
 * renders nothing; the host serves its `files/` doc root as it is, over HTTP and TFTP.
 */
const createZeroPlugin: PluginFactory = ({ SUPPORT }) => ({
  identify: () => undefined,
  associate: () => SUPPORT.NONE,
  renderCommon: () => [],
  renderDevice: () => [],
  triggerFilename: () => undefined,
  isSensitive: () => false,
  synchronize: () => ({ kind: 'unsupported', reason: 'the zero plugin does not configure devices' }),
});

export default createZeroPlugin;
