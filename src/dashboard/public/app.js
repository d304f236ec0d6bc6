'use strict';
/*
 * The coordinator's admin dashboard. Plain browser JavaScript, no build step and no dependencies:
 * it polls /dashboard/api/overview for the tables and follows /dashboard/stream?zone=… (server-sent
 * events) for the live map and the traffic charts. What the map last drew is kept in
 * window.__dashboardModel so the browser test can compare it with the coordinator's own view.
 */
(function () {
  const OVERVIEW_EVERY_MS = 2000;
  const page = new URLSearchParams(location.search);
  // A browser cannot send the key header on a page load or an EventSource, so the credential the
  // page was opened with is passed on as the same query parameter.
  const auth = new URLSearchParams();
  for (const name of ['api_key', 'access_token']) {
    if (page.get(name)) auth.set(name, page.get(name));
  }

  const $ = (id) => document.getElementById(id);
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim();
  let zone = page.get('zone') || '';
  let source;

  function withAuth(path, extra) {
    const query = new URLSearchParams(auth);
    for (const [key, value] of Object.entries(extra || {})) query.set(key, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  function setStatus(text, kind) {
    const el = $('status');
    el.textContent = text;
    el.className = `status ${kind || ''}`;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    if (text instanceof Node) td.appendChild(text);
    else td.textContent = String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function pill(text, kind) {
    const span = document.createElement('span');
    span.className = `pill ${kind}`;
    span.textContent = text;
    return span;
  }

  function fillTable(id, rows, render) {
    const body = $(id).querySelector('tbody');
    body.replaceChildren();
    for (const item of rows) {
      const tr = document.createElement('tr');
      render(tr, item);
      body.appendChild(tr);
    }
  }

  function qualityBar(score) {
    const wrap = document.createElement('span');
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.width = `${Math.max(0, Math.min(100, score))}%`;
    bar.appendChild(fill);
    wrap.append(bar, document.createTextNode(score.toFixed(1)));
    return wrap;
  }

  function renderOverview(data) {
    $('node').textContent = `node ${data.node_id}`;
    fillTable('zones', data.zones, (tr, z) => {
      cell(tr, z.zone_id);
      cell(tr, z.players, 'num');
      cell(tr, z.connected_here, 'num');
      cell(tr, z.open_sessions, 'num');
      cell(tr, pill(z.p2p_enabled ? 'on' : 'off', z.p2p_enabled ? 'on' : 'off'));
      cell(tr, pill(z.status, z.status));
    });
    $('hosts-count').textContent = `${data.hosts.online} online / ${data.hosts.total}`;
    fillTable('hosts', data.hosts.shown, (tr, h) => {
      cell(tr, h.host_id);
      cell(tr, pill(h.status, h.status));
      cell(tr, qualityBar(h.quality_score));
      cell(tr, `${h.current_players}/${h.max_players}`, 'num');
    });
    const s = data.sessions;
    $('sessions-summary').textContent = `${s.open} open (${s.active} active) · ${s.players} players · ${s.hostless} host-less`;
    fillTable('sessions', s.recent, (tr, r) => {
      cell(tr, r.session_id);
      cell(tr, r.zone_id);
      cell(tr, r.host_id || '—');
      cell(tr, `${r.current_players}/${r.max_players}`, 'num');
    });
    updateZoneChoice(data.zones);
  }

  function updateZoneChoice(zones) {
    const select = $('zone');
    const ids = zones.map((z) => z.zone_id);
    if (select.options.length !== ids.length || ids.some((id, i) => select.options[i].value !== id)) {
      select.replaceChildren(...ids.map((id) => new Option(id, id)));
    }
    if (!zone || !ids.includes(zone)) {
      // The busiest zone is the interesting one when the page was opened without ?zone=.
      const busiest = [...zones].sort((a, b) => b.connected_here - a.connected_here || b.players - a.players)[0];
      if (busiest) openZone(busiest.zone_id);
    }
    select.value = zone;
  }

  async function loadOverview() {
    try {
      const response = await fetch(withAuth('/dashboard/api/overview'), { cache: 'no-store' });
      if (!response.ok) {
        setStatus(response.status === 401 ? 'API key required (?api_key=)' : `overview: HTTP ${response.status}`, 'down');
        return;
      }
      renderOverview(await response.json());
    } catch (error) {
      setStatus(`overview: ${error.message}`, 'down');
    }
  }

  function openZone(next) {
    zone = next;
    if (source) source.close();
    window.__dashboardModel = undefined;
    source = new EventSource(withAuth('/dashboard/stream', { zone }));
    source.addEventListener('open', () => setStatus('live', 'live'));
    source.addEventListener('error', () => setStatus('stream reconnecting…', 'down'));
    source.addEventListener('map', (event) => drawMap(JSON.parse(event.data)));
    source.addEventListener('traffic', (event) => drawTraffic(JSON.parse(event.data)));
  }

  // ---- live map ----------------------------------------------------------------------------

  /** Fits the peers (plus a view range of margin) into the canvas, keeping cells square. */
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

  function drawMap(map) {
    const canvas = $('map');
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const at = projection(map.peers, width, height);
    ctx.fillStyle = '#0c0f14';
    ctx.fillRect(0, 0, width, height);
    drawGrid(ctx, at, width, height);

    const byId = new Map(map.peers.map((p) => [p.peer_id, p]));
    const edges = [];
    const seen = new Set();
    ctx.strokeStyle = 'rgba(79,195,247,0.35)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const [a, b] of map.links) {
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

    const dots = [];
    const radius = Math.max(3, Math.min(7, at.scale * 0.9));
    ctx.font = '10px system-ui, sans-serif';
    for (const p of map.peers) {
      const px = at.x(p.x);
      const py = at.y(p.y);
      dots.push({ peer_id: p.peer_id, x: p.x, y: p.y, px, py });
      ctx.fillStyle = colour('--c2');
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, Math.PI * 2);
      ctx.fill();
      if (map.peers.length <= 80) {
        ctx.fillStyle = colour('--muted');
        ctx.fillText(p.peer_id, px + radius + 2, py - radius);
      }
    }
    $('map-info').textContent =
      `${map.peers.length} players · ${edges.length} links · ${map.source === 'owner' ? 'whole zone' : 'this node’s players only'}` +
      (map.truncated ? ' · truncated' : '');
    const previous = window.__dashboardModel;
    window.__dashboardModel = {
      zone: map.zone,
      source: map.source,
      peers: map.peers,
      links: map.links,
      dots,
      edges,
      frames: previous && previous.zone === map.zone ? previous.frames + 1 : 1,
      drawnAt: Date.now(),
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

  // ---- traffic charts ----------------------------------------------------------------------

  const REASON_COLOURS = ['#e57373', '#ffd54f', '#ba68c8', '#4db6ac', '#f06292', '#aed581', '#90a4ae', '#ff8a65'];

  function drawTraffic({ samples }) {
    lineChart($('chart-frames'), [
      { colour: colour('--c1'), values: samples.map((s) => s.frames_in) },
      { colour: colour('--c2'), values: samples.map((s) => s.relayed_out) },
    ], formatCount);
    lineChart($('chart-bytes'), [
      { colour: colour('--c1'), values: samples.map((s) => s.bytes_in) },
      { colour: colour('--c2'), values: samples.map((s) => s.relayed_bytes_out) },
    ], formatBytes);
    const reasons = [...new Set(samples.flatMap((s) => Object.keys(s.rejected)))].sort();
    const legend = $('reject-legend');
    legend.replaceChildren();
    const series = reasons.map((reason, i) => {
      const swatch = document.createElement('i');
      swatch.style.background = REASON_COLOURS[i % REASON_COLOURS.length];
      legend.append(swatch, document.createTextNode(reason));
      return { colour: REASON_COLOURS[i % REASON_COLOURS.length], values: samples.map((s) => s.rejected[reason] || 0) };
    });
    if (!reasons.length) legend.textContent = 'none';
    lineChart($('chart-rejects'), series, formatCount);
  }

  function lineChart(canvas, series, format) {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const pad = { left: 44, right: 6, top: 8, bottom: 14 };
    const slots = 60;
    ctx.clearRect(0, 0, width, height);
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    ctx.strokeStyle = '#2a3340';
    ctx.fillStyle = colour('--muted');
    ctx.font = '10px system-ui, sans-serif';
    ctx.beginPath();
    for (const fraction of [0, 0.5, 1]) {
      const y = pad.top + (1 - fraction) * (height - pad.top - pad.bottom);
      ctx.moveTo(pad.left, y); ctx.lineTo(width - pad.right, y);
      ctx.fillText(format(max * fraction), 2, y + 3);
    }
    ctx.stroke();
    ctx.fillText('−60 s', pad.left, height - 2);
    ctx.fillText('now', width - pad.right - 20, height - 2);
    const x = (i, n) => pad.left + ((slots - n + i) / (slots - 1)) * (width - pad.left - pad.right);
    const y = (v) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
    for (const s of series) {
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      s.values.forEach((v, i) => (i ? ctx.lineTo(x(i, s.values.length), y(v)) : ctx.moveTo(x(i, s.values.length), y(v))));
      ctx.stroke();
    }
  }

  function formatCount(n) {
    return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));
  }

  function formatBytes(n) {
    if (n >= 1048576) return `${(n / 1048576).toFixed(1)}M`;
    if (n >= 1024) return `${(n / 1024).toFixed(1)}k`;
    return String(Math.round(n));
  }

  $('zone').addEventListener('change', (event) => openZone(event.target.value));
  if (zone) openZone(zone);
  loadOverview();
  setInterval(loadOverview, OVERVIEW_EVERY_MS);
})();
