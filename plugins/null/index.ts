import type { PluginFactory } from '../../src/plugin-runtime/contract.js';

/**
 * provd's `null` plugin: it claims nothing and its HTTP and TFTP services reject every request.
 * Admins assign it to park a device. Our host serves nothing for it either: the manifest lists
 * no protocol in `serves`, and it has no `files/` folder.
 */
const createNullPlugin: PluginFactory = ({ SUPPORT }) => ({
  identify: () => undefined,
  associate: () => SUPPORT.NONE,
  renderCommon: () => [],
  renderDevice: () => [],
  triggerFilename: () => undefined,
  isSensitive: () => false,
  synchronize: () => ({ kind: 'unsupported', reason: 'the null plugin does not configure devices' }),
});

export default createNullPlugin;
