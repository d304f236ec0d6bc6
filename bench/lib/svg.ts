/**
 * Hand-rolled SVG charts (no chart library): grouped horizontal bars and a log-log line chart.
 * Plain strings, so the suite can write them next to its tables.
 */

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number): string => (Math.round(v * 10) / 10).toString();

export interface Bar {
  group: string;
  series: string;
  value: number;
  min?: number;
  max?: number;
}

/** Horizontal bars grouped by `group`, one colour per `series`, with min–max whiskers. */
export function barChart(title: string, unit: string, bars: Bar[]): string {
  const groups = [...new Set(bars.map((b) => b.group))];
  const series = [...new Set(bars.map((b) => b.series))];
  const barH = 16;
  const left = 230;
  const width = 760;
  const plotW = width - left - 80;
  const groupH = series.length * barH + 14;
  const height = 50 + groups.length * groupH + series.length * 18 + 20;
  const top = Math.max(...bars.map((b) => b.max ?? b.value), 1e-9);
  const x = (v: number): number => left + (v / top) * plotW;
  const out: string[] = [`<text x="${width / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  groups.forEach((group, gi) => {
    const y0 = 36 + gi * groupH;
    out.push(`<text x="8" y="${y0 + (series.length * barH) / 2 + 4}">${esc(group)}</text>`);
    series.forEach((name, si) => {
      const bar = bars.find((b) => b.group === group && b.series === name);
      if (!bar) {
        return;
      }
      const y = y0 + si * barH;
      out.push(
        `<rect x="${left}" y="${y}" width="${num(x(bar.value) - left)}" height="${barH - 3}" fill="${COLORS[si % COLORS.length]}"/>`,
      );
      if (bar.min !== undefined && bar.max !== undefined) {
        const my = y + (barH - 3) / 2;
        out.push(`<line x1="${num(x(bar.min))}" x2="${num(x(bar.max))}" y1="${my}" y2="${my}" stroke="#000"/>`);
      }
      out.push(
        `<text x="${num(x(Math.max(bar.value, bar.max ?? 0)) + 4)}" y="${y + barH - 5}" font-size="11">${esc(`${num(bar.value)} ${unit}`)}</text>`,
      );
    });
  });
  const ly = 40 + groups.length * groupH;
  series.forEach((name, si) => {
    out.push(`<rect x="${left}" y="${ly + si * 18}" width="12" height="12" fill="${COLORS[si % COLORS.length]}"/>`);
    out.push(`<text x="${left + 18}" y="${ly + si * 18 + 11}" font-size="12">${esc(name)}</text>`);
  });
  return wrap(width, height, out);
}

export interface Line {
  name: string;
  points: Array<{ x: number; y: number }>;
}

/** Log-log lines (both axes powers of ten), the natural view of cost against peer count. */
export function logLogChart(title: string, xLabel: string, yLabel: string, lines: Line[]): string {
  const width = 760;
  const height = 420;
  const [l, r, t, b] = [70, 180, 36, 50];
  const all = lines.flatMap((line) => line.points).filter((p) => p.x > 0 && p.y > 0);
  const decades = (values: number[]): [number, number] => [
    Math.floor(Math.log10(Math.min(...values))),
    Math.ceil(Math.log10(Math.max(...values))),
  ];
  const [x0, x1] = decades(all.map((p) => p.x));
  const [y0, y1] = decades(all.map((p) => p.y));
  const px = (v: number): number => l + ((Math.log10(v) - x0) / Math.max(1, x1 - x0)) * (width - l - r);
  const py = (v: number): number => height - b - ((Math.log10(v) - y0) / Math.max(1, y1 - y0)) * (height - t - b);
  const out: string[] = [`<text x="${width / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  for (let d = x0; d <= x1; d++) {
    out.push(`<line x1="${num(px(10 ** d))}" x2="${num(px(10 ** d))}" y1="${t}" y2="${height - b}" stroke="#ddd"/>`);
    out.push(
      `<text x="${num(px(10 ** d))}" y="${height - b + 16}" text-anchor="middle" font-size="11">${(10 ** d).toLocaleString('en-US')}</text>`,
    );
  }
  for (let d = y0; d <= y1; d++) {
    out.push(`<line x1="${l}" x2="${width - r}" y1="${num(py(10 ** d))}" y2="${num(py(10 ** d))}" stroke="#ddd"/>`);
    out.push(`<text x="${l - 6}" y="${num(py(10 ** d) + 4)}" text-anchor="end" font-size="11">${10 ** d}</text>`);
  }
  out.push(
    `<text x="${(l + width - r) / 2}" y="${height - 12}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`,
  );
  out.push(
    `<text x="14" y="${(t + height - b) / 2}" transform="rotate(-90 14 ${(t + height - b) / 2})" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`,
  );
  lines.forEach((line, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = line.points.filter((p) => p.x > 0 && p.y > 0);
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${num(px(p.x))},${num(py(p.y))}`).join(' ')}"/>`,
    );
    pts.forEach((p) => out.push(`<circle cx="${num(px(p.x))}" cy="${num(py(p.y))}" r="3" fill="${color}"/>`));
    out.push(`<rect x="${width - r + 12}" y="${t + i * 20}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${width - r + 30}" y="${t + i * 20 + 11}" font-size="12">${esc(line.name)}</text>`);
  });
  return wrap(width, height, out);
}

function wrap(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
