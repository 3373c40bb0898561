import { cloneJson, isJsonObject } from '../shared/json.js';
import type { CreateConfig } from './commands.js';
import type { ConfigDocument } from './events.js';

/**
 * POST /cfg_mgr/autocreate (provd-spec §1.9): a transient child of the autocreate config holding a
 * copy of its own (not flattened) raw_config, so every autoprov phone gets the autoprov SIP line.
 * Nothing is created when the autocreate config has no SIP line 1. `newId` comes from the shell
 * and should start with `autocreateId`: wazo-confd recognises autoprov configs by that prefix.
 */
export const autocreateConfig = (
  autocreateId: string,
  autocreateDoc: ConfigDocument,
  newId: string,
): CreateConfig | undefined => {
  const sipLines = autocreateDoc.raw_config.sip_lines;
  if (!isJsonObject(sipLines) || !Object.hasOwn(sipLines, '1')) return undefined;
  return {
    type: 'CreateConfig',
    configId: newId,
    config: { parent_ids: [autocreateId], raw_config: cloneJson(autocreateDoc.raw_config), transient: true },
    autocreatedFrom: autocreateId,
  };
};
