// The page's label placement is plain browser JavaScript (no build step); it is written to load under Node too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { placeLabels } = require('./public/labels.js') as { placeLabels: PlaceLabels };

interface Dot {
  peer_id: string;
  px: number;
  py: number;
  radius: number;
  suspicious?: boolean;
}
interface Label {
  peer_id: string;
  text: string;
  count: number;
  suspicious: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}
type PlaceLabels = (
  dots: Dot[],
  options: {
    measure: (text: string) => number;
    width: number;
    height: number;
    lineHeight?: number;
    clusterRadius?: number;
  },
) => { labels: Label[]; unlabelled: number };

/** 6 px per character, as a 10 px font roughly is. */
const options = { measure: (text: string) => text.length * 6, width: 900, height: 640, lineHeight: 12 };
const dot = (peer_id: string, px: number, py: number, suspicious = false): Dot => ({
  peer_id,
  px,
  py,
  radius: 3,
  suspicious,
});
const apart = (a: Label, b: Label): boolean =>
  a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;

function expectNoOverlap(labels: Label[]): void {
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      expect({ a: a.text, b: b.text, apart: apart(a, b) }).toEqual({ a: a.text, b: b.text, apart: true });
    }
  }
}

describe('dashboard map labels', () => {
  it('should name players standing apart each beside their dot, right and above', () => {
    const { labels, unlabelled } = placeLabels([dot('150001', 100, 100), dot('150002', 400, 300)], options);
    expect(unlabelled).toBe(0);
    expect(labels).toEqual([
      { peer_id: '150001', text: '150001', count: 1, suspicious: false, x: 107, y: 85, w: 36, h: 12 },
      { peer_id: '150002', text: '150002', count: 1, suspicious: false, x: 407, y: 285, w: 36, h: 12 },
    ]);
  });

  it('should give a crowd one label with how many more stand there', () => {
    const crowd = Array.from({ length: 40 }, (_, i) =>
      dot(`p${String(i).padStart(3, '0')}`, 300 + (i % 8) * 2, 200 + Math.floor(i / 8) * 2),
    );
    const { labels, unlabelled } = placeLabels([...crowd, dot('far', 700, 500)], options);
    expect(labels.map((l) => l.text)).toEqual(['p000 +39', 'far']);
    expect(labels[0].count + labels[1].count + unlabelled).toBe(41);
  });

  it('should move a label aside, or leave it out, rather than write it over another', () => {
    // A row of dots 30 px apart: too far to merge, too close for labels on the same side.
    const row = Array.from({ length: 12 }, (_, i) => dot(`peer-${i}-long-name`, 100 + i * 30, 300));
    const { labels, unlabelled } = placeLabels(row, { ...options, clusterRadius: 10 });
    expectNoOverlap(labels);
    expect(labels.length).toBeGreaterThan(4);
    expect(labels.length + unlabelled).toBe(12);
    // Some went below or to the left instead of the first spot.
    expect(new Set(labels.map((l) => l.y)).size).toBeGreaterThan(1);
  });

  it('should keep labels on the canvas', () => {
    const { labels } = placeLabels([dot('corner', 895, 5), dot('bottom', 5, 636)], options);
    for (const l of labels) {
      expect(l.x).toBeGreaterThanOrEqual(0);
      expect(l.y).toBeGreaterThanOrEqual(0);
      expect(l.x + l.w).toBeLessThanOrEqual(900);
      expect(l.y + l.h).toBeLessThanOrEqual(640);
    }
    expect(labels.map((l) => l.text)).toEqual(['corner', 'bottom']);
  });

  it('should always name a suspicious player, on its own label, placed first', () => {
    const crowd = Array.from({ length: 20 }, (_, i) => dot(`n${i}`, 300 + (i % 5), 300 + Math.floor(i / 5)));
    const { labels } = placeLabels(
      [...crowd, dot('cheater', 302, 301, true), dot('cheater2', 303, 302, true)],
      options,
    );
    expect(labels[0]).toMatchObject({ peer_id: 'cheater', text: 'cheater', suspicious: true, count: 1 });
    expect(labels[1]).toMatchObject({ peer_id: 'cheater2', suspicious: true, count: 1 });
    expect(labels.find((l) => !l.suspicious)).toMatchObject({ text: 'n0 +19', count: 20 });
    expectNoOverlap(labels);
  });

  it('should place the 2000 players a map shows at most, none over another', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const many = Array.from({ length: 2000 }, (_, i) => dot(String(150000 + i), random() * 900, random() * 640));
    const { labels, unlabelled } = placeLabels(many, options);
    expectNoOverlap(labels);
    expect(labels.reduce((sum, l) => sum + l.count, 0) + unlabelled).toBe(2000);
  });
});
