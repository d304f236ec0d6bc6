import { SessionMembersRepository } from '../../src/sessions/session-members.repository';
import { SessionsService } from '../../src/sessions/sessions.service';
import { createTestApp, TestApp } from '../utils/create-test-app';

type Setting = { synchronous_commit: string };

/**
 * Seating transactions commit without waiting for the WAL flush unless DATABASE_DURABLE_JOINS is
 * set; the setting must stay inside those transactions. Runs on whichever database the suite uses
 * (PostgreSQL in CI, PGlite embedded), both of which must accept it.
 */
describe('Join commits (DATABASE_DURABLE_JOINS)', () => {
  const setting = (testApp: TestApp): Promise<string> =>
    testApp.db.query<Setting>('SHOW synchronous_commit').then((rows) => rows[0].synchronous_commit);

  const insideLock = (testApp: TestApp, durable: boolean): Promise<string> =>
    testApp.db.transaction(async (tx) => {
      await testApp.app.get(SessionMembersRepository).lockZoneAssignment(tx, 1, durable);
      const rows = await tx.query<Setting>('SHOW synchronous_commit');
      return rows[0].synchronous_commit;
    });

  describe('by default', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({ P2P_ENABLED_ZONES: 'prontera' });
    });

    afterAll(async () => {
      await testApp?.close();
    });

    it('should switch the WAL wait off inside the seating transaction only', async () => {
      const before = await setting(testApp);

      expect(testApp.config.db.durableJoins).toBe(false);
      expect(await insideLock(testApp, false)).toBe('off');
      expect(await setting(testApp)).toBe(before);
      expect(before).not.toBe('off');
    });

    it('should take the lock the same way when durable', async () => {
      expect(await insideLock(testApp, true)).toBe(await setting(testApp));
    });

    it('should seat players through the non-durable lock on PostgreSQL, the durable one embedded', async () => {
      const lock = jest.spyOn(testApp.app.get(SessionMembersRepository), 'lockZoneAssignment');

      const placed = await testApp.app.get(SessionsService).placeInZone('prontera', 'join-commit-a');

      expect(placed.sessionId).toEqual(expect.any(String));
      // Embedded, the database crashes with the coordinator and has no WAL writer: always durable.
      expect(lock).toHaveBeenCalledWith(expect.anything(), expect.any(Number), testApp.config.db.embedded);
      lock.mockRestore();
    });
  });

  describe('with DATABASE_DURABLE_JOINS=true', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await createTestApp({ P2P_ENABLED_ZONES: 'prontera', DATABASE_DURABLE_JOINS: 'true' });
    });

    afterAll(async () => {
      await testApp?.close();
    });

    it('should seat players with every commit waiting for its flush', async () => {
      const lock = jest.spyOn(testApp.app.get(SessionMembersRepository), 'lockZoneAssignment');

      const placed = await testApp.app.get(SessionsService).placeInZone('prontera', 'join-commit-b');

      expect(placed.sessionId).toEqual(expect.any(String));
      expect(lock).toHaveBeenCalledWith(expect.anything(), expect.any(Number), true);
      lock.mockRestore();
    });
  });
});
