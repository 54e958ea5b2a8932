/*
 * What the page shows: the list as the server last said it is, with the changes still waiting for an answer applied
 * on top, in order. Run again whenever either side moves, so a change made offline sits on whatever others did
 * meanwhile, and one the server refused simply drops out.
 */
(function () {
  'use strict';

  /**
   * @param confirmed Map id -> todo, the server's list in its order (not changed)
   * @param entries   pending mutations in order: { message: { type, id, title, completed } }
   * @return { todos: Map id -> todo in display order, pending: Set of ids a waiting change touches }
   */
  function rebase(confirmed, entries) {
    if (entries.length === 0) {
      return { todos: confirmed, pending: new Set() };
    }
    var todos = new Map(confirmed);
    var pending = new Set();
    function change(id, fields) {
      var todo = todos.get(id);
      if (todo) {
        todos.set(id, Object.assign({}, todo, fields));
        pending.add(id);
      }
    }
    entries.forEach(function (entry) {
      var m = entry.message;
      switch (m.type) {
        case 'add':
        case 'restore':
          if (!todos.has(m.id)) {
            todos.set(m.id, { id: m.id, title: m.title, completed: m.type === 'restore' && !!m.completed, version: 0 });
            pending.add(m.id);
          }
          break;
        case 'complete':
          change(m.id, { completed: m.completed !== false });
          break;
        case 'complete-all':
          todos.forEach(function (todo, id) {
            if (todo.completed !== (m.completed !== false)) {
              change(id, { completed: m.completed !== false });
            }
          });
          break;
        case 'rename':
          change(m.id, { title: m.title });
          break;
        case 'delete':
          todos.delete(m.id);
          break;
        case 'clear-completed':
          todos.forEach(function (todo, id) {
            if (todo.completed) {
              todos.delete(id);
            }
          });
          break;
        default:
          break;
      }
    });
    return { todos: todos, pending: pending };
  }

  window.LiveTodo = window.LiveTodo || {};
  window.LiveTodo.rebase = rebase;
})();
