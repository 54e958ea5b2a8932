/*
 * Live Todo page. Talks the JSON dialect of /todo: a snapshot on open, then one event per change.
 * Every change the user makes shows at once and goes into the outbox (outbox.js) as a numbered mutation; the page
 * shows the server's list with the waiting ones on top (rebase.js), sends them whenever it is connected, and drops
 * each when the server answers it: applied, refused (then it rolls back and says why) or processed before.
 * Every text from the server goes through textContent (never innerHTML), and there are no inline scripts or
 * handlers, so the page runs under a strict Content-Security-Policy.
 */
(function () {
  'use strict';

  var MAX_BACKOFF_MS = 30000;
  var POLICY_VIOLATION = 1008; // the server refused this connection (invalid list, too many connections, ...)
  var GOING_AWAY = 1001;
  var DRAINED = 'reconnect now'; // in the reason of a node that stops on purpose: another node can take us at once
  var DRAINED_JITTER_MS = 300;   // so that a node's clients do not all knock at the same instant
  var RETRY_MS = 2000;           // a change the server could not take now (storage, rate) is sent again after this
  var SAVE_STATE_MS = 500;       // the last known list is written to storage at most this often

  var el = {
    listForm: document.getElementById('list-form'),
    listName: document.getElementById('list-name'),
    newPrivate: document.getElementById('new-private'),
    shareLink: document.getElementById('share-link'),
    presence: document.getElementById('presence'),
    status: document.getElementById('status'),
    retry: document.getElementById('retry'),
    newForm: document.getElementById('new-form'),
    newTodo: document.getElementById('new-todo'),
    error: document.getElementById('error'),
    main: document.getElementById('main'),
    toggleAll: document.getElementById('toggle-all'),
    list: document.getElementById('todo-list'),
    footer: document.getElementById('footer'),
    count: document.getElementById('count'),
    clearCompleted: document.getElementById('clear-completed'),
    waiting: document.getElementById('waiting'),
    undo: document.getElementById('undo'),
    redo: document.getElementById('redo'),
    announcements: document.getElementById('announcements')
  };
  var announcer = window.LiveTodo.createAnnouncer(el.announcements);

  var listName = chosenList();
  var confirmed = new Map(); // id -> todo: the list as the server said it is, in its order
  var shown = new Map();     // id -> todo: what the page shows (confirmed + the outbox on top)
  var rendered = new Map();  // id -> the todo object each <li> was last filled from
  var items = new Map();     // id -> <li>
  var epoch = null;
  var seq = 0;
  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var retryTimer = null;
  var hideTimers = new Map(); // element -> timer that hides the message it shows
  var inFlight = new Set();   // mutations sent on this connection and not answered yet
  var ownIds = new Set();     // todos that changes of ours the server processed while we were away touched
  var titleMaxLength = null;  // the server's todo.title.max-length, from the snapshot
  var stateKey = 'livetodo.state.' + listName;
  var saveTimer = null;
  var outbox = window.LiveTodo.createOutbox(listName, renderWaiting);
  var undoHistory = window.LiveTodo.createHistory(mutate, showError, renderHistory);

  // The server checks the name: an invalid one is refused with a message saying what a name may hold.
  function chosenList() {
    return new URLSearchParams(window.location.search).get('list') || 'default';
  }

  // The endpoint lives next to this page, whatever the context path: /todo, /livetodo/todo, ... The client id is
  // not in it (URLs end up in access logs): it goes as a second subprotocol (see window.LiveTodo.protocolsFor).
  function listUrl() {
    var scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var base = window.location.pathname.replace(/[^/]*$/, '');
    return scheme + '//' + window.location.host + base + 'todo?list=' + encodeURIComponent(listName);
  }

  function socketUrl() {
    var url = listUrl();
    if (epoch !== null) {
      url += '&epoch=' + encodeURIComponent(epoch) + '&since=' + seq;
    }
    return url;
  }

  // ---- connection ----

  function connect() {
    reconnectTimer = null;
    setStatus(attempt === 0 ? 'connecting' : 'reconnecting', attempt === 0 ? 'connecting…' : 'reconnecting…');
    var ws;
    try {
      ws = new WebSocket(socketUrl(), window.LiveTodo.protocolsFor(outbox.client));
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    var wasLive = false;
    var refusal = null;
    ws.onmessage = function (event) {
      if (socket === ws) {
        var message = JSON.parse(event.data);
        wasLive = wasLive || message.type === 'snapshot' || message.type === 'resume';
        if (!wasLive && message.type === 'error') {
          refusal = message.message;
        }
        receive(message);
      }
    };
    ws.onclose = function (event) {
      if (socket === ws) {
        socket = null;
        el.presence.textContent = ''; // unknown while away
        forgetPending();
        if (event.code === POLICY_VIOLATION && !wasLive) {
          // Refused before it went live: trying again by itself would be refused again, so stop and say why.
          stop(refusal || event.reason || 'the server refused the connection');
        } else if (event.code === GOING_AWAY && (event.reason || '').indexOf(DRAINED) >= 0) {
          scheduleReconnect(Math.round(Math.random() * DRAINED_JITTER_MS));
        } else {
          scheduleReconnect();
        }
      }
    };
  }

  function stop(reason) {
    setStatus('stopped', 'not connected: ' + reason);
    el.retry.hidden = false;
  }

  el.retry.addEventListener('click', function () {
    el.retry.hidden = true;
    attempt = 0;
    connect();
  });

  // Capped exponential backoff with jitter, so that after a restart not every page knocks at once; {@code soon}
  // instead when the server said to come back at once.
  function scheduleReconnect(soon) {
    if (reconnectTimer !== null) {
      return;
    }
    var delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, attempt));
    delay = typeof soon === 'number' ? soon : Math.round(delay / 2 + Math.random() * delay / 2);
    document.body.setAttribute('data-reconnect-ms', String(delay));
    attempt++;
    setStatus('reconnecting', 'reconnecting in ' + Math.max(1, Math.round(delay / 1000)) + ' s…');
    reconnectTimer = window.setTimeout(connect, delay);
  }

  function resync() {
    if (socket) {
      var stale = socket;
      socket = null;
      stale.close(1000, 'resync');
    }
    connect();
  }

  // Something the user did: it can be undone.
  function act(message) {
    undoHistory.record(window.LiveTodo.undoStepFor(message, shown));
    mutate(message);
  }

  // A change of the user's: shown at once, kept in the outbox, sent now if connected (else on reconnect).
  function mutate(message) {
    var entry = outbox.add(message);
    render();
    transmit(entry);
  }

  function transmit(entry) {
    if (socket && socket.readyState === WebSocket.OPEN && !inFlight.has(entry.mutation)) {
      inFlight.add(entry.mutation);
      socket.send(JSON.stringify(Object.assign({}, entry.message,
        { mutation: entry.mutation, ref: String(entry.mutation) })));
    }
  }

  function transmitAll() {
    outbox.entries().forEach(transmit);
  }

  // The connection dropped: what was in flight stays in the outbox; the server says on reconnect which of it it
  // processed.
  function forgetPending() {
    inFlight.clear();
    announcer.forgetHeld();
  }

  // The server answered one of our changes (ack or error): once none is unanswered, every event held back from the
  // announcements was somebody else's.
  function answered(mutation) {
    inFlight.delete(mutation);
    if (inFlight.size === 0) {
      announcer.settled();
    }
  }

  // The server said which of our mutations it has processed: those leave the outbox, the rest go out in order.
  function caughtUp(message) {
    if (typeof message.mutation === 'number') {
      outbox.processedUpTo(message.mutation).forEach(function (entry) {
        if (entry.message.id) {
          ownIds.add(entry.message.id);
        }
      });
    }
    transmitAll();
  }

  // "Not now" from the server: the change stays in the outbox and goes out again a little later.
  function retryLater() {
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        inFlight.clear();
        transmitAll();
      }, RETRY_MS);
    }
  }

  // ---- the list as last seen, kept so that the page opens with it, offline too, and resumes from it ----

  function restoreState() {
    try {
      var state = JSON.parse(window.localStorage.getItem(stateKey));
      if (state && typeof state.epoch === 'string' && typeof state.seq === 'number' && Array.isArray(state.todos)) {
        epoch = state.epoch;
        seq = state.seq;
        confirmed = new Map();
        state.todos.forEach(function (todo) { confirmed.set(todo.id, todo); });
      }
    } catch (e) {
      // Nothing usable: the snapshot brings the list.
    }
  }

  function saveStateSoon() {
    if (saveTimer === null) {
      saveTimer = window.setTimeout(function () {
        saveTimer = null;
        try {
          window.localStorage.setItem(stateKey, JSON.stringify(
            { epoch: epoch, seq: seq, todos: Array.from(confirmed.values()) }));
        } catch (e) {
          // Storage full or refused: the page works as before, only not offline.
        }
      }, SAVE_STATE_MS);
    }
  }

  function setStatus(state, text) {
    el.status.className = 'status ' + state;
    el.status.textContent = text;
    document.body.setAttribute('data-connection', state);
  }

  // ---- messages from the server ----

  function receive(message) {
    switch (message.type) {
      case 'snapshot':
        live(message);
        confirmed = new Map();
        message.todos.forEach(function (todo) { confirmed.set(todo.id, todo); });
        seq = message.seq;
        caughtUp(message);
        render();
        saveStateSoon();
        break;
      case 'resume':
        live(message);
        caughtUp(message);
        render();
        break;
      case 'added':
      case 'updated':
      case 'deleted':
        applyEvent(message);
        break;
      case 'presence':
        setPresence(message.count);
        break;
      case 'ack':
        announcer.acknowledged(message.seq, message.changes);
        if (typeof message.mutation === 'number') {
          outbox.answered(message.mutation);
          answered(message.mutation);
          render();
        }
        break;
      case 'error':
        refused(message);
        break;
      default:
        break; // anything newer than this page
    }
  }

  function live(message) {
    // The server is there: what closed tabs left waiting on this list goes out too.
    window.LiveTodo.deliverOrphans(listName, listUrl(), outbox.client, showError);
    attempt = 0;
    epoch = message.epoch;
    el.retry.hidden = true;
    setPresence(message.presence);
    applyLimits(message.limits);
    setStatus('live', 'live');
  }

  function applyLimits(limits) {
    if (limits && typeof limits.titleMaxLength === 'number') {
      titleMaxLength = limits.titleMaxLength;
      el.newTodo.maxLength = titleMaxLength;
      document.querySelectorAll('#todo-list .edit').forEach(function (edit) { edit.maxLength = titleMaxLength; });
    }
  }

  // A change the server did not make. "Not now" (storage, rate), or one that waits for an earlier one: it is sent
  // again later. Otherwise it is dropped, the page rolls it back, and its reason goes next to
  // the todo it was about, or under the input.
  function refused(error) {
    var number = typeof error.mutation === 'number' ? error.mutation : Number(error.ref);
    if (error.code === 'mutation-gap' && typeof error.expected === 'number') {
      // An earlier change must go first: it is waiting to be sent again (not now, which could loop while the
      // database is away), or it was lost from this browser's storage and the rest move up.
      var expectedIsHere = outbox.entries().some(function (entry) { return entry.mutation === error.expected; });
      if (!expectedIsHere) {
        outbox.renumberFrom(error.expected);
      }
      answered(number);
      retryLater();
      return;
    }
    if (window.LiveTodo.staysInOutbox(error)) {
      answered(number);
      retryLater();
      return;
    }
    var entry = isNaN(number) ? null : outbox.answered(number);
    answered(number);
    render();
    var li = entry && entry.message.id ? items.get(entry.message.id) : null;
    if (li) {
      showFor(li.querySelector('.item-error'), error.message);
    } else {
      showError(error.message);
    }
  }

  function applyEvent(event) {
    if (event.seq <= seq) {
      return; // already applied
    }
    if (event.seq !== seq + 1) {
      resync(); // a gap: ask for what is missing rather than show a wrong list
      return;
    }
    seq = event.seq;
    var todo = event.todo;
    var before = confirmed.get(todo.id);
    // Ours if one of our changes is unanswered (the ack tells), or if it touches a todo that a change of ours,
    // processed while we were away, touched: the server replays those on reconnect.
    announcer.changed(event.seq, describe(event.type, before, todo), inFlight.size > 0 || ownIds.has(todo.id));
    if (event.type === 'deleted') {
      confirmed.delete(todo.id);
    } else {
      confirmed.set(todo.id, todo);
    }
    render();
    saveStateSoon();
  }

  // What a change means to a person, for the announcements.
  function describe(type, before, todo) {
    var kind = 'added';
    if (type === 'deleted') {
      kind = 'deleted';
    } else if (type === 'updated' && before && before.title !== todo.title) {
      kind = 'renamed';
    } else if (type === 'updated') {
      kind = todo.completed ? 'completed' : 'reopened';
    }
    return { kind: kind, title: todo.title, before: before ? before.title : null, author: todo.author };
  }

  // ---- focus: never lost to the page when what had it goes away ----

  function isShown(element) {
    return element.getClientRects().length > 0;
  }

  // The next shown todo's title, else the previous one's, else the new-todo field.
  function neighbour(li) {
    for (var next = li.nextElementSibling; next; next = next.nextElementSibling) {
      if (isShown(next)) {
        return next.querySelector('.title');
      }
    }
    for (var previous = li.previousElementSibling; previous; previous = previous.previousElementSibling) {
      if (isShown(previous)) {
        return previous.querySelector('.title');
      }
    }
    return el.newTodo;
  }

  function firstShownTitle() {
    var shown = Array.prototype.find.call(el.list.children, isShown);
    return shown ? shown.querySelector('.title') : el.newTodo;
  }

  // ---- rendering: one <li> per todo, updated in place ----

  // Brings the DOM to what the page should show, touching only the items that changed: with thousands of todos,
  // an incoming change costs one item's update, not a redraw.
  function render() {
    var view = window.LiveTodo.rebase(confirmed, outbox.entries());
    shown = view.todos;
    var focusedLi = el.list.contains(document.activeElement) ? document.activeElement.closest('li') : null;
    var refocus = focusedLi ? neighbour(focusedLi) : null;
    items.forEach(function (li, id) {
      if (!shown.has(id)) {
        li.remove();
        items.delete(id);
        rendered.delete(id);
      }
    });
    var previous = null;
    shown.forEach(function (todo, id) {
      var li = items.get(id);
      if (!li) {
        li = createItem(todo);
        el.list.insertBefore(li, previous ? previous.nextSibling : el.list.firstChild);
      } else if (rendered.get(id) !== todo) {
        fillItem(li, todo); // an open editor keeps the version it started from: a rename after this is a conflict
      }
      rendered.set(id, todo);
      var waiting = view.pending.has(id);
      if (li.classList.contains('pending') !== waiting) {
        li.classList.toggle('pending', waiting);
        li.querySelector('.pending-mark').hidden = !waiting;
      }
      previous = li;
    });
    renderCounts();
    renderWaiting();
    // The focused todo went away (deleted, or hidden by the filter): focus moves to the next one, not to the page.
    if (focusedLi && (!focusedLi.isConnected || !isShown(focusedLi))) {
      (refocus && refocus.isConnected ? refocus : firstShownTitle()).focus();
    }
  }

  // How many changes have not reached the server yet: said while there are any.
  function renderWaiting() {
    var count = outbox.size();
    var text = count === 0 ? '' : count + (count === 1 ? ' change' : ' changes') + ' waiting to be saved';
    if (el.waiting.textContent !== text) {
      el.waiting.textContent = text;
      el.waiting.hidden = count === 0;
      document.body.setAttribute('data-waiting', String(count));
    }
  }

  function createItem(todo) {
    var li = document.createElement('li');
    li.setAttribute('data-id', todo.id);

    var view = document.createElement('div');
    view.className = 'view';
    var toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.className = 'toggle';
    var label = document.createElement('label');
    label.className = 'title';
    label.tabIndex = 0;
    label.dir = 'auto';
    var author = document.createElement('span');
    author.className = 'author';
    author.dir = 'auto';
    var mark = document.createElement('span');
    mark.className = 'pending-mark';
    mark.textContent = 'not saved yet';
    mark.hidden = true;
    var destroy = document.createElement('button');
    destroy.type = 'button';
    destroy.className = 'destroy';
    view.append(toggle, label, mark, author, destroy);

    var edit = document.createElement('input');
    edit.className = 'edit';
    if (titleMaxLength !== null) {
      edit.maxLength = titleMaxLength;
    }
    edit.dir = 'auto';
    var note = document.createElement('p');
    note.className = 'item-error';
    note.setAttribute('role', 'alert');
    note.hidden = true;
    li.append(view, edit, note);

    toggle.addEventListener('change', function () {
      act({ type: 'complete', id: todo.id, completed: toggle.checked });
    });
    destroy.addEventListener('click', function () {
      act({ type: 'delete', id: todo.id });
    });
    label.addEventListener('dblclick', function () { startEditing(li); });
    label.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === 'F2') {
        e.preventDefault();
        startEditing(li);
      } else if (e.key === 'Delete') {
        e.preventDefault();
        act({ type: 'delete', id: todo.id });
      }
    });
    edit.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        finishEditing(li, true);
      } else if (e.key === 'Escape') {
        finishEditing(li, false);
      }
    });
    edit.addEventListener('blur', function () { finishEditing(li, true); });

    items.set(todo.id, li);
    fillItem(li, todo);
    return li;
  }

  function fillItem(li, todo) {
    li.classList.toggle('completed', todo.completed);
    var toggle = li.querySelector('.toggle');
    toggle.checked = todo.completed;
    toggle.setAttribute('aria-label', (todo.completed ? 'Reopen ' : 'Complete ') + todo.title);
    li.querySelector('.title').textContent = todo.title;
    li.querySelector('.destroy').setAttribute('aria-label', 'Delete ' + todo.title);
    li.querySelector('.edit').setAttribute('aria-label', 'Edit ' + todo.title);
    // Only servers that require a login send authors: then each todo shows who changed it last.
    var author = li.querySelector('.author');
    author.textContent = todo.author || '';
    author.title = todo.author ? 'last changed by ' + todo.author : '';
  }

  function startEditing(li) {
    var todo = shown.get(li.getAttribute('data-id'));
    if (!todo) {
      return;
    }
    li.classList.add('editing');
    li.setAttribute('data-version', todo.version);
    var edit = li.querySelector('.edit');
    edit.value = todo.title;
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
  }

  function finishEditing(li, save) {
    if (!li.classList.contains('editing')) {
      return;
    }
    li.classList.remove('editing');
    var id = li.getAttribute('data-id');
    var todo = shown.get(id);
    var title = li.querySelector('.edit').value.trim();
    li.querySelector('.title').focus();
    if (!save || !todo || title === todo.title) {
      return;
    }
    if (title === '') {
      act({ type: 'delete', id: id });
    } else {
      // The version we started from: if someone else changed the todo meanwhile, the server says "conflict". A
      // todo the server has not seen yet has none, and nobody else can have changed it.
      var rename = { type: 'rename', id: id, title: title };
      var version = Number(li.getAttribute('data-version'));
      if (version > 0) {
        rename.version = version;
      }
      act(rename);
    }
  }

  function renderCounts() {
    var total = shown.size;
    var completed = 0;
    shown.forEach(function (todo) { if (todo.completed) { completed++; } });
    var active = total - completed;
    // Controls about to be hidden would drop the focus to the page: it goes to the first todo, else the field.
    var focused = document.activeElement;
    var losing = (completed === 0 && focused === el.clearCompleted)
      || (total === 0 && (el.main.contains(focused) || el.footer.contains(focused)));
    el.main.hidden = total === 0;
    el.footer.hidden = total === 0;
    el.toggleAll.checked = total > 0 && active === 0;
    el.count.textContent = active + (active === 1 ? ' item left' : ' items left');
    el.clearCompleted.hidden = completed === 0;
    if (losing) {
      firstShownTitle().focus();
    }
  }

  function setPresence(count) {
    if (typeof count === 'number') {
      el.presence.textContent = count + (count === 1 ? ' person here' : ' people here');
    }
  }

  function showError(text) {
    showFor(el.error, text);
  }

  // Shows a message for six seconds; a newer one in the same place starts the six seconds again.
  function showFor(element, text) {
    element.textContent = text;
    element.hidden = false;
    window.clearTimeout(hideTimers.get(element));
    hideTimers.set(element, window.setTimeout(function () {
      element.hidden = true;
      hideTimers.delete(element);
    }, 6000));
  }

  // ---- filters: kept in the URL hash, applied by CSS so that switching costs nothing ----

  function applyFilter() {
    var filter = (window.location.hash.replace(/^#\/?/, '') || 'all');
    if (['all', 'active', 'completed'].indexOf(filter) < 0) {
      filter = 'all';
    }
    el.list.setAttribute('data-filter', filter);
    document.querySelectorAll('.filters a').forEach(function (a) {
      var selected = a.getAttribute('data-filter') === filter;
      a.classList.toggle('selected', selected);
      if (selected) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
  }

  // ---- user actions ----

  el.newTodo.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      el.newTodo.value = '';
    }
  });

  el.newForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var title = el.newTodo.value.trim();
    if (title !== '') {
      // The page makes the id, so that the todo can be shown, completed or renamed before the server answers.
      act({ type: 'add', id: window.LiveTodo.randomId(16), title: title });
      el.newTodo.value = '';
    }
  });

  el.toggleAll.addEventListener('change', function () {
    act({ type: 'complete-all', completed: el.toggleAll.checked });
  });

  el.clearCompleted.addEventListener('click', function () {
    act({ type: 'clear-completed' });
  });

  // ---- undo and redo: the user's own changes only ----

  function renderHistory() {
    [[el.undo, undoHistory.nextUndo(), 'Undo'], [el.redo, undoHistory.nextRedo(), 'Redo']].forEach(function (button) {
      button[0].disabled = button[1] === null;
      button[0].title = button[1] === null ? 'Nothing to ' + button[2].toLowerCase() : button[2] + ' ' + button[1];
    });
  }

  el.undo.addEventListener('click', function () { undoHistory.undo(shown); });
  el.redo.addEventListener('click', function () { undoHistory.redo(shown); });

  // Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes; in a text field they stay the field's own.
  document.addEventListener('keydown', function (e) {
    var key = e.key.toLowerCase();
    if (!(e.ctrlKey || e.metaKey) || e.altKey || (key !== 'z' && key !== 'y')
        || (e.target.tagName === 'INPUT' && e.target.type !== 'checkbox')) {
      return;
    }
    e.preventDefault();
    if (key === 'y' || e.shiftKey) {
      undoHistory.redo(shown);
    } else {
      undoHistory.undo(shown);
    }
  });

  function openList(name) {
    var params = new URLSearchParams(window.location.search);
    params.set('list', name);
    window.location.search = params.toString();
  }

  el.listForm.addEventListener('submit', function (e) {
    e.preventDefault();
    openList(el.listName.value.trim() || 'default');
  });

  // With login off a list's name is its key: 128 random bits (32 hex digits) cannot be guessed or enumerated.
  el.newPrivate.addEventListener('click', function () {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    openList(Array.from(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join(''));
  });

  window.addEventListener('hashchange', applyFilter);

  el.listName.value = listName;
  if (listName !== 'default') {
    el.shareLink.href = window.location.pathname + '?list=' + encodeURIComponent(listName);
    el.shareLink.hidden = false;
  }
  document.title = (listName === 'default' ? '' : listName + ' · ') + 'Live Todo';
  applyFilter();
  renderHistory();
  restoreState();
  render(); // the list as last seen, with what was waiting, at once: before the server answers, or if it cannot
  connect();
  // Opens offline next time. Service workers exist only on https:// and on localhost; elsewhere the page works
  // as before, online.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch(function () { /* online only */ });
  }
})();
