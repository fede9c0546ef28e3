// The routine player: /routine/<name>. Fetches the routine as planned for this user
// (GET /api/play/<name>), plays it with an animated figure, a countdown ring, sounds and spoken
// cues, and posts what was done (POST /api/play/<name>/outcome).
//
// Timing is the core's: Session below is a port of loosen/core/session.py (position = the
// instant it last changed + the time since, so it never drifts), the figure's pose is pose.js's
// poseAt(). The frame loop only sets attributes on a fixed set of elements; text changes only
// when what it shows changes.

import { tr, ntr, ptr, formatNumber } from "./i18n.js";
import { ApiError, api, post } from "./api.js";
import { Figure, loadPoses } from "./figure.js";
import { hms } from "./format.js";
import { newPose, poseAt } from "./pose.js";

const $ = (id) => document.getElementById(id);
const BACK_RESTART_GRACE = 2;
const EMPTY = Object.freeze([]);
const RING = 2 * Math.PI * 52;
const name = decodeURIComponent(window.location.pathname.split("/").filter(Boolean).pop() || "");
const apiPath = `/api/play/${encodeURIComponent(name)}`;

// -- the session: a port of loosen.core.session.Session -----------------------------------------
class Session {
  constructor(steps, now) {
    this.steps = steps;
    this.total = steps.length ? steps[steps.length - 1].start + steps[steps.length - 1].duration : 0;
    this.starts = Float64Array.from(steps, (s) => s.start);
    this.startedAt = now;
    this.anchorT = now;
    this.anchorPos = 0;
    this.lastPos = 0;
    this.paused = false;
    this.pausedTotal = 0;
    this.pausedSince = null;
    this.status = steps.map(() => "pending");
    this.spent = new Float64Array(steps.length);
    this.current = 0;
    this.events = [{ step: steps[0], previous: null, by: "start" }];
  }

  position(now) {
    if (this.paused) return this.anchorPos;
    return Math.min(this.total, this.anchorPos + Math.max(0, now - this.anchorT));
  }

  finished(now) {
    return this.position(now) >= this.total;
  }

  pausedSeconds(now) {
    return this.pausedTotal + (this.pausedSince !== null ? now - this.pausedSince : 0);
  }

  /** The index of the step on screen at a position (a step owns [start, end)). */
  indexAt(pos) {
    if (pos >= this.total) return this.steps.length - 1;
    let lo = 0;
    let hi = this.starts.length; // bisect_right(starts, pos) - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pos < this.starts[mid]) hi = mid;
      else lo = mid + 1;
    }
    return Math.max(0, lo - 1);
  }

  poll(now) {
    this.advance(now);
    if (!this.events.length) return EMPTY;
    const events = this.events;
    this.events = [];
    return events;
  }

  advance(now) {
    const pos = this.position(now);
    if (pos <= this.lastPos) return;
    const steps = this.steps;
    let i = this.current;
    let p = this.lastPos;
    while (i < steps.length && p < pos) {
      const step = steps[i];
      const end = step.start + step.duration;
      const upto = Math.min(pos, end);
      this.spent[i] += Math.max(0, upto - p);
      p = upto;
      if (p >= end) {
        if (this.status[i] === "pending") this.status[i] = "done";
        if (i + 1 < steps.length) {
          this.events.push({ step: steps[i + 1], previous: step, by: "time" });
          i += 1;
        } else {
          break;
        }
      }
    }
    this.current = i;
    this.lastPos = pos;
  }

  pause(now) {
    if (this.paused) return;
    this.advance(now);
    this.anchorPos = this.position(now);
    this.anchorT = now;
    this.paused = true;
    this.pausedSince = now;
  }

  resume(now) {
    if (!this.paused) return;
    this.paused = false;
    if (this.pausedSince !== null) this.pausedTotal += now - this.pausedSince;
    this.pausedSince = null;
    this.anchorT = now;
  }

  jump(now, index, by) {
    const previous = this.steps[this.current];
    const target = this.steps[index];
    this.anchorPos = target.start;
    this.anchorT = now;
    this.lastPos = target.start;
    this.current = index;
    this.events.push({ step: target, previous, by });
  }

  skip(now) {
    this.advance(now);
    if (this.finished(now)) return;
    const i = this.current;
    if (this.status[i] === "pending") this.status[i] = "skipped";
    if (i + 1 < this.steps.length) {
      this.jump(now, i + 1, "skip");
    } else {
      this.anchorPos = this.total;
      this.anchorT = now;
      this.lastPos = this.total;
    }
  }

  back(now) {
    this.advance(now);
    const i = this.current;
    const into = this.position(now) - this.steps[i].start;
    let target = i;
    if (!(this.finished(now) || into > BACK_RESTART_GRACE || i === 0)) {
      target = i - 1;
      while (target > 0 && this.steps[target].kind !== "move") target -= 1;
    }
    for (let j = target; j < this.status.length; j++) this.status[j] = "pending";
    this.jump(now, target, "back");
  }

  /** Every move step with what became of it (gaps are left out). */
  outcomes(now) {
    this.advance(now);
    const out = [];
    this.steps.forEach((step, i) => {
      if (step.kind !== "move") return;
      const status = this.status[i] === "pending" ? "not-reached" : this.status[i];
      out.push({ step, status, spent: this.spent[i] });
    });
    return out;
  }
}

