/*
 * The outbox: the changes this tab made that the server has not answered yet, numbered as this client's mutations
 * and kept in the browser's storage per list, so that they survive a lost connection, a reload and a closed tab.
 *
 * Each tab is its own client: its id and its next mutation number live in sessionStorage, so a reload keeps them
 * (numbering again from 1 would make the server take new changes for old ones). Its waiting changes are one
 * localStorage record, "livetodo.outbox.<list>.<client>", there only while it holds any, which also says which page
 * instance owns it and when that instance was last alive. A record whose owner is gone (closed tab) and that still holds changes is an orphan: the next page on
 * the list sends it under the orphan's client id, so the server's numbering still makes it exactly once.
 */
(function () {
  'use strict';

  var PREFIX = 'livetodo.outbox.';
  var HEARTBEAT_MS = 5000;
  var ORPHANED_AFTER_MS = 15000;

  function randomId(bytes) {
    var values = new Uint8Array(bytes);
    window.crypto.getRandomValues(values);
    return Array.from(values, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  function key(list, client) {
    return PREFIX + list + '.' + client;
  }

  function read(storageKey) {
    try {
      var record = JSON.parse(window.localStorage.getItem(storageKey));
      return record && Array.isArray(record.entries) ? record : null;
    } catch (e) {
      return null;
    }
  }

  function createOutbox(list, onChange) {
    var instance = randomId(8); // this page load
    var clientKey = 'livetodo.client.' + list;
    var nextKey = 'livetodo.next.' + list;
    var client = window.sessionStorage.getItem(clientKey);
    var record = client ? read(key(list, client)) : null;
    if (!client || (record && record.owner && record.owner !== instance && record.alive > Date.now() - ORPHANED_AFTER_MS)) {
      // New tab, or a duplicated one (its session storage is a copy) whose original is still alive: a new client.
      client = randomId(16);
      window.sessionStorage.setItem(clientKey, client);
      window.sessionStorage.removeItem(nextKey);
      record = null;
    }
    record = record || { client: client, entries: [] };
    record.owner = instance;
    var next = Number(window.sessionStorage.getItem(nextKey)) || 1;
    record.entries.forEach(function (entry) { next = Math.max(next, entry.mutation + 1); });

    function save() {
      record.alive = Date.now();
      try {
        window.sessionStorage.setItem(nextKey, String(next));
        if (record.entries.length === 0) {
          window.localStorage.removeItem(key(list, client));
        } else {
          window.localStorage.setItem(key(list, client), JSON.stringify(record));
        }
      } catch (e) {
        // Storage full or refused (private mode): the changes still go out while the page is open.
      }
      onChange();
    }

    window.setInterval(function () {
      if (record.entries.length > 0) {
        save();
      }
    }, HEARTBEAT_MS);
    window.addEventListener('pagehide', function () {
      if (record.entries.length === 0) {
        return;
      }
      record.owner = null; // a reload of this tab takes its outbox back at once
      record.alive = 0;
      try {
        window.localStorage.setItem(key(list, client), JSON.stringify(record));
      } catch (e) {
        // nothing to do
      }
    });

    return {
      client: client,
      /** Numbers a change as the next mutation and keeps it until answered; returns the entry. */
      add: function (message) {
        var entry = { mutation: next++, message: message };
        record.entries.push(entry);
        save();
        return entry;
      },
      entries: function () {
        return record.entries.slice();
      },
      size: function () {
        return record.entries.length;
      },
      /** The server has processed everything up to {@code mutation}: returns the entries that dropped out. */
      processedUpTo: function (mutation) {
        var done = record.entries.filter(function (entry) { return entry.mutation <= mutation; });
        if (done.length > 0) {
          record.entries = record.entries.filter(function (entry) { return entry.mutation > mutation; });
          save();
        }
        return done;
      },
      /** The entry the server answered, taken out; null if it was not (or no longer) here. */
      answered: function (mutation) {
        var found = null;
        record.entries = record.entries.filter(function (entry) {
          if (entry.mutation === mutation) {
            found = entry;
            return false;
          }
          return true;
        });
        if (found) {
          save();
        }
        return found;
      },
      /** The server never got the ones before {@code expected}: what is left is numbered from there on. */
      renumberFrom: function (expected) {
        next = expected;
        record.entries.forEach(function (entry) { entry.mutation = next++; });
        save();
      }
    };
  }

  /** Outboxes of this list left by tabs that are gone, each claimed for this page before it is returned. */
  function claimOrphans(list, ownClient) {
    var orphans = [];
    var now = Date.now();
    for (var i = 0; i < window.localStorage.length; i++) {
      var storageKey = window.localStorage.key(i);
      if (storageKey && storageKey.indexOf(PREFIX + list + '.') === 0) {
        var record = read(storageKey);
        if (record && record.client !== ownClient && record.entries.length > 0
            && !(record.alive > now - ORPHANED_AFTER_MS && record.owner)) {
          orphans.push({ key: storageKey, record: record });
        }
      }
    }
    orphans.forEach(function (orphan) {
      orphan.record.owner = 'adopted';
      orphan.record.alive = now;
      window.localStorage.setItem(orphan.key, JSON.stringify(orphan.record));
    });
    return orphans;
  }

  window.LiveTodo = window.LiveTodo || {};
  window.LiveTodo.createOutbox = createOutbox;
  window.LiveTodo.claimOrphans = claimOrphans;
  window.LiveTodo.randomId = randomId;
  /**
   * The subprotocols a page offers: the JSON dialect, which the server picks, then its client id, which the server
   * reads from the offer. The id stays out of the URL, which proxies and servers write to their access logs.
   */
  window.LiveTodo.protocolsFor = function (client) {
    return ['todo.v1+json', 'todo.client.' + client];
  };
  /** Whether a refusal means "not now" (storage, rate): the change stays in the outbox and is sent again. */
  window.LiveTodo.staysInOutbox = function (error) {
    return ['storage-failed', 'internal', 'rate-limited'].indexOf(error.code) >= 0 && !error.duplicate;
  };
})();
