'use strict';
/*
 * The coordinator's admin dashboard. Plain browser JavaScript, no build step and no dependencies:
 * it polls /dashboard/api/overview for the tables, follows /dashboard/stream?zone=… (server-sent
 * events, read by sse.js) for the live map and the traffic charts, and loads each zone's walkable
 * cells once from /api/v1/zones/{zone}/map. Nothing runs until signin.js calls Dashboard.app.start.
 * What the map last drew is kept in window.__dashboardModel so the browser test can compare it with
 * the coordinator's own view.
 */
(function () {
  const OVERVIEW_EVERY_MS = 2000;
  const page = new URLSearchParams(location.search);
  const Dashboard = window.Dashboard;
  const moderation = Dashboard.moderation;

  const $ = (id) => document.getElementById(id);
  let zone = page.get('zone') || '';
  /** The stream being followed (sse.js), closed when another zone is opened. */
  let source;
  let lastMap;
  /** zone → its map ({status, terrain}); 404 (no map cache, or the map is not in it) is kept too. */
  const terrains = new Map();

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

  /** "host-less", explained on hover and, in full, under the sessions' summary. */
  function hostless() {
    const term = document.createElement('span');
    term.className = 'term';
    term.textContent = 'host-less';
    term.title =
      "No host machine: no player's PC serves this session as its P2P host, so its players' clients connect to each other directly and through the coordinator's relay.";
    return term;
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
      cell(tr, z.zone_id, 'id').title = z.zone_id;
      cell(tr, z.players, 'num');
      cell(tr, z.connected_here, 'num');
      cell(tr, z.open_sessions, 'num');
      cell(tr, pill(z.p2p_enabled ? 'on' : 'off', z.p2p_enabled ? 'on' : 'off'));
      cell(tr, pill(z.status, z.status));
    });
    $('hosts-count').textContent = `${data.hosts.online} online / ${data.hosts.total}`;
    fillTable('hosts', data.hosts.shown, (tr, h) => {
      cell(tr, h.host_id, 'id').title = h.host_id;
      cell(tr, pill(h.status, h.status));
      cell(tr, qualityBar(h.quality_score));
      cell(tr, `${h.current_players}/${h.max_players}`, 'num');
    });
    const s = data.sessions;
    $('sessions-summary').replaceChildren(
      `${s.open} open (${s.active} active) · ${s.players} players · ${s.hostless} `,
      hostless(),
    );
    fillTable('sessions', s.recent, (tr, r) => {
      cell(tr, r.session_id, 'id').title = r.session_id;
      cell(tr, r.zone_id);
      cell(tr, r.host_id || hostless());
      cell(tr, `${r.current_players}/${r.max_players}`, 'num');
    });
    updateZoneChoice(data.zones);
    moderation.setZones(data.zones.map((z) => z.zone_id));
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
    const result = await Dashboard.api('GET', '/dashboard/api/overview');
    if (result.ok) {
      renderOverview(result.body);
    } else if (Dashboard.isRefusal(result)) {
      // The key was changed or the admin token expired while the page was open.
      Dashboard.credentialRefused(result);
    } else {
      setStatus(`overview: ${Dashboard.describeError(result)}`, 'down');
    }
  }

  /**
   * Fetches a zone's map once per page (the answer is cacheable, with an ETag). A 404 means there is
   * none (no MAP_CACHE_FILE, or its map is not in it) and is remembered; other failures are retried
   * the next time the zone is opened.
   */
  async function loadTerrain(id) {
    const known = terrains.get(id);
    if (known && (known.terrain || known.status === 404 || known.status === 'loading')) return;
    terrains.set(id, { status: 'loading', terrain: null });
    let entry;
    try {
      const response = await fetch(`/api/v1/zones/${encodeURIComponent(id)}/map`, { headers: Dashboard.authHeaders() });
      entry = response.ok
        ? { status: response.status, terrain: window.Dashboard.terrain(await response.json()) }
        : { status: response.status, terrain: null };
    } catch (error) {
      entry = { status: `error: ${error.message}`, terrain: null };
    }
    terrains.set(id, entry);
    if (id === zone && lastMap && lastMap.zone === id) drawZone(lastMap);
  }

  function describeMap(map, model, entry) {
    const parts = [`${map.peers.length} players`, `${model.edges.length} links`, map.source === 'owner' ? 'whole zone' : 'this node’s players only'];
    if (map.truncated) parts.push('truncated');
    if (model.terrain) parts.push(`map ${model.terrain.map_name} ${model.terrain.width}×${model.terrain.height}`);
    else if (entry && entry.status === 404) parts.push('no map cells (MAP_CACHE_FILE)');
    else if (entry && entry.status !== 'loading') parts.push(`map: ${typeof entry.status === 'number' ? `HTTP ${entry.status}` : entry.status}`);
    return parts.join(' · ');
  }

  /** The players with a movement suspicion, highest first: the suspicious ones, then up to a few more. */
  function renderSuspects(peers) {
    const scored = peers.filter((p) => p.suspicion > 0).sort((a, b) => b.suspicion - a.suspicion);
    const shown = scored.slice(0, Math.max(8, scored.filter((p) => p.suspicious).length));
    const key = shown.map((p) => `${p.peer_id}:${p.suspicion}:${p.suspicious}`).join(',');
    const el = $('suspects');
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    el.replaceChildren();
    if (!shown.length) return;
    el.append(document.createTextNode('movement suspicion:'));
    for (const p of shown) {
      // A button, so the suspicious players can be opened from the keyboard as well as from the map.
      const badge = document.createElement('button');
      badge.type = 'button';
      badge.className = `pill ${p.suspicious ? 'suspect' : 'watch'}`;
      badge.textContent = `${p.peer_id} ${p.suspicion}`;
      badge.dataset.peer = p.peer_id;
      badge.title = `${p.refusals || 0} positions refused — open the player's page`;
      badge.addEventListener('click', () => moderation.openPlayer(p.peer_id, badge));
      el.append(badge);
    }
  }

  function drawZone(map) {
    const entry = terrains.get(map.zone);
    const terrain = entry && entry.terrain;
    const model = window.Dashboard.drawMap($('map'), map, window.__dashboardModel, terrain);
    model.terrainStatus = entry ? entry.status : 'loading';
    window.__dashboardModel = model;
    $('map-info').textContent = describeMap(map, model, entry);
    $('legend-cells').hidden = model.background !== 'cells';
    renderSuspects(map.peers);
  }

  function showTip(event) {
    const canvas = $('map');
    const tip = $('map-tip');
    const rect = canvas.getBoundingClientRect();
    const px = ((event.clientX - rect.left) * canvas.width) / rect.width;
    const py = ((event.clientY - rect.top) * canvas.height) / rect.height;
    const dot = window.Dashboard.dotAt(window.__dashboardModel, px, py);
    canvas.style.cursor = dot ? 'pointer' : '';
    if (!dot) {
      tip.hidden = true;
      return;
    }
    const lines = [`${dot.peer_id} at (${dot.x}, ${dot.y})`];
    if (dot.suspicion !== undefined) {
      lines.push(`suspicion ${dot.suspicion}${dot.suspicious ? ' — suspicious' : ''} · ${dot.refusals || 0} refused`);
    }
    lines.push('click: open the player’s page');
    tip.replaceChildren(...lines.map((text, i) => {
      const div = document.createElement('div');
      div.textContent = text;
      if (i === 1 && dot.suspicious) div.className = 'bad';
      if (i === lines.length - 1) div.className = 'muted';
      return div;
    }));
    tip.hidden = false;
    // Beside the dot, kept inside the map.
    const left = event.clientX - rect.left + 12;
    tip.style.left = `${Math.min(left, rect.width - tip.offsetWidth - 4)}px`;
    tip.style.top = `${Math.max(0, event.clientY - rect.top - tip.offsetHeight - 8)}px`;
  }

  function openZone(next) {
    zone = next;
    if (source) source.close();
    window.__dashboardModel = undefined;
    lastMap = undefined;
    loadTerrain(zone);
    source = Dashboard.sse.follow(`/dashboard/stream${Dashboard.query({ zone })}`, {
      headers: Dashboard.authHeaders,
      onOpen: () => setStatus('live', 'live'),
      onDown: () => setStatus('stream reconnecting…', 'down'),
      onRefused: (result) => {
        if (Dashboard.isRefusal(result)) Dashboard.credentialRefused(result);
        else setStatus(`stream: ${Dashboard.describeError(result)}`, 'down');
      },
      onEvent: (event) => {
        if (event.event === 'map') {
          lastMap = JSON.parse(event.data);
          drawZone(lastMap);
        } else if (event.event === 'traffic') {
          Dashboard.drawTraffic(JSON.parse(event.data).samples);
        }
      },
    });
  }

  $('map').addEventListener('mousemove', showTip);
  $('map').addEventListener('mouseleave', () => { $('map-tip').hidden = true; });
  // Clicking a dot opens that player's page (the suspicious ones are also buttons under the map).
  $('map').addEventListener('click', (event) => {
    const canvas = $('map');
    const rect = canvas.getBoundingClientRect();
    const px = ((event.clientX - rect.left) * canvas.width) / rect.width;
    const py = ((event.clientY - rect.top) * canvas.height) / rect.height;
    const dot = window.Dashboard.dotAt(window.__dashboardModel, px, py);
    if (dot) moderation.openPlayer(dot.peer_id, canvas);
  });

  $('zone').addEventListener('change', (event) => openZone(event.target.value));

  /** After sign-in (or at once when no credential is needed); `overview`: the answer signin.js already has. */
  function start(overview) {
    if (zone) openZone(zone);
    if (overview) renderOverview(overview);
    else loadOverview();
    setInterval(loadOverview, OVERVIEW_EVERY_MS);
  }

  Dashboard.app = { start };
})();
