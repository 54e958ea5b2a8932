/*
 * The page's service worker: it lets the page open while the server cannot be reached, with the list as this browser
 * last saw it (kept by the page itself) and its edits going into the outbox.
 *
 * Network first, always: while the server answers, every request goes to it and its answer also refreshes the
 * cache, so a redeploy with a new version is what the next load shows; the cache answers only when the server does
 * not (no connection, or no answer within a few seconds). Only the page and its own files are cached, never
 * /status, /health, /metrics or anything else the server computes.
 */
'use strict';

var CACHE = 'livetodo-page';
var FILES = ['./', 'index.html', 'app.css', 'app.js', 'announcements.js', 'outbox.js', 'rebase.js', 'orphans.js',
  'undo.js', 'favicon.svg', 'manifest.webmanifest'];
var PATIENCE_MS = 4000;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES);
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

function isPageFile(url) {
  if (url.origin !== self.location.origin) {
    return false;
  }
  var scope = new URL('./', self.location).pathname;
  var path = url.pathname.substring(scope.length);
  return url.pathname.indexOf(scope) === 0 && (path === '' || FILES.indexOf(path) >= 0);
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || !isPageFile(url)) {
    return; // the browser's own handling
  }
  event.respondWith(fromNetwork(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) {
        // The page under any ?list= is the same file: kept once, without the query.
        return cache.put(url.pathname, copy);
      });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname).then(function (cached) {
      return cached || caches.match(request, { ignoreSearch: true });
    }).then(function (cached) {
      return cached || Response.error();
    });
  }));
});

// The network's answer, or a failure after PATIENCE_MS: a server that is stopping may accept and never answer.
function fromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error('no answer')); }, PATIENCE_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      reject(error);
    });
  });
}
