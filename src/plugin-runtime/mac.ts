/**
 * MAC address spellings plugins meet: phones write them with colons, dashes, dots or nothing,
 * in either case. provd stores the normalized `aa:bb:cc:dd:ee:ff` form; vendor file names use
 * the compact `aabbccddeeff` form.
 */
const SEPARATED = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/;
const DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/;
const COMPACT = /^[0-9a-f]{12}$/;

/** `aa:bb:cc:dd:ee:ff`, or undefined when the text is not a MAC address. */
export const normalizeMac = (text: string): string | undefined => {
  const lower = text.trim().toLowerCase();
  if (!SEPARATED.test(lower) && !DOTTED.test(lower) && !COMPACT.test(lower)) return undefined;
  const hex = lower.replace(/[:.-]/g, '');
  return hex.match(/../g)?.join(':');
};

/** `aabbccddeeff`, or undefined when the text is not a MAC address. */
export const compactMac = (text: string): string | undefined => normalizeMac(text)?.replaceAll(':', '');
