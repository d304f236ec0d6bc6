import { AppConfig } from '../config/app-config';
import { StateHealth } from '../state/state-health';
import { MonitoringOverview } from './monitoring-overview';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

const OVERVIEW: MonitoringOverview = {
  hosts: { total: 5, online: 3, averageQualityScore: 88.8888 },
  zones: { total: 4, enabled: 3, p2pEnabled: 2 },
  sessions: { total: 6, active: 2, totalPlayers: 7, averageLatencyMs: 20.005 },
};

const connectionRefused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe(MonitoringService.name, () => {
  const makeSut = (options: { overview?: jest.Mock; metricsEnabled?: boolean; state?: Partial<StateHealth> } = {}) => {
    const repository = {
      overview: options.overview ?? jest.fn().mockResolvedValue(OVERVIEW),
      onlineQuality: jest
        .fn()
        .mockResolvedValue({ totalOnline: 3, distribution: { excellent: 1, good: 1, fair: 0, poor: 1 } }),
    } as unknown as MonitoringRepository;
    const config = { metrics: { enabled: options.metricsEnabled ?? true, port: 0 } } as AppConfig;
    return new MonitoringService(config, repository, options.state as StateHealth | undefined);
  };

  describe('dashboard', () => {
    it('should derive offline, disabled and inactive counts and round averages', async () => {
      const sut = makeSut();
      const logger = (sut as unknown as { logger: { warn: () => void } }).logger;
      jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      await expect(sut.dashboard()).resolves.toEqual({
        hosts: { total: 5, online: 3, offline: 2, average_quality_score: 88.89 },
        zones: { total: 4, enabled: 3, disabled: 1 },
        sessions: { total: 6, active: 2, inactive: 4, total_players: 7, average_latency_ms: 20.01 },
        system: { postgres: 'healthy', redis: 'embedded' },
      });
    });

    it('should report Redis healthy or unhealthy when live state runs on Redis', async () => {
      const healthy = makeSut({ state: { mode: 'redis', ping: jest.fn().mockResolvedValue('up') } });
      expect((await healthy.dashboard()).system.redis).toBe('healthy');
      const down = makeSut({ state: { mode: 'redis', ping: jest.fn().mockRejectedValue(new Error('timeout')) } });
      expect((await down.dashboard()).system.redis).toBe('unhealthy');
    });

    it('should report embedded live state', async () => {
      expect((await makeSut({ state: { mode: 'memory' } }).dashboard()).system.redis).toBe('embedded');
    });

    it('should fail instead of answering zeros when the database is down', async () => {
      const sut = makeSut({ overview: jest.fn().mockRejectedValue(connectionRefused()) });
      await expect(sut.dashboard()).rejects.toThrow('ECONNREFUSED');
    });
  });

  describe('hostStats', () => {
    it('should answer the reference shape', async () => {
      await expect(makeSut().hostStats()).resolves.toEqual({
        total_online: 3,
        quality_distribution: { excellent: 1, good: 1, fair: 0, poor: 1 },
      });
    });
  });

  describe('prometheus', () => {
    it('should render every gauge with the coordinator up', async () => {
      const text = await makeSut().prometheus();
      expect(text).toContain('\np2p_hosts_online 3\n');
      expect(text).toContain('\np2p_host_quality_score_avg 88.89\n');
      expect(text).toMatch(/\np2p_coordinator_up 1\n$/);
    });

    it('should refuse with NOT_FOUND when metrics are disabled', async () => {
      await expect(makeSut({ metricsEnabled: false }).prometheus()).rejects.toMatchObject({
        code: 'NOT_FOUND',
        status: 404,
      });
    });

    it('should expose only p2p_coordinator_up 0 when the database is unreachable', async () => {
      const sut = makeSut({ overview: jest.fn().mockRejectedValue(connectionRefused()) });
      jest
        .spyOn((sut as unknown as { logger: { warn: () => void } }).logger, 'warn')
        .mockImplementation(() => undefined);
      const text = await sut.prometheus();
      expect(text).toBe(
        '# HELP p2p_coordinator_up Whether the coordinator can read its database (1) or not (0)\n# TYPE p2p_coordinator_up gauge\np2p_coordinator_up 0\n',
      );
    });

    it('should let other errors through', async () => {
      const sut = makeSut({ overview: jest.fn().mockRejectedValue(new Error('syntax error at or near')) });
      await expect(sut.prometheus()).rejects.toThrow('syntax error');
    });
  });
});
