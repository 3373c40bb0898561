/**
 * The Yealink models this plugin configures, grouped by firmware family. One plugin covers what
 * wazo ships as several (`wazo-yealink-v86`, `-v87`…): each family carries the firmware version
 * the plugin targets, which is what association's EXACT level means (see README.md).
 * Account and key counts are the phones' (facts, not code, from wazo's plugin tables).
 */

export interface ExpansionModule {
  readonly name: string;
  readonly keysPerModule: number;
  /** How many modules can be daisy-chained. */
  readonly maxModules: number;
}

export interface ModelSpec {
  /** SIP accounts the phone has. */
  readonly accounts: number;
  /** Programmable line keys (`linekey.1…N`). */
  readonly lineKeys: number;
  readonly expansion?: ExpansionModule;
}

export interface Family {
  readonly id: string;
  /** The firmware version this plugin targets for the family (the phone's User-Agent version). */
  readonly firmware: string;
  readonly models: { readonly [model: string]: ModelSpec };
}

const EXP40: ExpansionModule = { name: 'EXP40', keysPerModule: 40, maxModules: 6 };
const EXP43: ExpansionModule = { name: 'EXP43', keysPerModule: 60, maxModules: 3 };
const EXP50: ExpansionModule = { name: 'EXP50', keysPerModule: 60, maxModules: 3 };

export const FAMILIES: readonly Family[] = [
  {
    id: 'T2x',
    firmware: '69.86.0.15',
    models: { T27G: { accounts: 6, lineKeys: 21, expansion: EXP40 } },
  },
  {
    id: 'T3x',
    firmware: '124.86.0.75',
    models: {
      T30: { accounts: 1, lineKeys: 0 },
      T30P: { accounts: 1, lineKeys: 0 },
      T31: { accounts: 2, lineKeys: 2 },
      T31P: { accounts: 2, lineKeys: 2 },
      T31G: { accounts: 2, lineKeys: 2 },
      T31W: { accounts: 2, lineKeys: 2 },
      T33P: { accounts: 4, lineKeys: 12 },
      T33G: { accounts: 4, lineKeys: 12 },
      T34W: { accounts: 4, lineKeys: 4 },
    },
  },
  {
    id: 'T4xS',
    firmware: '66.86.0.15',
    models: {
      T41S: { accounts: 6, lineKeys: 15 },
      T42S: { accounts: 12, lineKeys: 15 },
      T46S: { accounts: 16, lineKeys: 27, expansion: EXP40 },
      T48S: { accounts: 16, lineKeys: 29, expansion: EXP40 },
    },
  },
  {
    id: 'T4xU',
    firmware: '108.86.0.90',
    models: {
      T41U: { accounts: 6, lineKeys: 15 },
      T42U: { accounts: 12, lineKeys: 15 },
      T43U: { accounts: 12, lineKeys: 15, expansion: EXP43 },
      T46U: { accounts: 16, lineKeys: 27, expansion: EXP43 },
      T48U: { accounts: 16, lineKeys: 29, expansion: EXP43 },
    },
  },
  {
    id: 'T5x',
    firmware: '96.87.0.15',
    models: {
      T53: { accounts: 12, lineKeys: 21, expansion: EXP50 },
      T53C: { accounts: 12, lineKeys: 21, expansion: EXP50 },
      T53W: { accounts: 12, lineKeys: 21, expansion: EXP50 },
      T54W: { accounts: 16, lineKeys: 27, expansion: EXP50 },
      T57W: { accounts: 16, lineKeys: 29, expansion: EXP50 },
    },
  },
];

export interface KnownModel {
  readonly model: string;
  readonly family: Family;
  readonly spec: ModelSpec;
}

const BY_MODEL: ReadonlyMap<string, KnownModel> = new Map(
  FAMILIES.flatMap((family) =>
    Object.entries(family.models).map(([model, spec]) => [model, { model, family, spec }] as const),
  ),
);

export const knownModel = (model: string | undefined): KnownModel | undefined =>
  model === undefined ? undefined : BY_MODEL.get(model);

export const allKnownModels = (): readonly KnownModel[] => [...BY_MODEL.values()];
