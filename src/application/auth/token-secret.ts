import { createHash, randomBytes } from 'node:crypto';

/** A source of random bytes, injected so tests can pin secrets and ids. */
export type RandomBytes = (size: number) => Uint8Array;

export const systemRandom: RandomBytes = (size) => randomBytes(size);

const SECRET_BYTES = 32;

/** 256 random bits, base64url: 43 characters that survive headers, shells and YAML unquoted. */
export const newSecret = (random: RandomBytes): string =>
  Buffer.from(random(SECRET_BYTES)).toString('base64url');

/**
 * sha256, hex. A fast hash is the right one here: a generated secret has 256 bits of entropy,
 * so guessing it from its hash is out of reach however fast the hash, while a deliberately slow
 * one (bcrypt, scrypt) would cost every API request and prevent looking a token up by its hash.
 * An operator-chosen PROVD_ADMIN_TOKEN is only as strong as its length (see bootstrap-admin-token).
 */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** Formats 16 bytes as a UUID string with the given version nibble and the RFC 9562 variant. */
const formatUuid = (bytes: Uint8Array, version: number): string => {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | (version << 4);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A random (v4) UUID. */
export const newUuid = (random: RandomBytes): string => formatUuid(random(16), 4);

export const newTokenId = newUuid;

/**
 * The id under which PROVD_ADMIN_TOKEN is recorded, derived from its hash (a v8, "custom", UUID):
 * every server started with the same value names the same token stream, so two racing starts
 * collide on that stream instead of recording the token twice. It reveals nothing of the secret
 * the hash does not already hide.
 */
export const adminTokenId = (secretHash: string): string =>
  formatUuid(createHash('sha256').update(`provd admin token\0${secretHash}`).digest(), 8);
