/*
 * Sends what tabs that are gone left in their outboxes (see outbox.js), each under its own client id on a
 * connection of its own, so the server applies every change once even if another page sends it too. An outbox is
 * removed once the server has answered all of it; one that cannot be finished now is picked up again later.
 */
(function () {
  'use strict';

  /**
   * @param list      the list's name
   * @param url       the list's socket URL (each orphan's client id goes as a subprotocol)
   * @param ownClient this page's client id (its own outbox is not an orphan)
   * @param refused   function (message) called with the reason of each change the server refused
   */
  function deliverOrphans(list, url, ownClient, refused) {
    window.LiveTodo.claimOrphans(list, ownClient).forEach(function (orphan) {
      deliver(orphan, url, refused);
    });
  }

  function deliver(orphan, url, refused) {
    var record = orphan.record;
    var ws;
    try {
      ws = new WebSocket(url, window.LiveTodo.protocolsFor(record.client));
    } catch (e) {
      return;
    }
    function save() {
      if (record.entries.length === 0) {
        window.localStorage.removeItem(orphan.key);
        ws.close(1000, 'delivered');
      } else {
        window.localStorage.setItem(orphan.key, JSON.stringify(record));
      }
    }
    function drop(mutation) {
      record.entries = record.entries.filter(function (entry) { return entry.mutation !== mutation; });
      save();
    }
    ws.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === 'snapshot' || message.type === 'resume') {
        record.entries = record.entries.filter(function (entry) { return entry.mutation > message.mutation; });
        save();
        record.entries.forEach(function (entry) {
          ws.send(JSON.stringify(Object.assign({}, entry.message, { mutation: entry.mutation })));
        });
      } else if (message.type === 'ack' && typeof message.mutation === 'number') {
        drop(message.mutation);
      } else if (message.type === 'error' && typeof message.mutation === 'number') {
        if (window.LiveTodo.staysInOutbox(message) || message.code === 'mutation-gap') {
          ws.close(1000, 'later'); // left for the next page to try
        } else {
          drop(message.mutation);
          refused('A change made in a tab that was closed was not saved: ' + message.message);
        }
      }
    };
  }

  window.LiveTodo = window.LiveTodo || {};
  window.LiveTodo.deliverOrphans = deliverOrphans;
})();
