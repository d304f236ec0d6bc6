import { isDatabaseUnavailable, isUniqueViolation } from './database-errors';

describe(isDatabaseUnavailable.name, () => {
  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('x'), { code: '08006' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Driver not Connected'),
    Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('y'), { code: 'ECONNRESET' }) }),
  ])('should classify %s as unavailable', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    new Error('relation "hosts" does not exist'),
    Object.assign(new Error('dup'), { code: '23505' }),
    'text',
    undefined,
  ])('should not classify %s as unavailable', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe(isUniqueViolation.name, () => {
  it('should recognise 23505 directly or on the driver error', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ driverError: { code: '23505' } })).toBe(true);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
  });
});
