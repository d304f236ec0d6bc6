'use strict';
/*
 * The live zone map: players as dots at their cell positions, proximity links as edges. When the
 * coordinator knows the zone's map (GET /api/v1/zones/{zone}/map, from MAP_CACHE_FILE) the whole map
 * is drawn from its walkable cells underneath; otherwise the view fits the players on a plain grid.
 * Players whose movement is suspicious get a red dot and ring. Returns the model it drew (dots with
 * canvas coordinates, labels, undirected edges, the view) so the page can expose it.
 */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim();
  /** Cell colours as [r, g, b]: walkable light, everything else (walls, cliffs) dark. */
  const WALKABLE = [0x8a, 0x97, 0xa8];
  const BLOCKED = [0x16, 0x1c, 0x24];
  Dashboard.cellColours = { walkable: WALKABLE, blocked: BLOCKED };

  /**
   * A zone's map from the coordinator's answer (`bitmap-lsb0-base64`: cell (x, y) is bit
   * x + y·width, byte i >> 3, bit i & 7, 1 = walkable), drawn once, one pixel per cell, to an
   * offscreen canvas that every frame then scales onto the map. Row 0 of the image is the map's
   * top (y = height − 1): RO's y grows northwards.
   */
  Dashboard.terrain = function terrain(body) {
    if (body.encoding !== 'bitmap-lsb0-base64') throw new Error(`unknown map encoding ${body.encoding}`);
    const { width, height } = body;
    const raw = atob(body.walkable);
    const bits = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bits[i] = raw.charCodeAt(i);
    const image = document.createElement('canvas');
    image.width = width;
    image.height = height;
    const ctx = image.getContext('2d');
    const pixels = ctx.createImageData(width, height);
    for (let y = 0; y < height; y++) {
      const row = (height - 1 - y) * width;
      for (let x = 0; x < width; x++) {
        const i = x + y * width;
        const rgb = (bits[i >> 3] >> (i & 7)) & 1 ? WALKABLE : BLOCKED;
        const at = (row + x) * 4;
        pixels.data[at] = rgb[0];
        pixels.data[at + 1] = rgb[1];
        pixels.data[at + 2] = rgb[2];
        pixels.data[at + 3] = 255;
      }
    }
    ctx.putImageData(pixels, 0, 0);
    const walkable = (x, y) => {
      if (x < 0 || y < 0 || x >= width || y >= height) return false;
      const i = x + y * width;
      return ((bits[i >> 3] >> (i & 7)) & 1) === 1;
    };
    return { zone: body.zone_id, map_name: body.map_name, width, height, walkable_cells: body.walkable_cells, image, walkable };
  };

  /** Fits the peers (plus one view range of margin) into the canvas, keeping cells square. */
  function fitPeers(peers, width, height) {
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
    return { scale, minX, minY, offX, offY, x: (x) => offX + (x - minX) * scale, y: (y) => height - offY - (y - minY) * scale };
  }

  /** The whole map in the canvas, cells square; a player is drawn at the centre of its cell. */
  function fitMap(terrain, width, height) {
    const scale = Math.min(width / terrain.width, height / terrain.height);
    const offX = (width - terrain.width * scale) / 2;
    const offY = (height - terrain.height * scale) / 2;
    return {
      scale, minX: 0, minY: 0, offX, offY,
      x: (x) => offX + (x + 0.5) * scale,
      y: (y) => height - offY - (y + 0.5) * scale,
    };
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

  /** The map's cells, scaled without smoothing, and its coordinates in the margins. */
  function drawTerrain(ctx, at, terrain) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(terrain.image, at.offX, at.offY, terrain.width * at.scale, terrain.height * at.scale);
    ctx.fillStyle = '#3a4656';
    ctx.font = '10px system-ui, sans-serif';
    for (let y = 0; y < terrain.height; y += 50) {
      ctx.fillText(String(y), Math.max(2, at.offX - 24), at.y(y) + 3);
    }
    if (at.offX >= 30) {
      for (let x = 0; x < terrain.width; x += 50) ctx.fillText(String(x), at.x(x) - 3, at.offY + terrain.height * at.scale - 3);
    }
  }

  /** Links arrive directed (b is in a's list); an edge is drawn once per pair of peers. */
  function drawEdges(ctx, at, links, byId, onTerrain) {
    const edges = [];
    const seen = new Set();
    ctx.strokeStyle = onTerrain ? 'rgba(13,71,161,0.6)' : 'rgba(79,195,247,0.35)';
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

  function drawDots(ctx, at, peers, onTerrain) {
    const dots = [];
    const radius = Math.max(3, Math.min(7, at.scale * 0.9));
    const normal = colour('--c2');
    const bad = colour('--bad');
    ctx.font = '10px system-ui, sans-serif';
    // Suspicious players last, so their rings are never hidden under a crowd.
    const ordered = [...peers.filter((p) => !p.suspicious), ...peers.filter((p) => p.suspicious)];
    for (const p of ordered) {
      const px = at.x(p.x);
      const py = at.y(p.y);
      dots.push({
        peer_id: p.peer_id, x: p.x, y: p.y, px, py, radius,
        suspicion: p.suspicion, suspicious: p.suspicious === true, refusals: p.refusals,
      });
      ctx.fillStyle = p.suspicious ? bad : normal;
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, Math.PI * 2);
      ctx.fill();
      if (onTerrain && !p.suspicious) {
        ctx.strokeStyle = '#0c0f14';
        ctx.lineWidth = 1;
        ctx.stroke();
      }
      if (p.suspicious) {
        ctx.strokeStyle = bad;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(px, py, radius + 3, 0, Math.PI * 2);
        ctx.stroke();
      }
    }
    return dots;
  }

  /** Names beside the dots, never on top of each other (labels.js): a crowd gets one `id +N` label. */
  function drawLabels(ctx, dots, onTerrain, width, height) {
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    const placed = Dashboard.placeLabels(dots, { measure: (text) => ctx.measureText(text).width, width, height, lineHeight: 12 });
    const bad = colour('--bad');
    const plain = onTerrain ? '#0c0f14' : colour('--muted');
    for (const label of placed.labels) {
      ctx.fillStyle = label.suspicious ? bad : plain;
      ctx.fillText(label.text, label.x, label.y + 1);
    }
    ctx.textBaseline = 'alphabetic';
    return placed;
  }

  /** `terrain`: the zone's map from Dashboard.terrain, or null/undefined to fit the players on a grid. */
  Dashboard.drawMap = function drawMap(canvas, map, previous, terrain) {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const onTerrain = Boolean(terrain && terrain.zone === map.zone);
    const at = onTerrain ? fitMap(terrain, width, height) : fitPeers(map.peers, width, height);
    ctx.fillStyle = '#0c0f14';
    ctx.fillRect(0, 0, width, height);
    if (onTerrain) drawTerrain(ctx, at, terrain);
    else drawGrid(ctx, at, width, height);
    const edges = drawEdges(ctx, at, map.links, new Map(map.peers.map((p) => [p.peer_id, p])), onTerrain);
    const dots = drawDots(ctx, at, map.peers, onTerrain);
    const named = drawLabels(ctx, dots, onTerrain, width, height);
    return {
      zone: map.zone,
      source: map.source,
      peers: map.peers,
      links: map.links,
      dots,
      labels: named.labels,
      unlabelled: named.unlabelled,
      edges,
      background: onTerrain ? 'cells' : 'grid',
      terrain: onTerrain
        ? { map_name: terrain.map_name, width: terrain.width, height: terrain.height, walkable_cells: terrain.walkable_cells }
        : null,
      // Cell (x, y) is centred on canvas pixel (offX + (x + 0.5)·scale, height − offY − (y + 0.5)·scale) on a map.
      view: { scale: at.scale, offX: at.offX, offY: at.offY, width, height },
      frames: previous && previous.zone === map.zone ? previous.frames + 1 : 1,
      drawnAt: Date.now(),
    };
  };

  /** The dot under canvas point (px, py), if any: the nearest within a few pixels of its edge. */
  Dashboard.dotAt = function dotAt(model, px, py) {
    let best;
    let bestDistance = Infinity;
    for (const dot of (model && model.dots) || []) {
      const distance = Math.hypot(dot.px - px, dot.py - py);
      if (distance <= dot.radius + 4 && distance < bestDistance) {
        best = dot;
        bestDistance = distance;
      }
    }
    return best;
  };
})();
