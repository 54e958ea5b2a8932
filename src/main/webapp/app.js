/*
 * Live Todo page. Talks the JSON dialect of /todo: a snapshot on open, then one event per change.
 * Every text from the server goes through textContent (never innerHTML), and there are no inline scripts or
 * handlers, so the page runs under a strict Content-Security-Policy.
 */
(function () {
  'use strict';

  var SUBPROTOCOL = 'todo.v1+json';
  var MAX_BACKOFF_MS = 30000;
  var POLICY_VIOLATION = 1008; // the server refused this connection (invalid list, too many connections, ...)
  var GOING_AWAY = 1001;
  var DRAINED = 'reconnect now'; // in the reason of a node that stops on purpose: another node can take us at once
  var DRAINED_JITTER_MS = 300;   // so that a node's clients do not all knock at the same instant

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
    announcements: document.getElementById('announcements')
  };
  var announcer = window.LiveTodo.createAnnouncer(el.announcements);

  var listName = chosenList();
  var todos = new Map();   // id -> todo, in creation order
  var items = new Map();   // id -> <li>
  var epoch = null;
  var seq = 0;
  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var hideTimers = new Map(); // element -> timer that hides the message it shows
  var nextRef = 1;
  var pending = new Map();   // ref -> what the user did, until the server acks it or says why not
  var titleMaxLength = null; // the server's todo.title.max-length, from the snapshot

  // The server checks the name: an invalid one is refused with a message saying what a name may hold.
  function chosenList() {
    return new URLSearchParams(window.location.search).get('list') || 'default';
  }

  // The endpoint lives next to this page, whatever the context path: /todo, /livetodo/todo, ...
  function socketUrl() {
    var scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var base = window.location.pathname.replace(/[^/]*$/, '');
    var url = scheme + '//' + window.location.host + base + 'todo?list=' + encodeURIComponent(listName);
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
      ws = new WebSocket(socketUrl(), SUBPROTOCOL);
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

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showError('Not connected: your change was not sent. It can be sent again once the page is live.');
      return false;
    }
    message.ref = String(nextRef++);
    pending.set(message.ref, message);
    socket.send(JSON.stringify(message));
    return true;
  }

  // Changes in flight when the connection drops: their outcome is unknown; the snapshot or resume on reconnect
  // shows what the list holds.
  function forgetPending() {
    pending.clear();
    announcer.forgetHeld();
  }

  // The server answered one of our changes (ack or error): once none is unanswered, every event held back from the
  // announcements was somebody else's.
  function answered(ref) {
    pending.delete(ref);
    if (pending.size === 0) {
      announcer.settled();
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
        todos.clear();
        message.todos.forEach(function (todo) { todos.set(todo.id, todo); });
        seq = message.seq;
        renderAll();
        break;
      case 'resume':
        live(message);
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
        answered(message.ref);
        break;
      case 'error':
        refused(message);
        break;
      default:
        break; // anything newer than this page
    }
  }

  function live(message) {
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

  // A change the server did not make: its reason goes next to the todo it was about, or under the input.
  function refused(error) {
    var request = error.ref !== undefined ? pending.get(error.ref) : undefined;
    answered(error.ref);
    var li = request && request.id ? items.get(request.id) : null;
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
    var before = todos.get(todo.id);
    announcer.changed(event.seq, describe(event.type, before, todo), pending.size > 0);
    var li = items.get(todo.id);
    var refocus = li && li.contains(document.activeElement) ? neighbour(li) : null;
    if (event.type === 'deleted') {
      todos.delete(todo.id);
      if (li) {
        li.remove();
        items.delete(todo.id);
      }
    } else {
      todos.set(todo.id, todo);
      renderItem(todo);
    }
    renderCounts();
    // The focused todo went away (deleted, or hidden by the filter): focus moves to the next one, not to the page.
    if (refocus && (!li.isConnected || !isShown(li))) {
      refocus.focus();
    }
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

  function renderAll() {
    var focused = el.list.contains(document.activeElement) ? document.activeElement.closest('li') : null;
    var focusedId = focused ? focused.getAttribute('data-id') : null;
    items.forEach(function (li) { li.remove(); });
    items.clear();
    var fragment = document.createDocumentFragment();
    todos.forEach(function (todo) { fragment.appendChild(createItem(todo)); });
    el.list.appendChild(fragment);
    renderCounts();
    if (focused) {
      var again = items.get(focusedId);
      (again && isShown(again) ? again.querySelector('.title') : firstShownTitle()).focus();
    }
  }

  function renderItem(todo) {
    var li = items.get(todo.id);
    if (!li) {
      el.list.appendChild(createItem(todo));
      return;
    }
    fillItem(li, todo); // an open editor keeps the version it started from: a rename after this is a conflict
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
    var destroy = document.createElement('button');
    destroy.type = 'button';
    destroy.className = 'destroy';
    view.append(toggle, label, author, destroy);

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
      send({ type: 'complete', id: todo.id, completed: toggle.checked });
    });
    destroy.addEventListener('click', function () {
      send({ type: 'delete', id: todo.id });
    });
    label.addEventListener('dblclick', function () { startEditing(li); });
    label.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === 'F2') {
        e.preventDefault();
        startEditing(li);
      } else if (e.key === 'Delete') {
        e.preventDefault();
        send({ type: 'delete', id: todo.id });
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
    var todo = todos.get(li.getAttribute('data-id'));
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
    var todo = todos.get(id);
    var title = li.querySelector('.edit').value.trim();
    li.querySelector('.title').focus();
    if (!save || !todo || title === todo.title) {
      return;
    }
    if (title === '') {
      send({ type: 'delete', id: id });
    } else {
      // The version we started from: if someone else changed the todo meanwhile, the server says "conflict".
      send({ type: 'rename', id: id, title: title, version: Number(li.getAttribute('data-version')) });
    }
  }

  function renderCounts() {
    var total = todos.size;
    var completed = 0;
    todos.forEach(function (todo) { if (todo.completed) { completed++; } });
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
    if (title !== '' && send({ type: 'add', title: title })) {
      el.newTodo.value = '';
    }
  });

  el.toggleAll.addEventListener('change', function () {
    send({ type: 'complete-all', completed: el.toggleAll.checked });
  });

  el.clearCompleted.addEventListener('click', function () {
    send({ type: 'clear-completed' });
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
  renderCounts();
  connect();
})();
