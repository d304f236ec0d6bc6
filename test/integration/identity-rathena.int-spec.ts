import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/common/errors/app-error';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { RawEnv } from '../../src/config/env-parse';
import { identityChecks } from '../../src/identity/identity.metrics';
import { IdentityModule } from '../../src/identity/identity.module';
import { IDENTITY_CLOCK, IdentityService } from '../../src/identity/identity.service';
import { RathenaAccountsRepository } from '../../src/identity/rathena-accounts.repository';
import { RathenaTestDb, RATHENA_TEST_SERVER_URL } from '../utils/rathena-db';
import { TcpProxy } from '../utils/tcp-proxy';
import { testEnv } from '../utils/test-env';

const PLAYER_IP = '203.0.113.7';
const NOW_SECONDS = Math.floor(Date.now() / 1000);

/** A clock the test moves by hand. */
class FakeClock {
  ms = Date.now();
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

interface Built {
  sut: IdentityService;
  repository: RathenaAccountsRepository;
  module: TestingModule;
}

/** Resolves to the AppError `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<void>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the identity to be refused');
}

/** A server that accepts connections and never says a word: a database too slow to answer. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function checksCounted(result: string): Promise<number> {
  const metric = await identityChecks.get();
  return metric.values.find((value) => value.labels.result === result)?.value ?? 0;
}

describe('IdentityService against rAthena (MariaDB)', () => {
  let db: RathenaTestDb;
  let proxy: TcpProxy;
  const modules: TestingModule[] = [];

  beforeAll(async () => {
    db = await RathenaTestDb.create('p2p_rathena_identity_test');
    const server = new URL(RATHENA_TEST_SERVER_URL);
    proxy = new TcpProxy(server.hostname, Number(server.port || 3306));
    await proxy.start();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(modules.splice(0).map((module) => module.close()));
  });

  afterAll(async () => {
    await proxy?.stop();
    await db?.drop();
  });

  /** The module as the app wires it, with a real config and (optionally) a hand-moved clock. */
  async function build(env: RawEnv = {}, clock: () => number = Date.now): Promise<Built> {
    const config = loadConfig(testEnv({ IDENTITY_VERIFICATION: 'rathena', RATHENA_DATABASE_URL: db.url, ...env }));
    const module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), IdentityModule] })
      .overrideProvider(IDENTITY_CLOCK)
      .useValue(clock)
      .compile();
    modules.push(module);
    return { sut: module.get(IdentityService), repository: module.get(RathenaAccountsRepository), module };
  }

  describe('verify', () => {
    it('should vouch for an online character playing from its login address', async () => {
      const { sut } = await build();
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
      expect(charId).toBeGreaterThanOrEqual(150000);
      expect(sut.enabled).toBe(true);
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();
    });

    it('should refuse a character that is not in the game as not_online', async () => {
      const { sut } = await build();
      const charId = await db.insertCharacter({ online: 0, lastIp: PLAYER_IP });
      const before = await checksCounted('not_online');
      const error = await rejection(sut.verify(String(charId), PLAYER_IP));
      expect(error).toMatchObject({ code: 'IDENTITY_REJECTED', status: 403, reason: 'not_online' });
      expect(error.message).toContain('not_online');
      expect(await checksCounted('not_online')).toBe(before + 1);
    });

    it('should refuse a character playing from another address as address_mismatch', async () => {
      const { sut } = await build();
      const charId = await db.insertCharacter({ online: 1, lastIp: '198.51.100.23' });
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({
        code: 'IDENTITY_REJECTED',
        reason: 'address_mismatch',
      });
    });

    it.each(['::ffff:203.0.113.7', '::FFFF:cb00:7107', '0:0:0:0:0:ffff:203.0.113.7'])(
      'should match the IPv4 last_ip with the mapped client address %s',
      async (clientIp) => {
        const { sut } = await build();
        const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
        await expect(sut.verify(String(charId), clientIp)).resolves.toBeUndefined();
      },
    );

    it('should match an IPv6 last_ip written another way', async () => {
      const { sut } = await build();
      const charId = await db.insertCharacter({ online: 1, lastIp: '2001:DB8:0:0:0:0:0:7' });
      await expect(sut.verify(String(charId), '2001:db8::7')).resolves.toBeUndefined();
    });

    it('should refuse a blocked account (state <> 0) as banned', async () => {
      const { sut } = await build();
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP, state: 5 });
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({
        code: 'IDENTITY_REJECTED',
        reason: 'banned',
      });
    });

    it('should refuse an account banned until later as banned, and vouch once the ban is over', async () => {
      const { sut } = await build();
      const banned = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP, unbanTime: NOW_SECONDS + 3600 });
      const served = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP, unbanTime: NOW_SECONDS - 3600 });
      expect(await rejection(sut.verify(String(banned), PLAYER_IP))).toMatchObject({ reason: 'banned' });
      await expect(sut.verify(String(served), PLAYER_IP)).resolves.toBeUndefined();
    });

    it.each(['149999', '4294967295', 'Hero', '0150001', '-1', '99999999999'])(
      'should refuse the peer id %j as unknown_character',
      async (peerId) => {
        const { sut } = await build();
        expect(await rejection(sut.verify(peerId, PLAYER_IP))).toMatchObject({
          code: 'IDENTITY_REJECTED',
          reason: 'unknown_character',
        });
      },
    );

    it('should not query rAthena for a peer id that cannot be a character id', async () => {
      const { sut, repository } = await build();
      const lookups = jest.spyOn(repository, 'findByCharId');
      for (const peerId of ['Hero', '', ' 150001', '1.5', '4294967296']) {
        expect(await rejection(sut.verify(peerId, PLAYER_IP))).toMatchObject({ reason: 'unknown_character' });
      }
      expect(lookups).not.toHaveBeenCalled();
    });

    it('should take every peer id as given, without any I/O, when verification is off', async () => {
      const { sut, repository } = await build({
        IDENTITY_VERIFICATION: 'none',
        RATHENA_DATABASE_URL: 'mysql://nobody@127.0.0.1:1/ragnarok',
      });
      const lookups = jest.spyOn(repository, 'findByCharId');
      expect(sut.enabled).toBe(false);
      await expect(sut.verify('Hero', 'unknown')).resolves.toBeUndefined();
      expect(lookups).not.toHaveBeenCalled();
    });
  });

  describe('outages', () => {
    it('should answer IDENTITY_UNAVAILABLE within the timeout while the database is unreachable, log once, and recover', async () => {
      const { sut } = await build({
        RATHENA_DATABASE_URL: proxy.rewrite(db.url),
        IDENTITY_CACHE_SECONDS: '0',
        RATHENA_DATABASE_TIMEOUT_MS: '1000',
      });
      const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();

      proxy.pause();
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const started = Date.now();
          const error = await rejection(sut.verify(String(charId), PLAYER_IP));
          expect(error).toMatchObject({ code: 'IDENTITY_UNAVAILABLE', status: 503 });
          expect(error.reason).toBeUndefined();
          expect(Date.now() - started).toBeLessThan(1500);
        }
        expect(
          warnings.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('unreachable')),
        ).toHaveLength(1);
      } finally {
        proxy.resume();
      }

      // An outage is never cached: the next check asks again and is vouched for.
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();
      const messages = warnings.mock.calls.map(([message]) => String(message));
      expect(messages.filter((message) => message.includes('answers again'))).toHaveLength(1);
    });

    it('should refuse with IDENTITY_UNAVAILABLE when rAthena refuses the credentials, never logging the password', async () => {
      const password = 'not-the-password-5f3a';
      const url = new URL(db.url);
      url.password = password;
      const { sut } = await build({ RATHENA_DATABASE_URL: url.toString() });
      const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const error = await rejection(sut.verify('150001', PLAYER_IP));
      expect(error).toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
      expect(error.message).not.toContain(password);
      const logged = warnings.mock.calls.flat().map(String).join('\n');
      expect(logged).toMatch(/unreachable \(Access denied/);
      expect(logged).not.toContain(password);
    });

    it('should answer IDENTITY_UNAVAILABLE within the timeout when the database accepts but never answers', async () => {
      const silent = await silentServer();
      try {
        const { sut } = await build({
          RATHENA_DATABASE_URL: `mysql://root@127.0.0.1:${silent.port}/ragnarok`,
          RATHENA_DATABASE_TIMEOUT_MS: '300',
        });
        jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
        const before = await checksCounted('unavailable');
        const started = Date.now();
        expect(await rejection(sut.verify('150001', PLAYER_IP))).toMatchObject({ code: 'IDENTITY_UNAVAILABLE' });
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(250);
        expect(elapsed).toBeLessThan(1000);
        expect(await checksCounted('unavailable')).toBe(before + 1);
      } finally {
        await silent.close();
      }
    });
  });

  describe('cache', () => {
    it('should not see a changed row until IDENTITY_CACHE_SECONDS have passed, for vouching and refusing alike', async () => {
      const clock = new FakeClock();
      const { sut, repository } = await build({ IDENTITY_CACHE_SECONDS: '3' }, clock.now);
      const lookups = jest.spyOn(repository, 'findByCharId');
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();

      await db.updateCharacter(charId, { online: 0 });
      clock.advance(2999);
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();
      // The cached row still decides per address: another machine is refused at once.
      expect(await rejection(sut.verify(String(charId), '198.51.100.1'))).toMatchObject({ reason: 'address_mismatch' });
      expect(lookups).toHaveBeenCalledTimes(1);

      clock.advance(1);
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({ reason: 'not_online' });

      await db.updateCharacter(charId, { online: 1 });
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({ reason: 'not_online' });
      clock.advance(3000);
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();
      expect(lookups).toHaveBeenCalledTimes(3);
    });

    it('should see a changed row at once with IDENTITY_CACHE_SECONDS=0', async () => {
      const { sut } = await build({ IDENTITY_CACHE_SECONDS: '0' });
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
      await expect(sut.verify(String(charId), PLAYER_IP)).resolves.toBeUndefined();
      await db.updateCharacter(charId, { state: 1 });
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({ reason: 'banned' });
      await db.updateCharacter(charId, { state: 0, lastIp: '198.51.100.9' });
      expect(await rejection(sut.verify(String(charId), PLAYER_IP))).toMatchObject({ reason: 'address_mismatch' });
    });

    it('should share one query among 50 concurrent checks of one character', async () => {
      // No cache, so only the single flight can spare the other 49 queries.
      const { sut, repository } = await build({ IDENTITY_CACHE_SECONDS: '0' });
      const lookups = jest.spyOn(repository, 'findByCharId');
      const charId = await db.insertCharacter({ online: 1, lastIp: PLAYER_IP });
      const addresses = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? PLAYER_IP : '198.51.100.1'));
      const results = await Promise.allSettled(addresses.map((address) => sut.verify(String(charId), address)));

      expect(lookups).toHaveBeenCalledTimes(1);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(25);
      const refused = results.flatMap((result) =>
        result.status === 'rejected' ? [(result.reason as AppError).reason] : [],
      );
      expect(refused).toEqual(Array(25).fill('address_mismatch'));

      // Once the flight has landed, the next check asks again.
      await sut.verify(String(charId), PLAYER_IP);
      expect(lookups).toHaveBeenCalledTimes(2);
    });
  });
});
