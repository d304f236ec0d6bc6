'use strict';
/*
 * Moderation (docs/dashboard.md, "Moderation"): find a player and open their page (refreshed while
 * it is open), kick or ban them through a confirmation dialog, lift bans, read the audit trail.
 * Everything goes through the admin routes under /api/v1/moderation with the page's credential
 * (api.js). Server text (peer ids, reasons, actors) only ever reaches the page as textContent.
 */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const API = '/api/v1/moderation';
  const PLAYER_EVERY_MS = 1500;
  const BANS_EVERY_MS = 5000;
  const AUDIT_EVERY_MS = 5000;
  const AUDIT_PAGE = 25;
  const SEARCH_LIMIT = 50;
  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function pill(text, kind) {
    return el('span', text, `pill ${kind}`);
  }

  function button(text, onClick, className) {
    const node = el('button', text, className);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  const SHORT = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

  /** A timestamp (ISO text or epoch ms) as a short local date and time; anything else as it came. */
  function when(value) {
    if (value === null || value === undefined || value === '') return '—';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString(undefined, SHORT);
  }

  /** A `<time>` with the short form shown and the exact instant in its attribute and tooltip. */
  function timeElement(value) {
    const node = el('time', when(value));
    const date = new Date(value);
    if (value && !Number.isNaN(date.getTime())) {
      node.dateTime = date.toISOString();
      node.title = date.toISOString();
    }
    return node;
  }

  function say(id, text, kind) {
    const node = $(id);
    node.textContent = text || '';
    node.className = `message ${kind || ''}`;
  }

  /** A list of records from an answer that is either the list itself or an object holding one. */
  function listOf(body, ...keys) {
    if (Array.isArray(body)) return body;
    for (const key of keys) if (body && Array.isArray(body[key])) return body[key];
    return [];
  }

  /** `{reason: count}` (or a list of `{reason, count}`) as `[reason, count]` pairs, largest first. */
  function rejectionPairs(rejections) {
    if (!rejections) return [];
    const pairs = Array.isArray(rejections)
      ? rejections.map((r) => [r.reason, r.count])
      : Object.entries(rejections);
    return pairs.filter(([, count]) => Number(count) > 0).sort((a, b) => b[1] - a[1]);
  }

  /** `banned` may be a flag or the ban itself. */
  function banOf(record) {
    return record.banned && typeof record.banned === 'object' ? record.banned : null;
  }

  // ------------------------------------------------------------------ search

  function setZones(ids) {
    const select = $('search-zone');
    const current = [...select.options].slice(1).map((o) => o.value);
    if (current.length === ids.length && ids.every((id, i) => current[i] === id)) return;
    const chosen = select.value;
    select.replaceChildren(new Option('any zone', ''), ...ids.map((id) => new Option(id, id)));
    select.value = ids.includes(chosen) ? chosen : '';
  }

  async function search(event) {
    if (event) event.preventDefault();
    const params = {
      query: $('search-query').value.trim(),
      zone: $('search-zone').value,
      min_suspicion: $('search-min').value,
      limit: SEARCH_LIMIT,
    };
    say('search-status', 'searching…');
    const result = await Dashboard.api('GET', `${API}/peers${Dashboard.query(params)}`);
    const body = $('search-results').querySelector('tbody');
    if (!result.ok) {
      body.replaceChildren();
      say('search-status', `search failed: ${Dashboard.describeError(result)}`, 'bad');
      return;
    }
    const peers = listOf(result.body, 'peers', 'items', 'results');
    body.replaceChildren(
      ...peers.map((peer) => {
        const tr = el('tr');
        tr.dataset.peer = peer.peer_id;
        const open = button(peer.peer_id, () => openPlayer(peer.peer_id, open), 'link');
        open.setAttribute('aria-label', `Open player ${peer.peer_id}`);
        const first = el('td');
        first.append(open);
        // The search lists connected peers (every node answers for the sockets it holds).
        const position = peer.position ? `(${peer.position.x}, ${peer.position.y})` : '—';
        tr.append(
          first,
          el('td', peer.zone || '—'),
          el('td', position),
          el('td', peer.suspicion ?? '—', 'num'),
          el('td', peer.node_id || '—'),
        );
        return tr;
      }),
    );
    const summary = peers.length === 0 ? 'no player found' : `${peers.length} player${peers.length === 1 ? '' : 's'}`;
    say('search-status', peers.length >= SEARCH_LIMIT ? `${summary} (first ${SEARCH_LIMIT})` : summary);
  }

  function cellOf(node, className) {
    const td = el('td', undefined, className);
    td.append(node);
    return td;
  }

  // ------------------------------------------------------------------ a player's page

  const player = { id: null, record: null, timer: null, generation: 0, returnFocus: null };

  function openPlayer(peerId, from) {
    if (!peerId) return;
    const panel = $('player');
    const same = player.id === peerId && !panel.hidden;
    player.id = peerId;
    player.record = null;
    player.generation += 1;
    player.returnFocus = from || document.activeElement;
    clearTimeout(player.timer);
    $('player-id').textContent = peerId;
    if (!same) {
      $('player-fields').replaceChildren();
      $('player-rejections').replaceChildren();
      say('player-message', '');
    }
    say('player-state', 'loading…');
    panel.hidden = false;
    panel.setAttribute('aria-label', `Player ${peerId}`);
    $('player-title').focus();
    refreshPlayer(player.generation);
  }

  function closePlayer() {
    player.generation += 1;
    player.id = null;
    clearTimeout(player.timer);
    $('player').hidden = true;
    const back = player.returnFocus;
    player.returnFocus = null;
    if (back && back.isConnected && typeof back.focus === 'function') back.focus();
  }

  /** Reads the open player's record, draws it, and comes back in PLAYER_EVERY_MS while the page is open. */
  async function refreshPlayer(generation) {
    const peerId = player.id;
    const result = await Dashboard.api('GET', `${API}/peers/${encodeURIComponent(peerId)}`);
    if (generation !== player.generation) return; // closed, or another player opened meanwhile
    if (result.ok) {
      player.record = result.body;
      renderPlayer(result.body);
      say('player-state', `live · updated ${new Date().toLocaleTimeString()}`, 'live');
    } else if (result.status === 404) {
      player.record = null;
      renderPlayer(null);
      say('player-state', `no such player (${Dashboard.describeError(result)})`, 'bad');
    } else {
      say('player-state', `refresh failed: ${Dashboard.describeError(result)}`, 'bad');
    }
    player.timer = setTimeout(() => refreshPlayer(generation), PLAYER_EVERY_MS);
  }

  function renderPlayer(record) {
    const fields = $('player-fields');
    const panel = $('player');
    $('player-kick').disabled = !record || !record.online;
    $('player-ban').disabled = false;
    if (!record) {
      fields.replaceChildren();
      $('player-rejections').replaceChildren();
      panel.dataset.online = 'unknown';
      return;
    }
    panel.dataset.online = String(Boolean(record.online));
    panel.dataset.banned = String(Boolean(record.banned));
    const ban = banOf(record);
    const position = record.position && typeof record.position === 'object' ? `(${record.position.x}, ${record.position.y})` : '—';
    const rows = [
      ['status', pill(record.online ? 'online' : 'offline', record.online ? 'online' : 'offline')],
      ['banned', record.banned ? pill(ban && ban.expires_at ? `banned until ${when(ban.expires_at)}` : 'banned', 'off') : 'no'],
      ['zone', record.zone || '—'],
      ['position', position],
      ['suspicion', record.suspicion ?? '—'],
      ['node', record.node_id || '—'],
      ['session', record.session_id || '—'],
      ['address', record.address || '—'],
      ['connected', when(record.connected_at)],
    ];
    fields.replaceChildren(
      ...rows.flatMap(([name, value]) => {
        const dd = el('dd');
        dd.dataset.field = name;
        if (value instanceof Node) dd.append(value);
        else dd.textContent = String(value);
        return [el('dt', name), dd];
      }),
    );
    const pairs = rejectionPairs(record.rejections);
    $('player-rejections').replaceChildren(
      ...(pairs.length
        ? pairs.map(([reason, count]) => {
            const li = el('li');
            li.append(el('span', reason), el('span', count, 'num'));
            return li;
          })
        : [el('li', 'none', 'muted')]),
    );
    $('ban-ip-value').textContent = record.address || '';
  }

  // ------------------------------------------------------------------ the confirmation dialog

  /** What the dialog confirms: {kind: 'kick'|'ban'|'lift', peerId?, ban?}. */
  let pending = null;

  function ask(kind, subject) {
    pending = { kind, ...subject };
    const dialog = $('confirm');
    const form = $('confirm-form');
    form.reset();
    say('confirm-error', '');
    const target = subject.peerId || (subject.ban && (subject.ban.peer_id || subject.ban.ip)) || '';
    const titles = { kick: 'Kick player', ban: 'Ban player', lift: 'Lift ban' };
    $('confirm-title').textContent = `${titles[kind]} ${target}`;
    const texts = {
      kick: 'Closes the player’s connection now. They can reconnect.',
      ban: 'Closes the player’s connection and refuses them until the ban ends or is lifted.',
      lift: 'The player (or address) may connect again.',
    };
    $('confirm-text').textContent = texts[kind];
    $('confirm-reason-row').hidden = kind === 'lift';
    $('confirm-reason').required = kind !== 'lift';
    $('confirm-duration-row').hidden = kind !== 'ban';
    const address = kind === 'ban' && player.record && player.record.address;
    $('confirm-ip-row').hidden = !address;
    $('ban-ip').checked = false;
    $('confirm-ok').textContent = { kick: 'Kick', ban: 'Ban', lift: 'Lift ban' }[kind];
    $('confirm-ok').disabled = false;
    dialog.showModal();
    (kind === 'lift' ? $('confirm-ok') : $('confirm-reason')).focus();
  }

  async function confirmAction(event) {
    event.preventDefault();
    // The dialog may be closed while the request runs; what it confirmed is kept here.
    const action = pending;
    if (!action) return;
    const reason = $('confirm-reason').value.trim();
    if (action.kind !== 'lift' && !reason) {
      say('confirm-error', 'A reason is required.', 'bad');
      $('confirm-reason').focus();
      return;
    }
    const ok = $('confirm-ok');
    ok.disabled = true;
    let result;
    let done;
    if (action.kind === 'kick') {
      result = await Dashboard.api('POST', `${API}/kick`, { peer_id: action.peerId, reason });
      done = () => {
        const n = result.body && typeof result.body.kicked === 'number' ? result.body.kicked : '?';
        return `${action.peerId} kicked (${n} connection${n === 1 ? '' : 's'} closed)`;
      };
    } else if (action.kind === 'ban') {
      // A ban names a peer id or an address, never both: the address, when asked for, is a second ban.
      const duration = $('ban-duration').value;
      const common = duration ? { reason, duration_seconds: Number(duration) } : { reason };
      const address = $('ban-ip').checked && player.record && player.record.address;
      result = await Dashboard.api('POST', `${API}/bans`, { peer_id: action.peerId, ...common });
      let addressResult;
      if (result.ok && address) addressResult = await Dashboard.api('POST', `${API}/bans`, { ip: address, ...common });
      done = () => {
        const ban = result.body || {};
        const until = ban.expires_at ? `until ${when(ban.expires_at)}` : 'permanently';
        if (!addressResult) return `${action.peerId} banned ${until}`;
        return addressResult.ok
          ? `${action.peerId} and ${address} banned ${until}`
          : `${action.peerId} banned ${until}; the address was not: ${Dashboard.describeError(addressResult)}`;
      };
    } else {
      result = await Dashboard.api('DELETE', `${API}/bans/${encodeURIComponent(action.ban.id)}`);
      done = () => `ban on ${action.ban.peer_id || action.ban.ip} lifted`;
    }
    if (!result.ok) {
      ok.disabled = false;
      say('confirm-error', Dashboard.describeError(result), 'bad');
      return;
    }
    const message = done();
    const kind = action.kind;
    if ($('confirm').open) $('confirm').close();
    say(kind === 'lift' ? 'bans-message' : 'player-message', message, 'ok');
    loadBans();
    loadAudit('newest');
    if (player.id) refreshNow();
  }

  function refreshNow() {
    clearTimeout(player.timer);
    player.generation += 1;
    refreshPlayer(player.generation);
  }

  // ------------------------------------------------------------------ bans

  async function loadBans() {
    const all = $('bans-history').checked;
    const result = await Dashboard.api('GET', `${API}/bans${all ? '?all=true' : ''}`);
    if (!result.ok) {
      say('bans-status', `bans: ${Dashboard.describeError(result)}`, 'bad');
      return;
    }
    say('bans-status', '');
    const bans = listOf(result.body, 'bans', 'items');
    $('bans-count').textContent = all ? `${bans.length} in history` : `${bans.length} active`;
    const body = $('bans').querySelector('tbody');
    body.replaceChildren(
      ...bans.map((ban) => {
        const tr = el('tr');
        tr.dataset.ban = String(ban.id);
        if (ban.peer_id) tr.dataset.peer = ban.peer_id;
        const target = el('td');
        if (ban.peer_id) {
          const open = button(ban.peer_id, () => openPlayer(ban.peer_id, open), 'link');
          open.setAttribute('aria-label', `Open player ${ban.peer_id}`);
          target.append(open);
        }
        if (ban.ip) target.append(el('span', ban.peer_id ? ` · ${ban.ip}` : ban.ip, 'muted'));
        const reason = el('td', ban.reason, 'reason');
        reason.title = ban.reason || '';
        const active = ban.active !== undefined ? ban.active : !ban.lifted_at && (!ban.expires_at || new Date(ban.expires_at) > new Date());
        const action = el('td');
        if (active) {
          const lift = button('Lift', () => ask('lift', { ban }), 'small');
          lift.setAttribute('aria-label', `Lift ban on ${ban.peer_id || ban.ip}`);
          action.append(lift);
        } else {
          action.append(pill(ban.lifted_at ? 'lifted' : 'expired', 'pending'));
        }
        const since = cellOf(timeElement(ban.created_at));
        since.append(el('div', `by ${ban.created_by || '—'}`, 'muted by'));
        tr.append(
          target,
          reason,
          since,
          cellOf(ban.expires_at ? timeElement(ban.expires_at) : el('span', 'permanent')),
          action,
        );
        return tr;
      }),
    );
    if (!bans.length) {
      const tr = el('tr');
      const td = el('td', all ? 'no bans yet' : 'no active ban', 'muted');
      td.colSpan = 5;
      tr.append(td);
      body.append(tr);
    }
  }

  // ------------------------------------------------------------------ audit trail

  /** Entries newest first, as far back as "load more" went. */
  let audit = [];
  let auditEnd = false;

  const auditKey = (entry) => JSON.stringify([entry.id, entry.at, entry.actor, entry.action, entry.target, entry.reason]);
  const timeOf = (entry) => {
    const t = new Date(entry.at).getTime();
    return Number.isNaN(t) ? 0 : t;
  };
  /** Newest first: by time, then by id (a bigserial as decimal text: longer is larger). */
  const newestFirst = (a, b) => {
    const byTime = timeOf(b) - timeOf(a);
    if (byTime !== 0) return byTime;
    const ia = String(a.id ?? '');
    const ib = String(b.id ?? '');
    return ib.length - ia.length || (ib > ia ? 1 : ib < ia ? -1 : 0);
  };

  /** `newest`: the latest page, merged in front; `older`: the page before the oldest shown. */
  async function loadAudit(which) {
    const older = which === 'older' && audit.length > 0;
    // `before` an entry's id (exact, even for entries of the same millisecond), else its time.
    const oldest = audit[audit.length - 1];
    const params = { limit: AUDIT_PAGE, before: older ? oldest.id ?? oldest.at : undefined };
    const moreButton = $('audit-more');
    if (older) moreButton.disabled = true;
    const result = await Dashboard.api('GET', `${API}/audit${Dashboard.query(params)}`);
    if (!result.ok) {
      say('audit-status', `audit: ${Dashboard.describeError(result)}`, 'bad');
      moreButton.disabled = false;
      return;
    }
    say('audit-status', '');
    const entries = listOf(result.body, 'entries', 'items');
    const known = new Set(audit.map(auditKey));
    const fresh = entries.filter((entry) => !known.has(auditKey(entry)));
    if (!older && audit.length > 0 && entries.length >= AUDIT_PAGE && fresh.length === entries.length) {
      // More happened since the last look than one page holds: start again from the newest page
      // rather than leave a hole that "load more" would never fill.
      audit = entries;
      auditEnd = false;
    } else {
      if (older || audit.length === 0) auditEnd = entries.length < AUDIT_PAGE;
      audit = [...audit, ...fresh].sort(newestFirst);
    }
    renderAudit();
  }

  function renderAudit() {
    const list = $('audit');
    list.replaceChildren(
      ...audit.map((entry) => {
        const li = el('li');
        if (entry.id !== undefined) li.dataset.id = String(entry.id);
        li.dataset.action = entry.action || '';
        if (entry.target) li.dataset.target = entry.target;
        const head = el('div', undefined, 'audit-head');
        head.append(
          timeElement(entry.at),
          el('span', entry.actor || '—', 'actor'),
          el('span', entry.action || '—', `action ${/ban|kick/.test(entry.action || '') ? 'bad' : ''}`),
          el('span', entry.target || '', 'target'),
        );
        li.append(head);
        if (entry.reason) li.append(el('div', entry.reason, 'reason'));
        const details = detailsText(entry.details);
        if (details) li.append(el('div', details, 'details muted'));
        return li;
      }),
    );
    if (!audit.length) list.append(el('li', 'nothing yet', 'muted'));
    $('audit-more').hidden = auditEnd;
    $('audit-more').disabled = false;
  }

  function detailsText(details) {
    if (details === null || details === undefined || details === '') return '';
    if (typeof details !== 'object') return String(details);
    return Object.entries(details)
      .map(([key, value]) => `${key}: ${value !== null && typeof value === 'object' ? JSON.stringify(value) : value}`)
      .join(' · ');
  }

  // ------------------------------------------------------------------ wiring

  $('player-search').addEventListener('submit', search);
  $('player-close').addEventListener('click', closePlayer);
  $('player').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('confirm').open) closePlayer();
  });
  $('player-kick').addEventListener('click', () => player.id && ask('kick', { peerId: player.id }));
  $('player-ban').addEventListener('click', () => player.id && ask('ban', { peerId: player.id }));
  $('confirm-form').addEventListener('submit', confirmAction);
  $('confirm-cancel').addEventListener('click', () => $('confirm').close());
  $('confirm').addEventListener('close', () => {
    pending = null;
  });
  $('bans-history').addEventListener('change', loadBans);
  $('audit-more').addEventListener('click', () => loadAudit('older'));

  /** After sign-in: nothing is asked of the coordinator before the page has a credential it accepts. */
  function start() {
    loadBans();
    loadAudit('newest');
    setInterval(loadBans, BANS_EVERY_MS);
    setInterval(() => loadAudit('newest'), AUDIT_EVERY_MS);
  }

  Dashboard.moderation = { openPlayer, closePlayer, setZones, search, start };
})();
