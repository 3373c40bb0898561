/**
 * Document ids (devices, configs). provd used them as file names, so ids such as `a/b` or `..`
 * failed on insert; we keep ids usable in file names, URLs and stream names by accepting a safe
 * alphabet only (MAC-style ids with `:` included).
 */
const DOCUMENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export const isValidDocumentId = (id: string): boolean => DOCUMENT_ID.test(id) && id !== '.' && id !== '..';

export const invalidIdMessage = (id: string): string =>
  `Invalid id "${id}": use 1 to 128 letters, digits, '_', '.', ':' or '-'`;
