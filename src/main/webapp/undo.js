/*
 * Undo and redo of the user's own changes. Each step is worked out when the user acts, from what the page shows
 * then: the messages that take it back (a delete is undone by restoring the todo with its id, title and state) and
 * what the todos must still look like for that to be right. If someone else has changed one of them since, the
 * step is not undone: the page says so instead of overwriting their change.
 */
(function () {
  'use strict';

  function quote(title) {
    return '\u2018' + title + '\u2019';
  }

  /**
   * The undo step of a change about to be made to {@code shown} (Map id -> todo); null for one that changes nothing.
   * A step: { label, forward: [messages], backward: [messages], after: [expectations], before: [expectations] },
   * an expectation being { id, title?, completed?, absent? }.
   */
  function stepFor(message, shown) {
    var todo = message.id ? shown.get(message.id) : null;
    switch (message.type) {
      case 'add':
        return {
          label: 'add ' + quote(message.title),
          forward: [message],
          backward: [{ type: 'delete', id: message.id }],
          after: [{ id: message.id, title: message.title, completed: false }],
          before: [{ id: message.id, absent: true }]
        };
      case 'complete':
        if (!todo || todo.completed === message.completed) {
          return null;
        }
        return {
          label: (message.completed ? 'complete ' : 'reopen ') + quote(todo.title),
          forward: [message],
          backward: [{ type: 'complete', id: todo.id, completed: !message.completed }],
          after: [{ id: todo.id, completed: message.completed }],
          before: [{ id: todo.id, completed: !message.completed }]
        };
      case 'rename':
        if (!todo || todo.title === message.title) {
          return null;
        }
        return {
          label: 'rename ' + quote(todo.title),
          forward: [{ type: 'rename', id: todo.id, title: message.title }],
          backward: [{ type: 'rename', id: todo.id, title: todo.title }],
          after: [{ id: todo.id, title: message.title }],
          before: [{ id: todo.id, title: todo.title }]
        };
      case 'delete':
        if (!todo) {
          return null;
        }
        return {
          label: 'delete ' + quote(todo.title),
          forward: [message],
          backward: [{ type: 'restore', id: todo.id, title: todo.title, completed: todo.completed }],
          after: [{ id: todo.id, absent: true }],
          before: [{ id: todo.id, title: todo.title, completed: todo.completed }]
        };
      case 'complete-all':
      case 'clear-completed':
        return several(message, shown);
      default:
        return null;
    }
  }

  // "Complete all" and "clear completed" touch many todos at once; their undo takes each one back.
  function several(message, shown) {
    var clearing = message.type === 'clear-completed';
    var touched = [];
    shown.forEach(function (todo) {
      if (clearing ? todo.completed : todo.completed !== message.completed) {
        touched.push(todo);
      }
    });
    if (touched.length === 0) {
      return null;
    }
    return {
      label: clearing ? 'clear ' + touched.length + ' completed' : (message.completed ? 'complete all' : 'reopen all'),
      forward: [message],
      backward: touched.map(function (todo) {
        return clearing ? { type: 'restore', id: todo.id, title: todo.title, completed: true }
          : { type: 'complete', id: todo.id, completed: todo.completed };
      }),
      after: touched.map(function (todo) {
        return clearing ? { id: todo.id, absent: true } : { id: todo.id, completed: message.completed };
      }),
      before: touched.map(function (todo) {
        return { id: todo.id, title: todo.title, completed: todo.completed };
      })
    };
  }

  /** The first expectation {@code shown} no longer meets, with the todo as it is now; null if all hold. */
  function broken(expectations, shown) {
    for (var i = 0; i < expectations.length; i++) {
      var e = expectations[i];
      var todo = shown.get(e.id);
      var holds = e.absent ? !todo
        : !!todo && (e.title === undefined || todo.title === e.title)
          && (e.completed === undefined || todo.completed === e.completed);
      if (!holds) {
        return { expected: e, now: todo };
      }
    }
    return null;
  }

  /**
   * The user's history. {@code apply(message)} makes a change; {@code notify(text)} tells the user why a step was
   * not taken; {@code changed()} is called whenever what can be undone or redone changes.
   */
  function createHistory(apply, notify, changed) {
    var done = [];
    var undone = [];

    // Moves the last step of {@code from} to {@code to}, making its messages, if {@code shown} (Map id -> todo) is
    // still as the step expects: as it left it (undo), or as its undo left it (redo).
    function move(from, to, shown, redoing) {
      var step = from.pop();
      if (!step) {
        return;
      }
      var conflict = broken(redoing ? step.before : step.after, shown);
      if (conflict) {
        var title = conflict.now ? conflict.now.title : (conflict.expected.title || 'a todo');
        notify('Not ' + (redoing ? 'redone' : 'undone') + ': someone else changed ' + quote(title)
          + ' since. Nothing was overwritten.');
      } else {
        (redoing ? step.forward : step.backward).forEach(function (message) { apply(Object.assign({}, message)); });
        to.push(step);
      }
      changed();
    }

    return {
      /** Records the step of a change the user is about to make. */
      record: function (step) {
        if (step) {
          done.push(step);
          undone = [];
          changed();
        }
      },
      /** Takes back the last step, if what the page shows is still as that step left it. */
      undo: function (shown) {
        move(done, undone, shown, false);
      },
      /** Makes the last undone step again, if what the page shows is still as its undo left it. */
      redo: function (shown) {
        move(undone, done, shown, true);
      },
      nextUndo: function () {
        return done.length > 0 ? done[done.length - 1].label : null;
      },
      nextRedo: function () {
        return undone.length > 0 ? undone[undone.length - 1].label : null;
      }
    };
  }

  window.LiveTodo = window.LiveTodo || {};
  window.LiveTodo.undoStepFor = stepFor;
  window.LiveTodo.createHistory = createHistory;
})();
