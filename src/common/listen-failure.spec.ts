import { listenFailure, StartupError } from './listen-failure';

const inUse = (): Error =>
  Object.assign(new Error('listen EADDRINUSE: address already in use'), { code: 'EADDRINUSE' });

describe(listenFailure.name, () => {
  it.each(['PORT', 'TLS_PORT', 'PROMETHEUS_PORT'])('should name %s when its port is taken', (variable) => {
    const error = listenFailure(inUse(), variable, '0.0.0.0', 9091);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(
      `Port 9091 (${variable}) on 0.0.0.0 is already in use, perhaps by another coordinator node on this host: set ${variable} to a free port`,
    );
  });

  it('should add what else the variable allows, and name privileged ports', () => {
    const error = listenFailure(inUse(), 'PROMETHEUS_PORT', '127.0.0.1', 9091, 'or 0 to turn it off');
    expect((error as Error).message).toMatch(/set PROMETHEUS_PORT to a free port, or 0 to turn it off$/);
    const denied = listenFailure(Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'PORT', '0.0.0.0', 80);
    expect((denied as Error).message).toContain('set PORT to a port above 1023');
  });

  it('should pass other errors through unchanged', () => {
    const other = new Error('something else');
    expect(listenFailure(other, 'PORT', '0.0.0.0', 1)).toBe(other);
  });
});
