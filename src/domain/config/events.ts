import type { JsonObject } from '../shared/json.js';

/**
 * A config document as provd stores it: `parent_ids` and `raw_config` required, `deletable`,
 * `transient`, `role` optional, any other top-level key kept verbatim (X_type, label, …).
 * `id` is not part of the stored document: it is the stream's identity.
 */
export interface ConfigDocument {
  readonly parent_ids: readonly string[];
  readonly raw_config: JsonObject;
  readonly deletable?: boolean;
  readonly transient?: boolean;
  readonly role?: string;
  readonly [key: string]: unknown;
}

export interface ConfigCreated {
  readonly type: 'ConfigCreated';
  readonly data: {
    readonly configId: string;
    readonly config: ConfigDocument;
    /** Id of the autocreate config this one was made from (POST /cfg_mgr/autocreate). */
    readonly autocreatedFrom: string | null;
  };
}

/** Full replacement of the document (provd's PUT semantics). */
export interface ConfigUpdated {
  readonly type: 'ConfigUpdated';
  readonly data: { readonly configId: string; readonly config: ConfigDocument };
}

export interface ConfigDeleted {
  readonly type: 'ConfigDeleted';
  readonly data: { readonly configId: string };
}

export type ConfigEvent = ConfigCreated | ConfigUpdated | ConfigDeleted;
export type ConfigEventType = ConfigEvent['type'];
