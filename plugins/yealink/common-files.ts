/**
 * Yealink's common CFG files `y<hardware ID, 12 digits>.cfg`: when the server has no boot file
 * (`<mac>.boot`, `y000000000000.boot`; we write none), a phone asks for the common file of its
 * hardware ID, then for its own `<mac>.cfg` (Yealink, "SIP-T46S Auto Provisioning Guide",
 * "Downloading Boot, Configuration and Resource Files"; "Administrator's Guide for SIP-T2/T4/T5
 * Series", "Boot Files"). Settings of `<mac>.cfg` win over the common file's.
 *
 * Yealink's own table of hardware IDs could not be consulted. An ID is listed here only when at
 * least two of these public provisioning projects name it, one of them for that very model, and
 * only for models of `models.ts`:
 *   [wazo]  wazo-platform/wazo-provd-plugins, plugins/wazo_yealink/v81/entry.py and v84/entry.py
 *           (`COMMON_FILES`: the firmware file named next to each ID gives its model), and
 *           v85/v86/entry.py (`COMMON_FILES`: the IDs of a whole firmware family);
 *   [fpbx]  fusionpbx/fusionpbx, resources/templates/provision/yealink/<model>/y0000000000NN.cfg;
 *   [itmh]  a public Asterisk provisioning script (Perl, author at itmh.ru) mapping models to
 *           their common file.
 * Models of the table without a verified ID (T41U, T53C, T31W) get the universal file only.
 */

export interface HardwareId {
  /** The ID as the phone writes it in the file name, without the zero padding. */
  readonly id: string;
  readonly models: readonly string[];
  /** Where the ID → model mapping comes from (see above). */
  readonly sources: string;
}

export const HARDWARE_IDS: readonly HardwareId[] = [
  { id: '65', models: ['T48S'], sources: 'wazo v81 (T48S-65 firmware), fpbx t48s, itmh' },
  { id: '66', models: ['T46S'], sources: 'wazo v81 (T46S-66 firmware), fpbx t46s, itmh' },
  { id: '67', models: ['T42S'], sources: 'wazo v81 (T42S-67 firmware), fpbx t42s, itmh' },
  { id: '68', models: ['T41S'], sources: 'wazo v81 (T41S-68 firmware), fpbx t41s, itmh' },
  { id: '69', models: ['T27G'], sources: 'wazo v81/v86 (T27G-69 firmware), fpbx t27g, itmh' },
  { id: '95', models: ['T53', 'T53W'], sources: 'wazo v84 (T53W(T53)-95 firmware), fpbx t53 and t53w, itmh' },
  { id: '96', models: ['T54W'], sources: 'wazo v84 (T54W-96 firmware), fpbx t54w, itmh' },
  { id: '97', models: ['T57W'], sources: 'wazo v84 (T57W-97 firmware), fpbx t57w, itmh' },
  { id: '107', models: ['T43U'], sources: 'fpbx t43u, itmh' },
  { id: '108', models: ['T46U'], sources: 'fpbx t46u, itmh; wazo v86 lists 108 for the T4xU family' },
  { id: '109', models: ['T48U'], sources: 'fpbx t48u, itmh' },
  { id: '116', models: ['T42U'], sources: 'fpbx t42u, itmh' },
  { id: '123', models: ['T31', 'T31P', 'T31G'], sources: 'itmh, fpbx t31g; wazo v85/v86 T3x family' },
  { id: '124', models: ['T33P', 'T33G'], sources: 'itmh, fpbx t33g; wazo v85/v86 T3x family' },
  { id: '127', models: ['T30', 'T30P'], sources: 'itmh; wazo v85/v86 T3x family' },
  { id: '171', models: ['T34W'], sources: 'fpbx t34w; wazo v86 T3x family' },
];

/**
 * The universal common file. It is the T28P's own common file (hardware ID 0: provisioner/
 * Provisioner pull request 160, fpbx t28p) and the name provisioning servers traditionally give
 * to settings shared by every phone; the models of `models.ts` ask for the file of their own ID
 * instead, which carries the same settings.
 */
export const UNIVERSAL_COMMON_FILE = 'y000000000000.cfg';

export const commonFilename = (id: string): string => `y${id.padStart(12, '0')}.cfg`;
