/**
 * Wazo ACL semantics, as wazo-auth grants them and wazo-provd requires them: dotted names,
 * `*` matching within one segment, `#` matching any characters (dots included), and `!` in
 * front of a granted ACL denying what it matches, whatever else is granted.
 */

const compiled = new Map<string, RegExp>();

const pattern = (granted: string): RegExp => {
  let regex = compiled.get(granted);
  if (regex === undefined) {
    const body = granted
      .split('.')
      .map((segment) =>
        segment === '#' ? '#' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*'),
      )
      .join('\\.')
      // As wazo-auth: `#` is any run of characters, dots included (`a.#` does not grant `a`).
      .replace(/#/g, '.*');
    regex = new RegExp(`^${body}$`);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(granted, regex);
  }
  return regex;
};

export const aclMatches = (granted: string, required: string): boolean => pattern(granted).test(required);

/** Whether a token with `granted` ACLs may do what `required` names. */
export const hasAccess = (granted: readonly string[], required: string): boolean => {
  let allowed = false;
  for (const acl of granted) {
    if (acl.startsWith('!')) {
      if (aclMatches(acl.slice(1), required)) return false;
    } else if (!allowed && aclMatches(acl, required)) {
      allowed = true;
    }
  }
  return allowed;
};

/**
 * A required ACL from a template such as `provd.configure.{tenant_uuid}.{param}.update`. As in
 * provd, a dot in a value becomes `_` so a value stays one segment (plugin ids such as
 * `wazo-snom-10.1` are dotted); a value that could act as a wildcard or is empty is refused:
 * `undefined`.
 */
export const requiredAcl = (
  template: string,
  values: Readonly<Record<string, string>>,
): string | undefined => {
  let invalid = false;
  const acl = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '' || /[*#!{}]/.test(value)) invalid = true;
    return (value ?? '').replaceAll('.', '_');
  });
  return invalid ? undefined : acl;
};