// -- state ---------------------------------------------------------------------------------------
let plan = null; // GET /api/play/<name>
let keyframes = null;
let session = null;
let figure = null;
let ended = false;
let raf = 0;
let boundaryTimer = 0;
const pose = newPose();
const anims = new Map();
const motionQuery = window.matchMedia("(prefers-reduced-motion: reduce)");
let stillOnly = motionQuery.matches;

// what is on screen, to touch the DOM only when it changes
const shown = { index: -1, secs: -1, left: -1, permille: -1, rep: -1, ring: -1 };

const store = {
  get(key, fallback) {
    try {
      const v = window.localStorage.getItem(key);
      return v === null ? fallback : v === "1";
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value ? "1" : "0");
    } catch {
      // private mode: the toggle still works for this page
    }
  },
};

const nowS = () => performance.now() / 1000;
const playing = () => session !== null && !ended && !session.paused;
const moveOf = (step) => plan.moves[step.move];
const sideText = (side) => (side === "left" ? tr("Left side") : side === "right" ? tr("Right side") : "");
const sideWord = (side) => (side === "left" ? tr("left side") : tr("right side"));

function animFor(moveId) {
  let anim = anims.get(moveId);
  if (!anim) {
    const spec = plan.moves[moveId].animation;
    const frames = spec.keyframes.map((k) => keyframes.get(k));
    // the still pose (reduced motion): the hold keyframe, or a cycle's working keyframe
    const still = spec.style === "cycle" ? frames[Math.min(1, frames.length - 1)] : frames[frames.length - 1];
    anim = { frames, style: spec.style, period: spec.period, still };
    anims.set(moveId, anim);
  }
  return anim;
}

// -- sound, voice, screen --------------------------------------------------------------------------
let audio = null;
function audioContext() {
  const AC = window.AudioContext || window.webkitAudioContext;
  if (!AC) return null;
  if (!audio) audio = new AC();
  if (audio.state === "suspended") audio.resume().catch(() => {});
  return audio;
}

const CHIMES = {
  switch: [659.25, 880],
  next: [523.25, 659.25, 783.99],
  done: [523.25, 659.25, 783.99, 1046.5],
};

function chime(kind) {
  if (!$("sound").checked) return;
  const ctx = audioContext();
  if (!ctx) return;
  const t0 = ctx.currentTime + 0.03;
  CHIMES[kind].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t = t0 + i * 0.17;
    osc.type = "sine";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.22, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.1);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 1.2);
  });
}

function say(text) {
  if (!$("voice").checked || !("speechSynthesis" in window)) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = document.documentElement.lang || "en";
  u.rate = 0.95;
  window.speechSynthesis.speak(u);
}

let wakeLock = null;
async function keepAwake() {
  if (!("wakeLock" in navigator) || wakeLock || document.hidden) return;
  try {
    const lock = await navigator.wakeLock.request("screen");
    if (!playing()) {
      lock.release().catch(() => {});
      return;
    }
    wakeLock = lock;
    lock.addEventListener("release", () => { if (wakeLock === lock) wakeLock = null; });
  } catch {
    wakeLock = null; // refused (battery saver, no permission): the routine plays anyway
  }
}

