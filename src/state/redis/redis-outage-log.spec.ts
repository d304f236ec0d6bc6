import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisOutageLog } from './redis-connections';

describe(RedisOutageLog.name, () => {
  it("should tell a Redis outage once, in the operator's words, however many connections retry", () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const outages = new RedisOutageLog('redis://:secret@redis.internal:6380/4');
      const connections = ['command', 'subscriber', 'publisher'].map((role) => {
        const conn = new EventEmitter();
        outages.watch(conn as unknown as Redis, role);
        return conn;
      });
      // A reconnect attempt every few seconds, for a while.
      for (let attempt = 0; attempt < 10; attempt++) {
        for (const conn of connections) {
          conn.emit('error', new Error("Stream isn't writeable and enableOfflineQueue options is false"));
          conn.emit('close');
        }
      }
      expect(error).toHaveBeenCalledTimes(1);
      const down = String(error.mock.calls[0][0]);
      expect(down).toContain('Redis at redis.internal:6380 is unreachable');
      expect(down).toContain('cross-node signaling and shared live state are paused');
      expect(down).toContain('players on this node keep their sessions');
      expect(down).toContain('check REDIS_URL and the Redis server');
      expect(down).not.toContain('secret');
      connections.forEach((conn) => conn.emit('ready'));
      expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
        'Redis at redis.internal:6380 is reachable again: cross-node signaling and shared live state resume',
      ]);
    } finally {
      error.mockRestore();
      log.mockRestore();
    }
  });

  it('should name the cluster seeds and REDIS_CLUSTER_NODES on a Redis Cluster', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const outages = new RedisOutageLog(undefined, [
        { host: 'redis-1', port: 7001 },
        { host: 'redis-2', port: 7002 },
      ]);
      const conn = new EventEmitter();
      outages.watch(conn as unknown as Redis, 'command');
      conn.emit('error', new Error('Failed to refresh slots cache.'));
      const down = String(error.mock.calls[0][0]);
      expect(down).toContain('Redis Cluster at redis-1:7001, redis-2:7002 is unreachable');
      expect(down).toContain('check REDIS_CLUSTER_NODES and the cluster');
    } finally {
      error.mockRestore();
    }
  });
});
