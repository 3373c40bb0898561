import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { KnownModel } from '../models.js';
import { numbered, text } from './raw.js';

/** A configured key: `<prefix>.type/line/value/label[/extension]`. */
export interface ConfiguredKey {
  readonly prefix: string;
  readonly type: number;
  readonly line: string;
  readonly value: string;
  readonly label?: string;
  /** BLF keys: the pickup prefix, so the key can pick up a ringing colleague. */
  readonly extension?: string;
}

/** A key slot with nothing to do: reset (type 0), so a removed key does not linger. */
export interface ResetKey {
  readonly prefix: string;
  readonly type: 0;
}

export type FunctionKey = ConfiguredKey | ResetKey;

// Yealink key types (plugins.md §4.2).
const KEY_TYPES = { park: 10, speeddial: 13, line: 15, blf: 16 } as const;

/** Key prefixes of a model, in funckey order: line keys, then each expansion module's keys. */
export const keyPrefixes = (model: KnownModel): string[] => {
  const prefixes = Array.from({ length: model.spec.lineKeys }, (_, i) => `linekey.${i + 1}`);
  const expansion = model.spec.expansion;
  for (let m = 1; expansion !== undefined && m <= expansion.maxModules; m++) {
    for (let k = 1; k <= expansion.keysPerModule; k++) prefixes.push(`expansion_module.${m}.key.${k}`);
  }
  return prefixes;
};

const configuredKey = (
  prefix: string,
  funckey: JsonObject | undefined,
  sipLine: JsonObject | undefined,
  lineNumber: number,
  raw: JsonObject,
): FunctionKey => {
  if (funckey === undefined) {
    if (sipLine === undefined) return { prefix, type: 0 };
    const number = text(sipLine.number) ?? text(sipLine.username) ?? '';
    return { prefix, type: KEY_TYPES.line, line: String(lineNumber), value: number, label: number };
  }
  const kind = text(funckey.type);
  const value = text(funckey.value);
  const line = text(funckey.line) ?? '1';
  const label = text(funckey.label);
  switch (kind) {
    case 'speeddial':
      return value === undefined
        ? { prefix, type: 0 }
        : { prefix, type: KEY_TYPES.speeddial, line, value, label };
    case 'blf': {
      if (value === undefined) return { prefix, type: 0 };
      const extension = text(raw.exten_pickup_call);
      return { prefix, type: KEY_TYPES.blf, line, value, label, extension };
    }
    case 'park':
      return { prefix, type: KEY_TYPES.park, line, value: value ?? text(raw.exten_park) ?? '', label };
    default:
      return { prefix, type: 0 };
  }
};

/**
 * `XX_fkeys`: funckey N goes on the N-th key of the model (line keys first, then expansion
 * modules). A key without funckey shows SIP line N when the phone has it, else is reset. For an
 * unknown model only the configured funckeys are written, as line keys.
 */
export const deriveFunctionKeys = (raw: JsonObject, model: KnownModel | undefined): FunctionKey[] => {
  const funckeys = new Map(numbered(raw.funckeys));
  // Only lines the phone has an account for can be shown on a key.
  const sipLines = new Map(
    numbered(raw.sip_lines).filter(([n]) => model === undefined || n <= model.spec.accounts),
  );
  if (model === undefined) {
    return [...funckeys]
      .filter(([n]) => n >= 1)
      .map(([n, funckey]) => configuredKey(`linekey.${n}`, funckey, undefined, n, raw));
  }
  return keyPrefixes(model).map((prefix, i) =>
    configuredKey(prefix, funckeys.get(i + 1), sipLines.get(i + 1), i + 1, raw),
  );
};
