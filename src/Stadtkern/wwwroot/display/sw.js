// Service worker of the kiosk pages (scope: the display/ folder of the tenant). It keeps the page shell (HTML, CSS, script, logo)
// so that a display restarted without network still starts and shows its last content from localStorage. The content API is
// never cached here: display.js keeps the last content itself and shows how old it is.
'use strict';
var CACHE = 'stadtkern-display-v1';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.url.indexOf('/api/') !== -1 || request.url.indexOf('/alerts/stream') !== -1) {
    return;
  }
  // network first, the cached copy when the network is gone
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && (response.type === 'basic' || response.type === 'cors')) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: request.mode !== 'navigate' }).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});
