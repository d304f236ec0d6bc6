/**
 * Character sets and lengths for every id the API accepts. Ids end up in Redis keys, logs and
 * JSON sent to other players, so they are kept to a safe, printable set.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
export const ID_MAX_LENGTH = 64;
export const ID_MESSAGE = 'must be 1-64 characters: letters, digits and . _ : @ - (starting with a letter or digit)';

export const NAME_MAX_LENGTH = 128;
export const DESCRIPTION_MAX_LENGTH = 2000;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
