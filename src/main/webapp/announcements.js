/*
 * Tells screen-reader users what other people changed, through a polite live region that exists from page load.
 *
 * A burst is one announcement ("3 todos completed by someone else"), and there is at most one every two seconds, so
 * a busy list does not talk over the user. The user's own changes are never announced back: the server sends a
 * change's events before the ack to its sender, so an event that arrives while one of our changes is unanswered is
 * held until the answer says whose it was.
 */
(function () {
  'use strict';

  var MIN_GAP_MS = 2000; // between two announcements
  var GATHER_MS = 1000;  // the events of one burst arrive within this of each other: they make one announcement
  var KEPT = 3;          // announcements left in the region (older ones are removed, which is not read out)
  var TITLE_CHARS = 60;  // a long title is cut: the announcement says what happened, the list has the rest

  var VERBS = { added: 'added', completed: 'completed', reopened: 'reopened', renamed: 'renamed', deleted: 'deleted' };

  function createAnnouncer(region) {
    var queue = [];     // { seq, change, held }: held = might be ours, waiting for our answers
    var timer = null;
    var lastAt = -Infinity;

    function schedule() {
      if (timer !== null || !queue.some(function (entry) { return !entry.held; })) {
        return;
      }
      var wait = Math.max(GATHER_MS, lastAt + MIN_GAP_MS - performance.now());
      timer = window.setTimeout(flush, wait);
    }

    function flush() {
      timer = null;
      var ready = queue.filter(function (entry) { return !entry.held; });
      queue = queue.filter(function (entry) { return entry.held; });
      if (ready.length === 0) {
        return;
      }
      var line = document.createElement('p');
      line.textContent = sentence(ready.map(function (entry) { return entry.change; }));
      region.appendChild(line);
      while (region.childElementCount > KEPT) {
        region.removeChild(region.firstElementChild);
      }
      lastAt = performance.now();
      schedule();
    }

    return {
      /** A change from the server; {@code mightBeOurs} while one of our own changes is unanswered. */
      changed: function (seq, change, mightBeOurs) {
        queue.push({ seq: seq, change: change, held: mightBeOurs });
        schedule();
      },
      /** Our change was made as the events up to {@code lastSeq}, {@code count} of them: those are not news to us. */
      acknowledged: function (lastSeq, count) {
        if (typeof lastSeq === 'number' && count > 0) {
          queue = queue.filter(function (entry) { return entry.seq <= lastSeq - count || entry.seq > lastSeq; });
        }
      },
      /** None of our changes is unanswered any more: every event held so far was somebody else's. */
      settled: function () {
        queue.forEach(function (entry) { entry.held = false; });
        schedule();
      },
      /** The connection dropped with our changes unanswered: whose the held events were is unknown, so say nothing. */
      forgetHeld: function () {
        queue = queue.filter(function (entry) { return !entry.held; });
      }
    };
  }

  // One clause per kind of change, in the order they first happened: "Ana added 'milk'. 2 todos deleted by someone
  // else."
  function sentence(changes) {
    var groups = new Map();
    changes.forEach(function (change) {
      if (!groups.has(change.kind)) {
        groups.set(change.kind, []);
      }
      groups.get(change.kind).push(change);
    });
    var clauses = [];
    groups.forEach(function (group, kind) {
      var author = sameAuthor(group);
      if (group.length === 1) {
        var change = group[0];
        var what = kind === 'renamed'
          ? quote(change.before) + ' to ' + quote(change.title)
          : quote(change.title);
        clauses.push((author || 'Someone else') + ' ' + VERBS[kind] + ' ' + what);
      } else {
        clauses.push(group.length + ' todos ' + VERBS[kind] + ' by ' + (author || 'someone else'));
      }
    });
    return clauses.join('. ') + '.';
  }

  // Authors are known only on servers that require a login.
  function sameAuthor(group) {
    var author = group[0].author;
    return author && group.every(function (change) { return change.author === author; }) ? author : null;
  }

  function quote(title) {
    var text = String(title);
    return "'" + (text.length > TITLE_CHARS ? text.slice(0, TITLE_CHARS - 1) + '…' : text) + "'";
  }

  window.LiveTodo = window.LiveTodo || {};
  window.LiveTodo.createAnnouncer = createAnnouncer;
})();
