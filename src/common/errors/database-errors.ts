/** Classifies driver errors: "the database is unreachable" (503) versus "this statement failed" (500). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES = [
  'connection terminated',
  'connection refused',
  'timeout exceeded when trying to connect',
  'terminating connection',
  'database system is starting up',
  'database system is shutting down',
  'cannot use a pool after calling end',
  'client has encountered a connection error',
  'connection error',
  'pglite is closed',
  'connection is not yet established',
  'driver not connected',
  'datasource is not initialized',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const record = error as Error & { code?: string; driverError?: unknown; cause?: unknown };
  if (record.code && (CONNECTION_CODES.has(record.code) || /^(08|57P)/.test(record.code))) {
    return true;
  }
  const message = error.message.toLowerCase();
  if (CONNECTION_MESSAGES.some((fragment) => message.includes(fragment))) {
    return true;
  }
  return isDatabaseUnavailable(record.driverError) || isDatabaseUnavailable(record.cause);
}

export function isUniqueViolation(error: unknown): boolean {
  const record = error as { code?: string; driverError?: { code?: string } } | undefined;
  return record?.code === '23505' || record?.driverError?.code === '23505';
}
