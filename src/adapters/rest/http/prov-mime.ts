/** provd's media type: request bodies must carry it exactly, responses are sent with it. */
export const PROV_MIME = 'application/vnd.proformatique.provd+json';

/**
 * provd's Accept rule (provd-spec §1.2): no header, or one listing the provd type, `*\/*` or
 * `application/*`; q-parameters are ignored, as provd did.
 */
export const acceptsProvMime = (accept: string | undefined): boolean => {
  if (accept === undefined) return true;
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]?.trim().toLowerCase();
    return type === PROV_MIME || type === '*/*' || type === 'application/*';
  });
};
