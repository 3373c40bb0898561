/** `32000` → `32`, `850` → `0.85`: admins read seconds. */
export const formatSeconds = (ms: number): string => String(Number((ms / 1000).toFixed(3)));
