import { AppError } from '../errors/app-error';
import { errorBody } from './error-body';

describe(errorBody.name, () => {
  it('should carry a reason as a top-level field next to the stable code', () => {
    const body = errorBody(
      new AppError('IDENTITY_REJECTED', 'Identity refused: the character is not online', undefined, 'not_online'),
      'req-2',
    );
    expect(body).toEqual({
      code: 'IDENTITY_REJECTED',
      message: 'Identity refused: the character is not online',
      detail: 'Identity refused: the character is not online',
      reason: 'not_online',
      status_code: 403,
      correlation_id: 'req-2',
    });
  });

  it('should leave the reason out when the error has none', () => {
    const body = errorBody(new AppError('IDENTITY_UNAVAILABLE', 'rAthena is unreachable'), 'req-3');
    expect(body).not.toHaveProperty('reason');
    expect(body.status_code).toBe(503);
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      code: 'IDENTITY_UNAVAILABLE',
      message: 'rAthena is unreachable',
      detail: 'rAthena is unreachable',
      status_code: 503,
      correlation_id: 'req-3',
    });
  });
});
