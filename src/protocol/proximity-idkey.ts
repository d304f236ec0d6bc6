/** Code units an id key holds: 7 digits of base 128 stay below 2^53, exact in a double. */
const KEY_DIGITS = 7;
const BASE = 128;

/**
 * A number that orders ids like plain string comparison wherever it differs: key(a) < key(b)
 * implies a < b, and equal keys say nothing. The k-nearest buffer breaks distance ties (frequent
 * on a tile grid) with it and compares the strings only when the keys are equal, which saves the
 * string comparison and the pointer chase to the string in nearly every tie.
 *
 * Digit i is code unit i plus one (0 marks the end of a short id, which sorts first). The first
 * code unit that does not fit a digit becomes the top digit and ends the key, so two ids equal
 * up to there get equal keys and fall back to the string comparison.
 */
export function idKey(id: string): number {
  let key = 0;
  let i = 0;
  for (; i < KEY_DIGITS && i < id.length; i++) {
    const digit = id.charCodeAt(i) + 1;
    if (digit >= BASE - 1) {
      key = key * BASE + (BASE - 1);
      i++;
      break;
    }
    key = key * BASE + digit;
  }
  for (; i < KEY_DIGITS; i++) {
    key *= BASE;
  }
  return key;
}
