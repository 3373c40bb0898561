import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * node:util parseArgs in strict mode, its errors turned into usage errors carrying `usage`, and
 * the number of positionals checked.
 */
export const parseCommand = <O extends Options>(
  args: readonly string[],
  options: O,
  usage: string,
  positionals: { readonly min: number; readonly max: number },
) => {
  const config = {
    args: [...args],
    options: { ...COMMON_OPTIONS, ...options } as typeof COMMON_OPTIONS & O,
    allowPositionals: true as const,
    strict: true as const,
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help !== true) {
    if (parsed.positionals.length < positionals.min) throw new UsageError('missing argument', usage);
    if (parsed.positionals.length > positionals.max) {
      throw new UsageError(`unexpected argument: ${parsed.positionals[positionals.max]}`, usage);
    }
  }
  return parsed;
};
