import type { ErrorCode } from '@ro-p2p/contract';
import { toAppError } from '../common/filters/to-app-error';

/** Maps a failure inside message handling to the error message the peer receives. */
export function errorForFailure(error: unknown): { code: ErrorCode; message: string; unexpected: boolean } {
  const { appError, unexpected } = toAppError(error);
  if (!unexpected) {
    return { code: appError.code, message: appError.message, unexpected };
  }
  const text = error instanceof Error ? error.message : '';
  if (/redis|connection is closed|stream isn't writeable|enableOfflineQueue/i.test(text)) {
    return { code: 'REDIS_UNAVAILABLE', message: 'Live state is unavailable; try again shortly', unexpected: false };
  }
  return { code: 'INTERNAL', message: 'Internal error', unexpected: true };
}
