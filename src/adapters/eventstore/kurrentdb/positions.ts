import type { Position } from '@kurrent/kurrentdb-client';

/**
 * KurrentDB counts in unsigned 64-bit integers (bigint in the client); the port counts in plain
 * numbers. Commit positions are byte offsets in the transaction log and revisions are event
 * counts, so both stay far below 2^53 (8 PiB of log) in any real database: converting is exact.
 * A value past that is refused rather than silently rounded, since a rounded position would make
 * a checkpoint skip or repeat events.
 */
const toSafeNumber = (value: bigint, what: string): number => {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} does not fit in a JavaScript number`);
  }
  return Number(value);
};

/** Our global position is the commit position: it grows strictly along $all for provd's writes. */
export const toGlobalPosition = (position: Position | bigint): number =>
  toSafeNumber(typeof position === 'bigint' ? position : position.commit, 'commit position');

/**
 * The $all position to start reading at for one of our positions. provd only appends through
 * single-stream appends (implicit transactions), whose events have commit == prepare position,
 * so the pair is rebuilt exactly from the commit position.
 */
export const toReadPosition = (position: number): Position => ({
  commit: BigInt(position),
  prepare: BigInt(position),
});

export const toRevisionNumber = (revision: bigint): number => toSafeNumber(revision, 'stream revision');
