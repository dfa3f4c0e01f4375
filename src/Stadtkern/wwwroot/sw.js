// Stadtkern city app: service worker. One per tenant: served at <tenant root>/sw.js, its scope is the tenant's root.
// Pages: network first, the cached copy when offline, else the offline page. Static assets: cache first.
// Push: shows the message the server encrypted (RFC 8291) and opens the alert when the notification is clicked.
'use strict';

const VERSION = 'v1';
const SCOPE = new URL(self.registration.scope).pathname; // "/" or "/t/{slug}/"
const CACHE = `stadtkern-${VERSION}-${SCOPE}`;
const SHELL = [
  SCOPE + 'offline',
  SCOPE + 'app',
  SCOPE + 'manifest.webmanifest',
  SCOPE + 'app/icon-192.png',
  SCOPE + 'css/site.css',
  SCOPE + 'js/app.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('stadtkern-') && n.endsWith(SCOPE) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.includes('/api/') || url.pathname.endsWith('/stream')) return;

  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) {
          const cache = await caches.open(CACHE);
          cache.put(request, response.clone());
        }
        return response;
      } catch {
        return (await caches.match(request)) || (await caches.match(SCOPE + 'offline')) || Response.error();
      }
    })());
    return;
  }

  if (/\.(css|js|png|svg|woff2?)$/.test(url.pathname)) {
    event.respondWith((async () => {
      const cached = await caches.match(request);
      if (cached) return cached;
      try {
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
        return response;
      } catch {
        return (await caches.match(request, { ignoreSearch: true })) || Response.error();
      }
    })());
  }
});

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { title: 'Warnung', body: event.data ? event.data.text() : '' };
  }
  const title = message.title || 'Warnung';
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || '',
    tag: message.tag,
    renotify: Boolean(message.tag),
    requireInteraction: message.urgency === 'high',
    icon: SCOPE + 'app/icon-192.png',
    badge: SCOPE + 'app/icon-192.png',
    lang: 'de',
    data: { url: message.url || SCOPE + 'app' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url || SCOPE, self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === target && 'focus' in client) return client.focus();
    }
    return self.clients.openWindow(target);
  })());
});