function letSleep() {
  if (wakeLock) {
    wakeLock.release().catch(() => {});
    wakeLock = null;
  }
}

// -- drawing ---------------------------------------------------------------------------------------
function nextText(step) {
  const steps = session.steps;
  if (step.kind !== "move") {
    return step.side
      ? tr("Up next: %(name)s, %(side)s.", { name: moveOf(step).name, side: sideWord(step.side) })
      : tr("Up next: %(name)s.", { name: moveOf(step).name });
  }
  for (let i = step.index + 1; i < steps.length; i++) {
    const s = steps[i];
    if (s.kind !== "move") continue;
    if (s.move === step.move && s.side !== step.side) return tr("Next: %(side)s.", { side: sideWord(s.side) });
    return tr("Next: %(moveOf)s.", { moveOf: moveOf(s).name });
  }
  return tr("Next: the end. Nearly there.");
}

function stepNumber(step) {
  if (step.number) return step.number;
  const nextMove = session.steps.slice(step.index).find((s) => s.kind === "move");
  return nextMove ? nextMove.number : plan.routine.moves_count;
}

const PHASES = { hold: tr("Hold"), reps: tr("Repetitions"), timed: tr("Keep moving") };

function drawStill(step) {
  const anim = animFor(step.move);
  const mirrored = step.side === "left";
  if (stillOnly) {
    poseAt({ frames: [anim.still], style: "hold", period: 0 }, 0, 0, { mirrored, sway: false }, pose);
  } else {
    poseAt(anim, Math.max(step.duration, 1), 0, { mirrored, sway: false }, pose);
  }
  figure.draw(pose);
}

function showStep(step) {
  const move = moveOf(step);
  shown.index = step.index;
  shown.secs = -1;
  shown.rep = -1;
  shown.ring = -1;
  const side = sideText(step.side);
  $("side-label").hidden = !side;
  $("side-label").textContent = side;
  $("side-label").dataset.side = step.side || "";
  $("move-name").textContent = move.name;
  let phase;
  let cue;
  if (step.kind === "move") {
    phase = PHASES[move.kind] || tr("Move");
    cue = move.cue;
    $("count-label").textContent = tr("time left");
  } else if (step.kind === "switch") {
    phase = tr("Switch sides");
    cue = tr("Get ready for the %(side)s.", { side: sideWord(step.side) });
    $("count-label").textContent = tr("to switch");
  } else {
    phase = tr("Get ready");
    cue = move.steps[0] || move.cue;
    $("count-label").textContent = tr("to get ready");
  }
  $("phase").textContent = phase;
  $("play").dataset.kind = step.kind;
  $("cue").textContent = cue;
  $("next").textContent = nextText(step);
  $("reps").hidden = !(step.kind === "move" && step.reps);
  $("step-count").textContent = tr("Step %(stepNumber)s of %(moves_count)s", { stepNumber: stepNumber(step), moves_count: plan.routine.moves_count });
  figure.setProps(move.props, step.side === "left" ? -1 : 1);
  figure.svg.setAttribute("aria-label", step.side
    ? tr("%(phase)s: %(name)s, %(side)s.", { phase, name: move.name, side: sideWord(step.side) })
    : tr("%(phase)s: %(name)s.", { phase, name: move.name }));
  if (step.kind !== "move" || stillOnly) drawStill(step);
}

