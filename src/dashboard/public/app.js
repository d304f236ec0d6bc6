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
    source.addEventListener('map', (event) => {
      const map = JSON.parse(event.data);
      window.__dashboardModel = window.Dashboard.drawMap($('map'), map, window.__dashboardModel);
      $('map-info').textContent =
        `${map.peers.length} players · ${window.__dashboardModel.edges.length} links · ${map.source === 'owner' ? 'whole zone' : 'this node’s players only'}` +
        (map.truncated ? ' · truncated' : '');
    });
    source.addEventListener('traffic', (event) => window.Dashboard.drawTraffic(JSON.parse(event.data).samples));
  }

  $('zone').addEventListener('change', (event) => openZone(event.target.value));
  if (zone) openZone(zone);
  loadOverview();
  setInterval(loadOverview, OVERVIEW_EVERY_MS);
})();
