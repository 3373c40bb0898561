/**
 * What a granted ACL may look like (matching is src/application/auth/acl.ts): dotted segments of
 * letters, digits and `_ - : @`, with `*` and `#` as wildcards and an optional leading `!` that
 * negates it. Anything else (empty segments, spaces, an unfilled `{template}`) would silently
 * match nothing or too much, so it is refused when a token is created rather than discovered
 * when a request is denied.
 */
const ACL = /^!?[A-Za-z0-9_:@*#-]+(\.[A-Za-z0-9_:@*#-]+)*$/;

const MAX_LENGTH = 256;

/** Why `acl` is not a valid granted ACL, or undefined when it is. */
export const aclProblem = (acl: string): string | undefined => {
  if (acl.length === 0) return 'an ACL cannot be empty';
  if (acl.length > MAX_LENGTH) return `ACL longer than ${MAX_LENGTH} characters: ${acl.slice(0, 32)}…`;
  if (!ACL.test(acl)) {
    return `invalid ACL ${JSON.stringify(acl)}: use dotted names of letters, digits, '_', '-', ':', '@', with '*' and '#' as wildcards and an optional leading '!'`;
  }
  return undefined;
};