function render(now) {
  const pos = session.position(now);
  const step = session.steps[session.indexAt(pos)];
  if (step.index !== shown.index) {
    showStep(step);
    clearTimeout(boundaryTimer);
    // a hidden tab gets no animation frames: wake at the step's end for its cues
    if (!session.paused) {
      const ms = (step.start + step.duration - pos) * 1000 + 30;
      boundaryTimer = setTimeout(() => { if (document.hidden && playing()) update(); }, ms);
    }
  }
  const into = pos - step.start;
  const remaining = step.duration - into;
  const secs = Math.max(0, Math.ceil(remaining - 1e-9));
  if (secs !== shown.secs) {
    shown.secs = secs;
    $("count").textContent = hms(secs);
  }
  // the ring empties as the step goes by; in reduced motion, once a second
  const frac = step.duration > 0 ? Math.min(1, (stillOnly ? step.duration - secs : into) / step.duration) : 1;
  const ring = Math.round(RING * frac * 10) / 10;
  if (ring !== shown.ring) {
    shown.ring = ring;
    $("ring-bar").setAttribute("stroke-dashoffset", String(ring));
  }
  if (step.kind === "move" && step.reps) {
    const per = step.duration / step.reps;
    const rep = Math.min(step.reps, Math.floor(into / per) + 1);
    if (rep !== shown.rep) {
      shown.rep = rep;
      $("reps").textContent = tr("Rep %(rep)s of %(reps)s", { rep, reps: step.reps });
    }
  }
  const left = Math.max(0, Math.ceil(session.total - pos - 1e-9));
  if (left !== shown.left) {
    shown.left = left;
    $("time-left").textContent = tr("%(time)s left", { time: hms(left) });
  }
  const permille = Math.round((1000 * pos) / (session.total || 1));
  if (permille !== shown.permille) {
    const percent = Math.round(permille / 10);
    if (Math.round(shown.permille / 10) !== percent) $("progress").setAttribute("aria-valuenow", String(percent));
    shown.permille = permille;
    $("progress-fill").style.transform = `scaleX(${permille / 1000})`;
  }
  if (step.kind === "move" && !stillOnly) {
    poseAt(animFor(step.move), step.duration, into, { mirrored: step.side === "left", sway: true }, pose);
    figure.draw(pose);
  }
}

function announce(text) {
  $("live").textContent = text;
}

// What a screen reader hears as a step begins (a whole sentence for each side, so that each
// language can say it its own way)
function stepAnnouncement(step, move) {
  const said = { name: move.name, cue: move.cue };
  if (step.kind === "switch") {
    return step.side === "left"
      ? tr("Switch sides: %(name)s, left side next.", said)
      : tr("Switch sides: %(name)s, right side next.", said);
  }
  if (step.kind === "transition") {
    if (!step.side) return tr("Get ready: %(name)s next.", said);
    return step.side === "left"
      ? tr("Get ready: %(name)s, left side next.", said)
      : tr("Get ready: %(name)s, right side next.", said);
  }
  if (!step.side) return tr("%(name)s. %(cue)s", said);
  return step.side === "left" ? tr("%(name)s, left side. %(cue)s", said) : tr("%(name)s, right side. %(cue)s", said);
}

function entered(events) {
  // after a jump in time several steps may have gone by: cue only the one we are in now
  const { step, by } = events[events.length - 1];
  const move = moveOf(step);
  if (step.kind === "switch") {
    chime("switch");
    say(tr("Switch sides"));
  } else if (step.kind === "transition") {
    chime("next");
    say(tr("Next: %(name)s", { name: move.name }));
  } else if (by === "start") {
    say(step.side ? tr("%(name)s. %(side)s", { name: move.name, side: sideText(step.side) }) : move.name);
  }
  announce(stepAnnouncement(step, move));
}

/** Account for the time gone by and draw; false when the routine just ended. */
function update() {
  const now = nowS();
  const events = session.poll(now);
  if (events.length) entered(events);
  if (session.finished(now)) {
    finish("completed");
    return false;
  }
  render(now);
  return true;
}

function loop() {
  raf = 0;
  if (update() && !session.paused && !ended) raf = requestAnimationFrame(loop);
}

function run() {
  if (!raf && !ended) raf = requestAnimationFrame(loop);
}

function halt() {
  if (raf) cancelAnimationFrame(raf);
  raf = 0;
  clearTimeout(boundaryTimer);
}

// -- commands --------------------------------------------------------------------------------------
function setPaused(paused) {
  if (!session || ended || session.paused === paused) return;
  const now = nowS();
  if (paused) {
    session.pause(now);
    halt();
    update();
    letSleep();
    announce(tr("Paused."));
  } else {
    session.resume(now);
    shown.index = -1; // re-arms the step-end timer
    keepAwake();
    announce(tr("Going on."));
    update();
    run();
  }
  $("pause-text").textContent = paused ? tr("Resume") : tr("Pause");
  $("pause").setAttribute("aria-pressed", String(paused));
  $("pause-icon").toggleAttribute("hidden", paused); // SVG elements have no .hidden
  $("resume-icon").toggleAttribute("hidden", !paused);
  $("paused-badge").hidden = !paused;
  document.body.classList.toggle("is-paused", paused);
}

