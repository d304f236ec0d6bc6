'use strict';
/*
 * The live zone map: players as dots at their cell positions, proximity links as edges. Returns
 * the model it drew (dots with canvas coordinates, undirected edges) so the page can expose it.
 */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim();

  /** Fits the peers (plus one view range of margin) into the canvas, keeping cells square. */
  function projection(peers, width, height) {
    const margin = 14;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of peers) {
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    if (!peers.length) { minX = 0; minY = 0; maxX = 100; maxY = 100; }
    minX -= margin; minY -= margin; maxX += margin; maxY += margin;
    const scale = Math.min(width / (maxX - minX), height / (maxY - minY));
    const offX = (width - (maxX - minX) * scale) / 2;
    const offY = (height - (maxY - minY) * scale) / 2;
    // RO's y grows northwards; the screen's grows down.
    return { scale, minX, minY, x: (x) => offX + (x - minX) * scale, y: (y) => height - offY - (y - minY) * scale };
  }

  function drawGrid(ctx, at, width, height) {
    const step = at.scale * 10 < 24 ? 50 : 10;
    ctx.strokeStyle = '#182029';
    ctx.lineWidth = 1;
    ctx.fillStyle = '#3a4656';
    ctx.font = '10px system-ui, sans-serif';
    ctx.beginPath();
    for (let x = Math.ceil(at.minX / step) * step; at.x(x) < width; x += step) {
      ctx.moveTo(at.x(x), 0); ctx.lineTo(at.x(x), height);
      ctx.fillText(String(x), at.x(x) + 2, height - 3);
    }
    for (let y = Math.ceil(at.minY / step) * step; at.y(y) > 0; y += step) {
      ctx.moveTo(0, at.y(y)); ctx.lineTo(width, at.y(y));
      ctx.fillText(String(y), 2, at.y(y) - 2);
    }
    ctx.stroke();
  }

  /** Links arrive directed (b is in a's list); an edge is drawn once per pair of peers. */
  function drawEdges(ctx, at, links, byId) {
    const edges = [];
    const seen = new Set();
    ctx.strokeStyle = 'rgba(79,195,247,0.35)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const [a, b] of links) {
      const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      const pa = byId.get(a);
      const pb = byId.get(b);
      if (seen.has(key) || !pa || !pb) continue;
      seen.add(key);
      edges.push(a < b ? [a, b] : [b, a]);
      ctx.moveTo(at.x(pa.x), at.y(pa.y));
      ctx.lineTo(at.x(pb.x), at.y(pb.y));
    }
    ctx.stroke();
    return edges;
  }

  function drawDots(ctx, at, peers) {
    const dots = [];
    const radius = Math.max(3, Math.min(7, at.scale * 0.9));
    ctx.font = '10px system-ui, sans-serif';
    for (const p of peers) {
      const px = at.x(p.x);
      const py = at.y(p.y);
      dots.push({ peer_id: p.peer_id, x: p.x, y: p.y, px, py });
      ctx.fillStyle = colour('--c2');
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, Math.PI * 2);
      ctx.fill();
      // Labels only while they stay readable.
      if (peers.length <= 80) {
        ctx.fillStyle = colour('--muted');
        ctx.fillText(p.peer_id, px + radius + 2, py - radius);
      }
    }
    return dots;
  }

  Dashboard.drawMap = function drawMap(canvas, map, previous) {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const at = projection(map.peers, width, height);
    ctx.fillStyle = '#0c0f14';
    ctx.fillRect(0, 0, width, height);
    drawGrid(ctx, at, width, height);
    const edges = drawEdges(ctx, at, map.links, new Map(map.peers.map((p) => [p.peer_id, p])));
    const dots = drawDots(ctx, at, map.peers);
    return {
      zone: map.zone,
      source: map.source,
      peers: map.peers,
      links: map.links,
      dots,
      edges,
      frames: previous && previous.zone === map.zone ? previous.frames + 1 : 1,
      drawnAt: Date.now(),
    };
  };
})();
