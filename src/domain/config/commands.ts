import type { JsonObject } from '../shared/json.js';

/** POST /cfg_mgr/configs (and autocreate). `config` is the client's document; its `id` is ignored. */
export interface CreateConfig {
  readonly type: 'CreateConfig';
  readonly configId: string;
  readonly config: JsonObject;
  /** Id of the autocreate config this one is made from (POST /cfg_mgr/autocreate). */
  readonly autocreatedFrom?: string | null;
}

/** PUT /cfg_mgr/configs/{id}: full replacement. */
export interface UpdateConfig {
  readonly type: 'UpdateConfig';
  readonly configId: string;
  readonly config: JsonObject;
}

export interface DeleteConfig {
  readonly type: 'DeleteConfig';
  readonly configId: string;
}

export type ConfigCommand = CreateConfig | UpdateConfig | DeleteConfig;