function togglePause() {
  if (session) setPaused(!session.paused);
}

function jump(kind) {
  if (!session || ended) return;
  const now = nowS();
  if (kind === "skip") session.skip(now);
  else session.back(now);
  shown.index = -1;
  if (update() && !session.paused) run();
}

let resumeAfterDialog = false;
function askLeave() {
  if (!session || ended) return;
  const dialog = $("leave-dialog");
  if (dialog.open) return;
  resumeAfterDialog = !session.paused;
  setPaused(true);
  dialog.showModal();
  $("leave-yes").focus();
}

function keepGoing() {
  const dialog = $("leave-dialog");
  if (dialog.open) dialog.close();
  if (resumeAfterDialog) setPaused(false);
  resumeAfterDialog = false;
  $("play-title").focus();
}

function start() {
  if (session || !plan) return;
  if ($("sound").checked) audioContext(); // inside the click: browsers allow sound from now on
  $("intro").hidden = true;
  $("play").hidden = false;
  document.title = tr("%(name)s · loosen", { name: plan.routine.name });
  session = new Session(plan.steps, nowS());
  keepAwake();
  update();
  run();
  $("play-title").focus();
}

// -- the outcome -----------------------------------------------------------------------------------
function outcomeBody(outcome, now) {
  const outcomes = session.outcomes(now);
  return {
    outcome,
    elapsed_seconds: Math.round((now - session.startedAt) * 1000) / 1000,
    steps: outcomes.map((o) => ({
      move: o.step.move,
      side: o.step.side,
      status: o.status,
      seconds: Math.round(o.spent * 1000) / 1000,
    })),
  };
}

// what became of a step of the routine (one step: "skipped" is a message of its own for it)
const STATUS_TEXT = { done: tr("done"), skipped: ptr("routine step", "skipped"), "not-reached": tr("not reached") };

function showDone(outcome, body, now) {
  const doneCount = body.steps.filter((s) => s.status === "done").length;
  const active = now - session.startedAt - session.pausedSeconds(now);
  $("play").hidden = true;
  $("done").hidden = false;
  $("done").dataset.outcome = outcome;
  // "Well done" only once the service says it counts as a break (core/credit.py): reaching
  // the end by skipping every step is not one
  $("done-title").textContent = outcome === "completed" ? tr("Routine complete") : tr("Routine ended");
  const said = { doneCount, length: body.steps.length, name: plan.routine.name, hms: hms(active) };
  $("done-line").textContent = outcome === "completed"
    ? ntr("You did %(doneCount)s of %(length)s step of %(name)s in %(hms)s.", "You did %(doneCount)s of %(length)s steps of %(name)s in %(hms)s.", said.length, said)
    : ntr("You did %(doneCount)s of %(length)s step of %(name)s before ending it.", "You did %(doneCount)s of %(length)s steps of %(name)s before ending it.", said.length, said);
  const list = $("done-list");
  list.replaceChildren();
  for (const s of body.steps) {
    const li = document.createElement("li");
    li.className = `st-${s.status}`;
    const what = document.createElement("span");
    what.className = "what";
    const moveName = plan.moves[s.move].name;
    what.textContent = !s.side ? moveName
      : s.side === "left" ? tr("%(name)s · left side", { name: moveName }) : tr("%(name)s · right side", { name: moveName });
    const how = document.createElement("span");
    how.className = "how";
    how.textContent = s.status === "done" ? hms(s.seconds) : STATUS_TEXT[s.status];
    li.append(what, how);
    list.append(li);
  }
  document.title = outcome === "completed" ? tr("Complete · loosen") : tr("Ended · loosen");
  $("done-title").focus();
}

async function save(body) {
  $("done-error").hidden = true;
  $("retry").hidden = true;
  try {
    const r = await post(`${apiPath}/outcome`, body);
    const line = $("done-break");
    line.hidden = false;
    if (r.break_counted) {
      line.textContent = tr("This counts as your break. Saved in your history.");
      $("done-title").textContent = tr("Well done");
      document.title = tr("Well done · loosen");
    } else line.textContent = r.message;
  } catch (err) {
    $("done-error").textContent = tr("%(message)s What you did was not saved yet.", { message: err.message });
    $("done-error").hidden = false;
    $("retry").hidden = false;
    $("retry").onclick = () => save(body);
  }
}

