import { overviewGauges, renderGauges, upGauge } from './prometheus-text';

describe('prometheus-text', () => {
  describe('renderGauges', () => {
    it('should write HELP, TYPE and the sample, with a blank line between gauges', () => {
      expect(
        renderGauges([
          { name: 'a_total', help: 'A things', value: 3 },
          { name: 'b_avg', help: 'B average', value: 1.5 },
        ]),
      ).toBe(
        '# HELP a_total A things\n# TYPE a_total gauge\na_total 3\n\n# HELP b_avg B average\n# TYPE b_avg gauge\nb_avg 1.5\n',
      );
    });

    it('should escape backslashes and newlines in HELP', () => {
      expect(renderGauges([{ name: 'x', help: 'a\\b\nc', value: 0 }])).toContain('# HELP x a\\\\b\\nc\n');
    });

    it('should write the special float values the format defines', () => {
      const text = renderGauges([
        { name: 'n', help: 'n', value: Number.NaN },
        { name: 'p', help: 'p', value: Number.POSITIVE_INFINITY },
        { name: 'm', help: 'm', value: Number.NEGATIVE_INFINITY },
      ]);
      expect(text).toContain('\nn NaN\n');
      expect(text).toContain('\np +Inf\n');
      expect(text).toContain('\nm -Inf\n');
    });

    it('should render nothing for no gauges', () => {
      expect(renderGauges([])).toBe('');
    });
  });

  describe('overviewGauges', () => {
    it('should map the overview to the gauge names, rounding averages to two decimals', () => {
      const gauges = overviewGauges({
        hosts: { total: 4, online: 3, averageQualityScore: 91.23456 },
        zones: { total: 5, enabled: 4, p2pEnabled: 2 },
        sessions: { total: 7, active: 2, totalPlayers: 9, averageLatencyMs: 33.336 },
      });
      expect(Object.fromEntries(gauges.map((g) => [g.name, g.value]))).toEqual({
        p2p_hosts_total: 4,
        p2p_hosts_online: 3,
        p2p_host_quality_score_avg: 91.23,
        p2p_zones_total: 5,
        p2p_zones_enabled: 2,
        p2p_sessions_total: 7,
        p2p_sessions_active: 2,
        p2p_players_total: 9,
        p2p_session_latency_ms_avg: 33.34,
        p2p_coordinator_up: 1,
      });
    });
  });

  describe('upGauge', () => {
    it('should report 0 when the coordinator cannot read its data', () => {
      expect(renderGauges([upGauge(false)])).toMatch(/\np2p_coordinator_up 0\n$/);
    });
  });
});
