/**
 * Who is calling. `anonymous` is what every caller is while JWT validation is off (no ownership
 * rules apply); `client` is a token holder acting for its subject; `admin` may act on everything.
 */
export type Role = 'anonymous' | 'client' | 'admin';

export interface Principal {
  role: Role;
  /** The token subject (peer / player id), when the caller presented a valid token. */
  subject?: string;
}

export const ANONYMOUS: Principal = Object.freeze({ role: 'anonymous' });

/** True when the caller may act on something owned by `owner` (ownership only binds clients). */
export function mayActFor(principal: Principal | undefined, owner: string | null | undefined): boolean {
  if (!principal || principal.role !== 'client') {
    return true;
  }
  return owner !== null && owner !== undefined && principal.subject === owner;
}

/** True when ownership rules apply to this caller at all. */
export function isRestricted(
  principal: Principal | undefined,
): principal is Principal & { role: 'client'; subject: string } {
  return principal?.role === 'client';
}
