'use strict';
/*
 * Where the map writes player names. Where players crowd (a town's fountain, a warp, a boss), one
 * label per dot piles into an unreadable smear, so:
 *   1. dots closer than `clusterRadius` pixels share one label, the first player's name with how
 *      many more stand there (`150001 +6`); a suspicious player always keeps a label of its own;
 *   2. each label tries a few spots around its dot (right above, right below, left above, left
 *      below, right) and takes the first that stays on the canvas and overlaps no label already
 *      placed; one with no free spot is left out (hovering a dot still names it), except a
 *      suspicious player's, which is always written.
 * Suspicious players are placed first, then the biggest crowds. Pure: no DOM, so it is unit-tested
 * under Node (src/dashboard/dashboard-labels.spec.ts); the page gets it as Dashboard.placeLabels.
 */
(function (root, factory) {
  const placeLabels = factory();
  if (typeof module === 'object' && module.exports) module.exports = { placeLabels };
  else (root.Dashboard = root.Dashboard || {}).placeLabels = placeLabels;
})(typeof self !== 'undefined' ? self : this, function () {
  const GAP = 4;
  const PAD = 1;

  /** Buckets of a uniform grid: what lies near a point is found without looking at everything. */
  function grid(size) {
    const cells = new Map();
    const key = (cx, cy) => `${cx},${cy}`;
    return {
      add(item, x0, y0, x1, y1) {
        for (let cx = Math.floor(x0 / size); cx <= Math.floor(x1 / size); cx++) {
          for (let cy = Math.floor(y0 / size); cy <= Math.floor(y1 / size); cy++) {
            const k = key(cx, cy);
            if (!cells.has(k)) cells.set(k, []);
            cells.get(k).push(item);
          }
        }
      },
      near(x0, y0, x1, y1) {
        const found = new Set();
        for (let cx = Math.floor(x0 / size); cx <= Math.floor(x1 / size); cx++) {
          for (let cy = Math.floor(y0 / size); cy <= Math.floor(y1 / size); cy++) {
            for (const item of cells.get(key(cx, cy)) || []) found.add(item);
          }
        }
        return found;
      },
    };
  }

  const overlaps = (a, b) =>
    a.x < b.x + b.w + PAD && b.x < a.x + a.w + PAD && a.y < b.y + b.h + PAD && b.y < a.y + a.h + PAD;

  /** Step 1: a leader per crowd, in the order given; suspicious players lead alone. */
  function cluster(dots, radius) {
    const leaders = [];
    const crowds = grid(Math.max(1, radius));
    const ordered = [...dots.filter((d) => d.suspicious), ...dots.filter((d) => !d.suspicious)];
    for (const dot of ordered) {
      let nearest;
      let nearestDistance = Infinity;
      if (!dot.suspicious) {
        for (const leader of crowds.near(dot.px - radius, dot.py - radius, dot.px + radius, dot.py + radius)) {
          const distance = Math.hypot(leader.dot.px - dot.px, leader.dot.py - dot.py);
          if (distance <= radius && distance < nearestDistance) {
            nearest = leader;
            nearestDistance = distance;
          }
        }
      }
      if (nearest) {
        nearest.count += 1;
        continue;
      }
      const leader = { dot, count: 1 };
      leaders.push(leader);
      if (!dot.suspicious) crowds.add(leader, dot.px, dot.py, dot.px, dot.py);
    }
    return leaders;
  }

  /** The spots a label may take around its dot, best first. */
  function spots(dot, w, h) {
    const r = dot.radius || 0;
    const right = dot.px + r + GAP;
    const left = dot.px - r - GAP - w;
    const above = dot.py - r - h;
    const below = dot.py + r;
    return [
      { x: right, y: above },
      { x: right, y: below },
      { x: left, y: above },
      { x: left, y: below },
      { x: right, y: dot.py - h / 2 },
    ];
  }

  /**
   * `dots`: `{peer_id, px, py, radius, suspicious}` in canvas pixels. `options`: `measure(text)` (a
   * width in pixels), `width` and `height` of the canvas, `lineHeight` (12) and `clusterRadius` (24).
   * Returns the labels to write, `{peer_id, text, count, suspicious, x, y, w, h}` (a box by its top
   * left corner), and `unlabelled`: players neither named nor counted in a label.
   */
  function placeLabels(dots, options) {
    const measure = options.measure;
    const lineHeight = options.lineHeight || 12;
    const bounds = { w: options.width, h: options.height };
    const leaders = cluster(dots, options.clusterRadius === undefined ? 24 : options.clusterRadius);
    // Suspicious first (they were clustered first and lead alone), then the biggest crowds; sort is stable.
    leaders.sort((a, b) => Number(b.dot.suspicious === true) - Number(a.dot.suspicious === true) || b.count - a.count);
    const placed = grid(64);
    const labels = [];
    let unlabelled = 0;
    for (const { dot, count } of leaders) {
      const text = count > 1 ? `${dot.peer_id} +${count - 1}` : String(dot.peer_id);
      const w = Math.ceil(measure(text));
      const h = lineHeight;
      const inside = spots(dot, w, h).filter((s) => s.x >= 0 && s.y >= 0 && s.x + w <= bounds.w && s.y + h <= bounds.h);
      const free = inside.find((s) => {
        const box = { x: s.x, y: s.y, w, h };
        for (const other of placed.near(box.x - PAD, box.y - PAD, box.x + w + PAD, box.y + h + PAD)) {
          if (overlaps(box, other)) return false;
        }
        return true;
      });
      const spot = free || (dot.suspicious ? inside[0] || spots(dot, w, h)[0] : undefined);
      if (!spot) {
        unlabelled += count;
        continue;
      }
      const label = { peer_id: dot.peer_id, text, count, suspicious: dot.suspicious === true, x: spot.x, y: spot.y, w, h };
      labels.push(label);
      placed.add(label, label.x, label.y, label.x + w, label.y + h);
    }
    return { labels, unlabelled };
  }

  return placeLabels;
});
