/* The one place where progress and answers are kept: done steps, answers per step, intake answers.
   Kept in localStorage (one key per role, per learner when signed in); with a tracker, statements.js
   turns its events into xAPI statements and sync.js merges the tracker's progress back in (merge()).
   Pages talk to it only through these functions and events. */
(function () {
  "use strict";
  var role = window.leerpad.role;
  var session = window.leerpad.session;  // identity.js: signed in -> one store per learner

  function key() {
    var learner = session && session.learner();
    return "leerpad:" + role + (learner ? ":" + learner : "") + ":v1";
  }
  var memory = {};  // key -> state, used when localStorage is unavailable (private mode, blocked storage)
  var listeners = {};

  function empty() { return { done: {}, answers: {}, intake: {} }; }

  function read() {
    var k = key();
    if (memory[k]) return memory[k];
    try {
      var raw = window.localStorage.getItem(k);
      var state = raw ? JSON.parse(raw) : empty();
      state.done = state.done || {};
      state.answers = state.answers || {};
      state.intake = state.intake || {};
      return state;
    } catch (e) {
      memory[k] = empty();
      return memory[k];
    }
  }

  function write(state) {
    var k = key();
    if (memory[k]) { memory[k] = state; return; }
    try {
      window.localStorage.setItem(k, JSON.stringify(state));
    } catch (e) {
      memory[k] = state;
    }
  }

  /** Call every listener of `type` with `detail`; also dispatch `leerpad:<type>` on document. */
  function emit(type, detail) {
    (listeners[type] || []).slice().forEach(function (fn) {
      try { fn(detail); } catch (e) { if (window.console) console.error(e); }
    });
    document.dispatchEvent(new CustomEvent("leerpad:" + type, { detail: detail }));
  }

  /** Subscribe to "done", "answer", "intake", "shown" or "sync"; returns a function that unsubscribes. */
  function on(type, fn) {
    (listeners[type] = listeners[type] || []).push(fn);
    return function () {
      listeners[type] = (listeners[type] || []).filter(function (f) { return f !== fn; });
    };
  }

  function isDone(stepId) { return Object.prototype.hasOwnProperty.call(read().done, stepId); }

  /** When the step was marked done (ISO string), or null. */
  function doneAt(stepId) { return isDone(stepId) ? read().done[stepId] : null; }

  function setDone(stepId, done) {
    var state = read();
    var wasDone = Object.prototype.hasOwnProperty.call(state.done, stepId);
    if (done === false) {
      if (!wasDone) return;
      delete state.done[stepId];
    } else {
      state.done[stepId] = new Date().toISOString();
    }
    write(state);
    emit("done", { role: role, stepId: stepId, done: done !== false, at: state.done[stepId] || null });
  }

  function doneSteps() { return Object.keys(read().done); }

  function getAnswer(stepId, key) {
    var answers = read().answers[stepId] || {};
    return Object.prototype.hasOwnProperty.call(answers, key) ? answers[key] : null;
  }

  function getAnswers(stepId) { return Object.assign({}, read().answers[stepId] || {}); }

  /** Keep one answer: key "check:<questionId>" ({chosen, correct}), "reflection:<n>", "preparation:<n>". */
  function setAnswer(stepId, key, value) {
    var state = read();
    state.answers[stepId] = state.answers[stepId] || {};
    state.answers[stepId][key] = value;
    write(state);
    emit("answer", { role: role, stepId: stepId, key: key, value: value });
  }

  function getIntake() { return Object.assign({}, read().intake); }

  /** Whether the learner lets the coach read the intake answers (no until they say so). */
  function getConsent() { return read().intakeConsent === true; }

  /** Keep the intake answers: {questionId: optionIndex}; `consent` (a boolean, optional): may the coach read them. */
  function setIntake(answers, consent) {
    var state = read();
    state.intake = Object.assign({}, answers);
    if (typeof consent === "boolean") state.intakeConsent = consent;
    write(state);
    emit("intake", { role: role, answers: state.intake, consent: state.intakeConsent === true });
  }

  /** Steps the learner put back on the overview after the intake hid them: {stepId: true} (statements.js keeps
      them in the tracker's intake State document, so they follow the learner to another device). */
  function getShown() { return Object.assign({}, read().shown || {}); }

  function showStep(stepId) {
    var state = read();
    state.shown = Object.assign({}, state.shown || {});
    state.shown[stepId] = true;
    write(state);
    emit("shown", { role: role, stepId: stepId });
  }

  /** Apply update(state) from the tracker (sync.js) and tell the pages ("sync"). */
  function merge(update) {
    var state = read();
    update(state);
    write(state);
    emit("sync", { role: role });
  }

  window.leerpad.progress = {
    role: role,
    isDone: isDone,
    doneAt: doneAt,
    done: function (stepId) { setDone(stepId, true); },
    setDone: setDone,
    doneSteps: doneSteps,
    getAnswer: getAnswer,
    getAnswers: getAnswers,
    setAnswer: setAnswer,
    getIntake: getIntake,
    getConsent: getConsent,
    getShown: getShown,
    showStep: showStep,
    setIntake: setIntake,
    merge: merge,
    on: on
  };
})();
