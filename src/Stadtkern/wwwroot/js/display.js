// Kiosk page of an information display (stele). Plain script, no framework, no inline code.
// - The display token comes once in the URL fragment (#token=dsp_…) or is fetched with a registration code (#code=K7QM-4XPA or the
//   form on the page); it is kept in localStorage and the fragment is removed from the address bar.
// - Content is polled with If-None-Match (cheap 304s); /alerts/stream (SSE), where the server has it, triggers an immediate poll.
// - The last content is kept in localStorage: without network (or after a restart without network, through the service worker)
//   the display keeps showing it with "Offline seit …".
// - An active alert replaces the rotation at once, full screen; when it ends, the rotation comes back.
(function () {
  'use strict';

  var body = document.body;
  var id = body.dataset.displayId;
  var base = body.dataset.base || '/';
  var key = 'stadtkern.display.' + id + '.';
  var version = 'stadtkern-kiosk/1.0';
  var started = Date.now();
  var content = null;
  var tileIndex = 0;
  var alertIndex = 0;
  var rotationTimer = null;
  var pollTimer = null;
  var offlineSince = null;
  var $ = function (x) { return document.getElementById(x); };

  function store(name, value) {
    try {
      if (value === null) { localStorage.removeItem(key + name); } else { localStorage.setItem(key + name, value); }
    } catch (e) { /* storage full or disabled: the display still works while it runs */ }
  }
  function load(name) {
    try { return localStorage.getItem(key + name); } catch (e) { return null; }
  }

  function text(node, value) { node.textContent = value == null ? '' : String(value); }
  function el(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value !== undefined) { text(node, value); }
    return node;
  }
  function time(iso) {
    if (!iso) { return ''; }
    var at = new Date(iso);
    return at.toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' });
  }
  function dateTime(iso) {
    var at = new Date(iso);
    return at.toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit' }) + ', ' + time(iso) + ' Uhr';
  }
  function number(value) {
    if (typeof value === 'number') { return value.toLocaleString('de-DE', { maximumFractionDigits: 1 }); }
    if (value === null || value === undefined) { return '–'; }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  // ---- token and registration ----
  function token() { return load('token'); }

  function readFragment() {
    var hash = location.hash.replace(/^#/, '');
    if (!hash) { return null; }
    var params = new URLSearchParams(hash);
    history.replaceState(null, '', location.pathname + location.search);
    if (params.get('token')) { store('token', params.get('token')); return null; }
    return params.get('code');
  }

  function showRegistration(message) {
    $('kiosk-register').hidden = false;
    $('kiosk-rotation').hidden = true;
    text($('kiosk-register-error'), message || '');
    body.style.cursor = 'auto';
  }

  function register(code) {
    return fetch(base + 'api/displays/register', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ code: code, appVersion: version })
    }).then(function (response) {
      if (!response.ok) { throw new Error('code'); }
      return response.json();
    }).then(function (answer) {
      store('token', answer.token);
      store('etag', null);
      $('kiosk-register').hidden = true;
      $('kiosk-rotation').hidden = false;
      body.style.cursor = '';
      poll();
      heartbeat();
    }).catch(function () {
      showRegistration('Der Code wurde nicht angenommen (unbekannt, schon benutzt oder abgelaufen).');
    });
  }

  $('kiosk-register-form').addEventListener('submit', function (event) {
    event.preventDefault();
    register($('kiosk-code').value.trim());
  });

  // ---- polling ----
  var polling = false;
  var pollAgain = false;

  // One poll at a time: a wake-up (live event, network back) during a poll asks for another one right after it.
  function poll() {
    if (polling) { pollAgain = true; return Promise.resolve(); }
    clearTimeout(pollTimer);
    var secret = token();
    if (!secret) { showRegistration(); return Promise.resolve(); }
    polling = true;
    var headers = { 'Authorization': 'Bearer ' + secret, 'Accept': 'application/json' };
    var etag = load('etag');
    if (etag && content) { headers['If-None-Match'] = etag; }
    return fetch(base + 'api/displays/me/content', { headers: headers, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          store('token', null);
          store('etag', null);
          showRegistration('Die Anmeldung dieser Stele wurde widerrufen. Bitte neu registrieren.');
          return null;
        }
        if (response.status === 304) { online(); return null; }
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        store('etag', response.headers.get('ETag'));
        return response.text().then(function (json) {
          store('content', json);
          store('received', new Date().toISOString());
          online();
          show(JSON.parse(json));
        });
      })
      .catch(function () { offline(); })
      .then(function () {
        polling = false;
        if (pollAgain) { pollAgain = false; poll(); return; }
        var seconds = content && content.pollSeconds ? content.pollSeconds : 10;
        pollTimer = setTimeout(poll, seconds * 1000);
      });
  }

  function online() {
    offlineSince = null;
    store('offlineSince', null);
    $('kiosk-offline').hidden = true;
    body.classList.remove('kiosk--offline');
  }

  function offline() {
    if (!offlineSince) {
      // kept across a restart, so a display that comes up without network still tells since when it has been offline
      var kept = load('offlineSince');
      offlineSince = kept ? new Date(kept) : new Date();
      store('offlineSince', offlineSince.toISOString());
    }
    var received = load('received');
    var message = 'Offline seit ' + time(offlineSince.toISOString()) + ' Uhr';
    if (received) { message += ' – Stand ' + dateTime(received); }
    text($('kiosk-offline'), message);
    $('kiosk-offline').hidden = false;
    body.classList.add('kiosk--offline');
  }

  // ---- rendering ----
  function show(next) {
    var hadAlert = content && content.alertActive;
    content = next;
    if (content.branding && content.branding.primaryColor) {
      document.documentElement.style.setProperty('--brand', content.branding.primaryColor);
    }
    if (content.alertActive && content.alerts && content.alerts.length) {
      if (!hadAlert) { alertIndex = 0; }
      showAlert();
    } else {
      hideAlert();
    }
    if (!rotationTimer) { rotate(); }
  }

  function showAlert() {
    var alerts = content.alerts;
    var alert = alerts[alertIndex % alerts.length];
    var box = $('kiosk-alert');
    box.dataset.severity = alert.severity || 'Unknown';
    text($('kiosk-alert-severity'), severityName(alert.severity));
    text($('kiosk-alert-event'), alert.event);
    text($('kiosk-alert-headline'), alert.headline);
    text($('kiosk-alert-area'), alert.areaDesc);
    text($('kiosk-alert-instruction'), alert.instruction || 'Achten Sie auf Durchsagen und informieren Sie sich in Rundfunk und Warn-Apps.');
    text($('kiosk-alert-description'), alert.description || '');
    text($('kiosk-alert-count'), alerts.length > 1 ? 'Warnung ' + (alertIndex % alerts.length + 1) + ' von ' + alerts.length : '');
    box.hidden = false;
    body.classList.add('kiosk--alert');
    $('kiosk-rotation').setAttribute('aria-hidden', 'true');
  }

  function hideAlert() {
    $('kiosk-alert').hidden = true;
    body.classList.remove('kiosk--alert');
    $('kiosk-rotation').removeAttribute('aria-hidden');
  }

  function severityName(severity) {
    switch (severity) {
      case 'Extreme': return 'Extreme Gefahr';
      case 'Severe': return 'Warnung';
      case 'Moderate': return 'Hinweis';
      case 'Minor': return 'Information';
      default: return 'Warnung';
    }
  }

  function rotate() {
    clearTimeout(rotationTimer);
    rotationTimer = null;
    if (!content) { return; }
    if (content.alertActive && content.alerts && content.alerts.length > 1) {
      alertIndex = (alertIndex + 1) % content.alerts.length;
      showAlert();
    }
    var tiles = content.tiles || [];
    if (tiles.length === 0) {
      text($('kiosk-tile-title'), content.display ? content.display.name : '');
      var bodyNode = $('kiosk-tile-body');
      bodyNode.replaceChildren(el('p', 'kiosk-empty', 'Zurzeit keine Meldungen.'));
    } else {
      tileIndex = tileIndex % tiles.length;
      renderTile(tiles[tileIndex]);
      text($('kiosk-dots'), tiles.map(function (_, i) { return i === tileIndex ? '●' : '○'; }).join(''));
      tileIndex = (tileIndex + 1) % tiles.length;
    }
    rotationTimer = setTimeout(rotate, (content.rotationSeconds || 15) * 1000);
  }

  function renderTile(tile) {
    text($('kiosk-tile-title'), tile.title);
    var node = $('kiosk-tile-body');
    var children = [];
    if (!tile.available) {
      children.push(el('p', 'kiosk-unavailable', tile.error || 'Zurzeit nicht verfügbar.'));
    } else if (tile.type === 'news') {
      children.push(list(tile.news, function (item) {
        var li = el('li');
        li.append(el('span', null, item.title), el('span', 'kiosk-meta', new Date(item.modified).toLocaleDateString('de-DE')));
        return li;
      }, 'Zurzeit keine Neuigkeiten.'));
    } else if (tile.type === 'sensors') {
      var grid = el('div', 'kiosk-values');
      (tile.sensors || []).forEach(function (s) {
        var box = el('div', 'kiosk-value');
        box.append(el('p', 'kiosk-value__name', s.name),
          el('p', 'kiosk-value__number', number(s.value) + (s.unit ? ' ' + s.unit : '')),
          el('p', 'kiosk-value__name', s.time ? 'Stand ' + time(s.time) + ' Uhr' : ''));
        grid.append(box);
      });
      children.push((tile.sensors || []).length ? grid : el('p', 'kiosk-empty', 'Keine Messwerte.'));
    } else if (tile.type === 'departures') {
      children.push(departures(tile.departures || []));
    }
    node.replaceChildren.apply(node, children);
  }

  function list(items, render, empty) {
    if (!items || !items.length) { return el('p', 'kiosk-empty', empty); }
    var ul = el('ul', 'kiosk-list');
    items.forEach(function (item) { ul.append(render(item)); });
    return ul;
  }

  function departures(items) {
    if (!items.length) { return el('p', 'kiosk-empty', 'Keine Abfahrten.'); }
    var table = el('table', 'kiosk-table');
    var head = el('tr');
    ['Linie', 'Richtung', 'Abfahrt', 'Steig'].forEach(function (h) {
      var th = el('th', null, h);
      th.scope = 'col';
      head.append(th);
    });
    var thead = el('thead');
    thead.append(head);
    var tbody = el('tbody');
    items.forEach(function (d) {
      var row = el('tr');
      var when = el('td', null, time(d.planned || d.expected));
      if (d.cancelled) {
        when.append(' ', el('span', 'kiosk-late', 'fällt aus'));
      } else if (d.expected && d.planned && d.expected !== d.planned) {
        when.append(' ', el('span', 'kiosk-late', '→ ' + time(d.expected)));
      }
      row.append(el('td', null, d.line), el('td', null, d.direction), when, el('td', null, d.platform || ''));
      tbody.append(row);
    });
    table.append(thead, tbody);
    return table;
  }

  // ---- heartbeat, clock, live alerts, service worker ----
  function heartbeat() {
    var secret = token();
    if (!secret) { return; }
    fetch(base + 'api/displays/me/heartbeat', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + secret, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        version: version,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        status: { screen: window.innerWidth + 'x' + window.innerHeight, alertShown: !!(content && content.alertActive), offlineSince: offlineSince ? offlineSince.toISOString() : null }
      })
    }).catch(function () { /* the next one will tell */ });
  }

  function tick() {
    text($('kiosk-clock'), new Date().toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' }));
  }

  function listen() {
    if (!window.EventSource) { return; }
    var stream = new EventSource(base + 'alerts/stream');
    var wake = function () { poll(); };
    stream.onmessage = wake;
    ['published', 'updated', 'cancelled', 'alert'].forEach(function (name) { stream.addEventListener(name, wake); });
    stream.onerror = function () {
      // no stream on this server (404) closes it for good; polling alone carries the display then
      if (stream.readyState === EventSource.CLOSED) { stream.close(); }
    };
  }

  if ('serviceWorker' in navigator && body.dataset.worker) {
    navigator.serviceWorker.register(body.dataset.worker, { scope: body.dataset.worker.replace(/sw\.js$/, '') })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        // this page and its files were loaded before the worker existed: put them in its cache now, for a restart without network
        if (!window.caches) { return; }
        var files = [location.pathname + location.search];
        document.querySelectorAll('link[rel=stylesheet], script[src], img[src]').forEach(function (node) { files.push(node.href || node.src); });
        return caches.open('stadtkern-display-v1').then(function (cache) { return cache.addAll(files); });
      })
      .catch(function () { /* works without: the last content is in localStorage anyway */ });
  }

  tick();
  setInterval(tick, 10000);
  var cached = load('content');
  if (cached) {
    try { show(JSON.parse(cached)); } catch (e) { store('content', null); }
  }
  var code = readFragment();
  if (code) { register(code); } else { poll(); heartbeat(); }
  setInterval(heartbeat, 60000);
  listen();
  window.addEventListener('online', function () { poll(); });
})();
