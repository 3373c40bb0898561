import { describe, expect, it } from 'vitest';
import { applyConfigureDefaults } from '../../../src/domain/config/defaults.js';
import { device } from '../support/plugins.js';
import { yealinkFilenameVectors } from '../support/vectors.js';
import { yealinkAt2025 } from './fixtures.js';

const yealink = await yealinkAt2025();
const rawConfig = applyConfigureDefaults(yealinkFilenameVectors.raw_config_used);

describe('filename-vectors.json: the files each Yealink device gets', () => {
  for (const result of yealinkFilenameVectors.results) {
    it(`${result.plugin}: common files (a deliberate difference)`, () => {
      // wazo's current plugins write no common file; older ones (v81…v86) wrote
      // y0000000000NN.cfg per hardware ID. We write them again (plugins/yealink/README.md), and
      // nothing else beside the device files: every common file is named y<12 digits>.cfg.
      expect(result.configure_common_writes).toEqual([]);
      const paths = yealink.renderCommon(rawConfig).map((f) => f.path);
      expect(paths).toContain('y000000000000.cfg');
      for (const path of paths) expect(path).toMatch(/^y\d{12}\.cfg$/);
    });

    for (const vector of result.devices) {
      describe(`${result.plugin} ${vector.device.model} ${vector.device.version}`, () => {
        const dev = device({ ...vector.device, vendor: 'Yealink' });

        it('renders the listed files', () => {
          const files = yealink.renderDevice({ device: dev, rawConfig });
          expect(files.map((f) => f.path)).toEqual(vector.configure_writes);
        });

        it('has the listed trigger file and sensitive files', () => {
          expect(yealink.triggerFilename(dev) ?? null).toBe(vector.remote_state_trigger_filename);
          for (const [file, sensitive] of Object.entries(vector.is_sensitive_filename)) {
            expect(yealink.isSensitive(file)).toBe(sensitive);
          }
        });
      });
    }
  }
});
