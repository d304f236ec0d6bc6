import { AppError } from '../common/errors/app-error';
import { SessionRef } from './session-ref';

/** How many ad-hoc sessions are open now: over the cluster and opened by the peer asking. */
export interface AdhocCounts {
  total: number;
  byPeer: number;
}

export interface AdhocLimits {
  max: number;
  perPeer: number;
}

/** The form of the ids the coordinator generates (newSessionId): never taken by an ad-hoc session. */
const GENERATED_ID = /^session-[0-9a-f]{16}$/;

/**
 * Whether a `join` of this unknown reference may open an ad-hoc session of that id. Integer ids
 * name sessions by primary key, which a client cannot choose, and the generated form is left to
 * the coordinator; anything else already passed the id charset and length check (parseSessionRef).
 */
export function mayOpenAdhoc(ref: SessionRef): ref is Extract<SessionRef, { kind: 'session_id' }> {
  return ref.kind === 'session_id' && !GENERATED_ID.test(ref.sessionId);
}

/** Why one more ad-hoc session cannot be opened now, or undefined. */
export function adhocLimitRefusal(counts: AdhocCounts, limits: AdhocLimits): AppError | undefined {
  if (counts.byPeer >= limits.perPeer) {
    return new AppError(
      'RATE_LIMITED',
      `This peer already has ${counts.byPeer} open ad-hoc session(s) (ADHOC_SESSIONS_PER_PEER=${limits.perPeer}); leave one, or join an existing session`,
    );
  }
  if (counts.total >= limits.max) {
    return new AppError(
      'RATE_LIMITED',
      `${counts.total} ad-hoc sessions are open (ADHOC_SESSIONS_MAX=${limits.max}); join an existing session`,
    );
  }
  return undefined;
}
