import { SessionCleanupScheduler } from './session-cleanup.scheduler';
import { SessionsService } from './sessions.service';

describe(SessionCleanupScheduler.name, () => {
  const makeSut = (cleanup: jest.Mock, endEmptyAdhoc: jest.Mock = jest.fn().mockResolvedValue(0)) =>
    new SessionCleanupScheduler({ cleanup, endEmptyAdhoc } as unknown as SessionsService);

  describe('tick', () => {
    it('should run the clean-up with the configured timeout', async () => {
      const cleanup = jest.fn().mockResolvedValue(2);
      await makeSut(cleanup).tick();
      expect(cleanup).toHaveBeenCalledWith();
    });

    it('should end the empty ad-hoc sessions after the idle clean-up', async () => {
      const cleanup = jest.fn().mockResolvedValue(0);
      const endEmptyAdhoc = jest.fn().mockResolvedValue(1);
      await makeSut(cleanup, endEmptyAdhoc).tick();
      expect(endEmptyAdhoc).toHaveBeenCalledWith();
    });

    it('should swallow and log a failure', async () => {
      const sut = makeSut(jest.fn().mockRejectedValue(new Error('column "ended_at" does not exist')));
      const warn = jest
        .spyOn((sut as unknown as { logger: { warn: () => void } }).logger, 'warn')
        .mockImplementation(() => undefined);
      await expect(sut.tick()).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('column "ended_at" does not exist'));
    });

    it('should leave a database outage to the one outage message (debug only here)', async () => {
      const sut = makeSut(jest.fn().mockRejectedValue(new Error('connection refused')));
      const logger = (sut as unknown as { logger: { warn: () => void; debug: () => void } }).logger;
      const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      const debug = jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
      await expect(sut.tick()).resolves.toBeUndefined();
      expect(warn).not.toHaveBeenCalled();
      expect(debug).toHaveBeenCalledWith(expect.stringContaining('connection refused'));
    });

    it('should not start a run while the previous one is in progress', async () => {
      let release!: () => void;
      const cleanup = jest
        .fn()
        .mockImplementation(() => new Promise<number>((resolve) => (release = () => resolve(0))));
      const sut = makeSut(cleanup);
      const first = sut.tick();
      await sut.tick();
      release();
      await first;
      expect(cleanup).toHaveBeenCalledTimes(1);
    });
  });

  describe('lifecycle', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('should run every minute after bootstrap and stop on destroy', async () => {
      const cleanup = jest.fn().mockResolvedValue(0);
      const sut = makeSut(cleanup);
      sut.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(60_000 * 2);
      expect(cleanup).toHaveBeenCalledTimes(2);
      sut.onModuleDestroy();
      await jest.advanceTimersByTimeAsync(60_000 * 2);
      expect(cleanup).toHaveBeenCalledTimes(2);
    });
  });
});