function finish(outcome) {
  if (ended || !session) return;
  const now = nowS();
  halt();
  ended = true;
  letSleep();
  const dialog = $("leave-dialog");
  if (dialog.open) dialog.close();
  const body = outcomeBody(outcome, now);
  if (outcome === "completed") {
    chime("done");
    say(tr("Routine complete."));
  }
  showDone(outcome, body, now);
  save(body);
}

// -- the start page --------------------------------------------------------------------------------
function dose(item) {
  const moveSteps = item.steps.filter((s) => s.kind === "move");
  const first = moveSteps[0];
  const sides = moveSteps.length > 1 ? tr(" each side") : "";
  if (first.reps) return ntr("%(n)s rep%(each)s", "%(n)s reps%(each)s", first.reps, { n: first.reps, each: sides });
  const d = first.duration;
  const t = d >= 60 && d % 60 === 0
    ? tr("%(minutes)s min", { minutes: formatNumber(d / 60) })
    : tr("%(seconds)s s", { seconds: formatNumber(Math.round(d)) });
  return `${t}${sides}`; // " each side" as in the messages above
}

function item(text, parent, tag = "li") {
  const el = document.createElement(tag);
  el.textContent = text;
  parent.append(el);
  return el;
}

async function showPlan() {
  const r = plan.routine;
  if (new URLSearchParams(window.location.search).get("break") === "1") {
    $("eyebrow").textContent = tr("Your break");
  }
  $("routine-title").textContent = r.name;
  $("play-title").textContent = r.name;
  document.title = tr("%(name)s · loosen", { name: r.name });
  $("routine-summary").textContent = r.summary;
  const facts = $("routine-facts");
  facts.replaceChildren();
  item(tr("About %(minutes)s min", { minutes: formatNumber(Math.max(1, Math.round(r.total / 60))) }), facts).className = "pill";
  item(ntr("%(n)s move", "%(n)s moves", r.items), facts).className = "pill";
  const where = { floor: tr("on the floor"), chair: tr("on a chair"), standing: tr("standing") };
  item(r.positions.map((p) => where[p] || p).join(", "), facts).className = "pill";
  if (r.profile === "older-adult") item(tr("Longer holds (older-adult profile)"), facts).className = "pill";

  const s = plan.safety;
  const lines = $("safety-lines");
  lines.replaceChildren();
  for (const line of s.lines) item(line, lines);
  const notes = $("routine-notes");
  notes.replaceChildren();
  for (const note of r.notes) item(tr("Adjusted for you: %(note)s", { note }), notes);
  notes.hidden = r.notes.length === 0;
  $("screening-hint").hidden = s.screening_answered;
  const cautions = $("cautions");
  cautions.replaceChildren();
  for (const c of s.cautions) {
    item(c.name, cautions, "dt");
    item(c.text, cautions, "dd");
  }
  $("disclaimer").textContent = s.disclaimer;
  $("safety").hidden = false;

  const byItem = new Map();
  for (const step of plan.steps) {
    if (!byItem.has(step.item)) byItem.set(step.item, { move: null, steps: [] });
    const entry = byItem.get(step.item);
    entry.steps.push(step);
    if (step.kind === "move") entry.move = step.move;
  }
  const list = $("routine-list");
  list.replaceChildren();
  for (const entry of byItem.values()) {
    const li = document.createElement("li");
    const n = document.createElement("span");
    n.className = "name";
    n.textContent = plan.moves[entry.move].name;
    const d = document.createElement("span");
    d.className = "dose";
    d.textContent = dose(entry);
    li.append(n, d);
    list.append(li);
  }
  $("plan").hidden = false;

  const sound = store.get("loosen.sound", plan.player.sound);
  const voice = store.get("loosen.voice", false);
  $("sound").checked = $("intro-sound").checked = sound;
  $("voice").checked = $("intro-voice").checked = voice;
  stillOnly = motionQuery.matches || !plan.player.animation;
}

