import { isValidId } from '../common/validation/ids';

/**
 * How a `{session}` path parameter names a session: its integer `id` (digits only, as the earlier
 * coordinator's clients send) or its string `session_id`. `raw` is kept for messages.
 */
export type SessionRef =
  { kind: 'id'; id: number; raw: string } | { kind: 'session_id'; sessionId: string; raw: string };

/** PostgreSQL `serial` ids never exceed the int4 range. */
const MAX_SERIAL = 2_147_483_647;

/**
 * Parses a path parameter into a reference, or undefined when it cannot name any session (neither
 * digits nor an id of the allowed charset). Digits beyond the int4 range parse to id 0, which no
 * session has, so the caller answers "not found" rather than letting the driver fail on overflow.
 */
export function parseSessionRef(raw: string): SessionRef | undefined {
  if (/^\d+$/.test(raw)) {
    const id = raw.length > 10 ? Number.NaN : Number(raw);
    return { kind: 'id', id: Number.isSafeInteger(id) && id <= MAX_SERIAL ? id : 0, raw };
  }
  if (isValidId(raw)) {
    return { kind: 'session_id', sessionId: raw, raw };
  }
  return undefined;
}
