import { Queryable } from '../database/database.service';
import { SessionResponseDto } from './dto/session-response.dto';
import { SessionRef } from './session-ref';
import { sessionNotFound } from './session-rules';
import { SessionRow, SessionsRepository } from './sessions.repository';
import { toSessionResponse } from './session-view';

/**
 * Runs `work` in a transaction holding the session's row lock, then answers the session as it is
 * after the work, read in the same transaction. Every change to one session goes through here, so
 * concurrent changes to a session queue on its row instead of racing.
 */
export async function inLockedSession(
  repository: SessionsRepository,
  ref: SessionRef,
  work: (tx: Queryable, row: SessionRow) => Promise<void>,
): Promise<SessionResponseDto> {
  const view = await repository.transaction(async (tx) => {
    const row = await repository.lock(tx, ref);
    if (!row) {
      throw sessionNotFound(ref);
    }
    await work(tx, row);
    const [after] = await repository.findViews([row.id], tx);
    return after;
  });
  return toSessionResponse(view);
}
