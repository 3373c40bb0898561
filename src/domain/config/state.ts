import type { ConfigDocument } from './events.js';

/** A config stream folds to its current document; undefined before creation and after deletion. */
export interface ConfigState {
  readonly config: ConfigDocument | undefined;
}

export const initialConfigState: ConfigState = { config: undefined };
