import type { JsonObject } from '../../../src/domain/shared/json.js';
import { commonFilename, HARDWARE_IDS, UNIVERSAL_COMMON_FILE } from '../common-files.js';
import { deriveServerUrl } from './settings.js';

/** What `templates/common.cfg.dot` prints: derived values only, no raw key reaches it. */
export type CommonKeys = {
  readonly XX_server_url: string;
  /** Who reads the file, for its header comment. */
  readonly XX_readers: string;
};

export interface CommonFile {
  readonly path: string;
  readonly config: CommonKeys;
}

/**
 * The common files and what each prints, from the base raw config alone (plugins.md §2.9: it
 * holds only the server's URL, host and ports). Every file carries the same settings; none when
 * the base raw config gives no provisioning URL, since that URL is what they are for.
 */
export const deriveCommonFiles = (baseRawConfig: JsonObject): readonly CommonFile[] => {
  const serverUrl = deriveServerUrl(baseRawConfig);
  if (serverUrl === undefined) return [];
  const file = (path: string, readers: string): CommonFile => ({
    path,
    config: { XX_server_url: serverUrl, XX_readers: readers },
  });
  return [
    file(UNIVERSAL_COMMON_FILE, 'any Yealink model'),
    ...HARDWARE_IDS.map(({ id, models }) =>
      file(commonFilename(id), `the ${models.join(', ')} (hardware ID ${id})`),
    ),
  ];
};