async function load() {
  try {
    const [data, poses] = await Promise.all([api(apiPath), loadPoses()]);
    plan = data;
    keyframes = poses.keyframes;
  } catch (err) {
    const notFound = err instanceof ApiError && err.status === 404;
    $("routine-title").textContent = notFound ? tr("No such routine") : tr("The routine could not be loaded");
    $("load-error").textContent = err.message;
    $("load-error").hidden = false;
    $("intro").setAttribute("aria-busy", "false");
    return;
  }
  await showPlan();
  figure = new Figure({ label: tr("The stick figure") });
  $("figure").append(figure.svg);
  // the start page shows the first move as a still figure
  const first = plan.steps.find((s) => s.kind === "move");
  const preview = new Figure({ label: tr("The first move: %(value)s.", { value: plan.moves[first.move].name }) });
  const anim = animFor(first.move);
  preview.setProps(plan.moves[first.move].props, 1);
  poseAt({ frames: [anim.still], style: "hold", period: 0 }, 0, 0, { sway: false }, pose);
  preview.draw(pose);
  $("intro-figure").append(preview.svg);
  $("intro").setAttribute("aria-busy", "false");
  $("start").disabled = false;
  $("start").focus();
}

// -- wiring ----------------------------------------------------------------------------------------
$("start").addEventListener("click", start);
$("pause").addEventListener("click", togglePause);
$("skip").addEventListener("click", () => jump("skip"));
$("back").addEventListener("click", () => jump("back"));
$("leave").addEventListener("click", askLeave);
$("leave-yes").addEventListener("click", () => finish("quit"));
$("leave-no").addEventListener("click", keepGoing);
$("leave-dialog").addEventListener("cancel", (e) => {
  e.preventDefault(); // Esc in the dialog: keep going
  keepGoing();
});
$("again").addEventListener("click", () => { window.location.assign(window.location.pathname); });
// the same two settings on the start page (mute before a break in an open office) and in play
for (const [a, b] of [["sound", "intro-sound"], ["intro-sound", "sound"]]) {
  $(a).addEventListener("change", (e) => {
    $(b).checked = e.target.checked;
    store.set("loosen.sound", e.target.checked);
    if (e.target.checked) audioContext();
  });
}
for (const [a, b] of [["voice", "intro-voice"], ["intro-voice", "voice"]]) {
  $(a).addEventListener("change", (e) => {
    $(b).checked = e.target.checked;
    store.set("loosen.voice", e.target.checked);
    if (!e.target.checked && "speechSynthesis" in window) window.speechSynthesis.cancel();
  });
}

document.addEventListener("keydown", (e) => {
  if (!session || ended || $("leave-dialog").open) return;
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  const tag = t && t.tagName;
  const typing = (tag === "INPUT" && t.type !== "checkbox") || tag === "SELECT" || tag === "TEXTAREA";
  if (e.key === " " || e.key === "Spacebar") {
    // on a button or a link, Space presses it, as everywhere else
    if (typing || tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || tag === "INPUT") return;
    e.preventDefault();
    togglePause();
  } else if (e.key === "ArrowRight" && !typing) {
    e.preventDefault();
    jump("skip");
  } else if (e.key === "ArrowLeft" && !typing) {
    e.preventDefault();
    jump("back");
  } else if (e.key === "Escape") {
    e.preventDefault();
    askLeave();
  } else if (e.key === "!" && !typing) {
    // as `!` in the terminal player: what was done is saved on the way out (as "quit")
    e.preventDefault();
    window.location.assign($("feels-wrong").href);
  }
});
$("feels-wrong").href = `/checkin?routine=${encodeURIComponent(name)}`;

document.addEventListener("visibilitychange", () => {
  if (document.hidden || !playing()) return;
  keepAwake();
  update();
});

motionQuery.addEventListener("change", () => {
  stillOnly = motionQuery.matches || (plan !== null && !plan.player.animation);
  if (session && !ended) {
    shown.index = -1;
    update();
  }
});

// leaving the page mid-routine still saves what was done
window.addEventListener("pagehide", () => {
  if (!session || ended) return;
  ended = true;
  const body = outcomeBody("quit", nowS());
  fetch(`${apiPath}/outcome`, {
    method: "POST",
    keepalive: true,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => {});
});

load();
