import type { QualityInputs } from './quality-score';

/** The SQL expression (a column or a parameter) that supplies each input of the score. */
export type QualityInputsSql = Record<keyof QualityInputs, string>;

/**
 * computeQualityScore() written in SQL, so a heartbeat can store the score in its one UPDATE (the
 * hardware terms come from the row, the live ones from the request) instead of reading the row
 * first. Term for term the same double-precision arithmetic as the TypeScript, so the two agree to
 * the last bit (test/integration/quality-score-sql.int-spec.ts runs both over a grid of inputs):
 * change them together. The rounding is Math.round's (halves up), not PostgreSQL's round() on
 * doubles (halves to even); the scalar subquery only names the scaled total once.
 */
export function qualityScoreSql(input: QualityInputsSql): string {
  const f = (key: keyof QualityInputs): string => `(${input[key]})::float8`;
  const clamp = (value: string, min: number, max: number): string => `LEAST(${max}, GREATEST(${min}, ${value}))`;
  const capacityPercent = `CASE WHEN ${f('max_players')} > 0 THEN ${clamp(`(${f('current_players')} / ${f('max_players')}) * 100`, 0, 100)} ELSE 100 END`;
  const terms = [
    `GREATEST(0, 30 - ${f('latency_ms')} / 10)`,
    `GREATEST(0, 20 - ${f('packet_loss_percent')} * 2)`,
    `((100 - ${capacityPercent}) / 100) * 25`,
    `LEAST(10, (${f('cpu_cores')} / 4) * 10)`,
    `LEAST(10, (${f('memory_mb')} / 8192) * 10)`,
    `LEAST(5, (${f('network_speed_mbps')} / 100) * 5)`,
  ];
  const total = clamp(terms.join(' + '), 0, 100);
  return `(SELECT (CASE WHEN x - floor(x) >= 0.5::float8 THEN ceil(x) ELSE floor(x) END) / 100
     FROM (SELECT (${total}) * 100 AS x) AS scaled)`;
}
