import { endpointOf, logFailure, OutageNotice, unreachableDependency } from './outage';

describe(OutageNotice.name, () => {
  const notice = () => {
    const logger = { error: jest.fn(), log: jest.fn() };
    return { logger, notice: new OutageNotice(logger, { down: (detail) => `down: ${detail}`, up: 'up again' }) };
  };

  it('should tell an outage once when it starts and once when every source is back', () => {
    const { logger, notice: outage } = notice();
    for (let retry = 0; retry < 5; retry++) {
      outage.failed('command', 'ECONNREFUSED');
      outage.failed('subscriber', 'ECONNREFUSED');
    }
    expect(logger.error.mock.calls).toEqual([['down: ECONNREFUSED']]);
    outage.recovered('command');
    expect(logger.log).not.toHaveBeenCalled();
    outage.recovered('subscriber');
    outage.recovered('subscriber');
    expect(logger.log.mock.calls).toEqual([['up again']]);
    outage.failed('command', 'ETIMEDOUT');
    expect(logger.error.mock.calls).toEqual([['down: ECONNREFUSED'], ['down: ETIMEDOUT']]);
  });

  it('should say nothing once silenced (shutting down)', () => {
    const { logger, notice: outage } = notice();
    outage.silence();
    outage.failed('command', 'closed');
    outage.recovered('command');
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.log).not.toHaveBeenCalled();
  });
});

describe('outage helpers', () => {
  it('should tell an unreachable dependency from a failing statement', () => {
    expect(unreachableDependency(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      'redis',
    );
    expect(unreachableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(unreachableDependency(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'database',
    );
    expect(unreachableDependency(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(unreachableDependency(new Error('duplicate key value violates unique constraint'))).toBeUndefined();
  });

  it('should log a duty failing because of an outage at debug level only', () => {
    const logger = { warn: jest.fn(), debug: jest.fn() };
    logFailure(logger, 'Node beat', new Error('Connection is closed.'));
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledTimes(1);
    logFailure(logger, 'Node beat', new Error('ERR wrong number of arguments'));
    expect(logger.warn.mock.calls).toEqual([['Node beat failed: ERR wrong number of arguments']]);
  });

  it('should name host and port, never credentials', () => {
    expect(endpointOf('postgresql://app:pw@db.example:5433/p2p', 5432)).toBe('db.example:5433');
    expect(endpointOf('redis://cache', 6379)).toBe('cache:6379');
    expect(endpointOf(undefined, 6379)).toBe('an unknown address');
  });
});
