// Today's timeline as an SVG strip: sitting bouts, breaks, meetings and pauses against the clock.

import { LOCALE, tr, ntr, ptr } from "./i18n.js";
const SVG = "http://www.w3.org/2000/svg";
const H = 74;
const TRACK_Y = 8;
const TRACK_H = 34;

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

const BREAK_KINDS = new Set(["break-started", "break-done", "natural-break", "moved"]);
// what kind of busy block (core/busy.py), in words
function kindName(kind) {
  switch (kind) {
    case "meeting": return tr("meeting");
    case "call": return tr("call");
    case "presentation": return tr("presentation");
    case "dnd": return tr("do not disturb");
    default: return kind;
  }
}

// The window shown: the working day stretched to what happened (07:00–19:00 at least).
function span(data) {
  const dayStart = new Date(data.day_start).getTime();
  const hour = 3600e3;
  let from = dayStart + 7 * hour;
  let to = dayStart + 19 * hour;
  const times = [data.now, ...data.bouts.flatMap((b) => [b.start, b.end]),
    ...meetings(data).flatMap((b) => [b.start, b.end]), ...data.events.map((e) => e.at)]
    .map((t) => new Date(t).getTime());
  for (const t of times) {
    from = Math.min(from, Math.floor((t - dayStart) / hour) * hour + dayStart);
    to = Math.max(to, Math.ceil((t - dayStart) / hour) * hour + dayStart);
  }
  return [from, Math.min(to, dayStart + 24 * hour)];
}

function describe(kind) {
  return {
    "break-started": tr("break started"),
    "break-done": tr("break done"),
    "natural-break": tr("got up by yourself"),
    moved: tr("moved"),
    paused: tr("paused"),
    resumed: tr("resumed"),
    snoozed: ptr("timeline event: a break", "snoozed"),
    skipped: ptr("timeline event: a break", "skipped"),
    prompted: tr("break offered"),
    "prerun-reminder": tr("warm-up reminder"),
  }[kind] || kind.replace(/-/g, " ");
}

export function drawTimeline(box, list, data) {
  // drawn at the box's own width, so the hour labels stay readable on a phone
  const W = Math.max(280, Math.round(box.clientWidth || 1000));
  const [from, to] = span(data);
  const hours = Math.round((to - from) / 3600e3);
  const every = [1, 2, 3, 4, 6].find((k) => (W / hours) * k >= 46) || 6;
  const x = (iso) => ((new Date(iso).getTime() - from) / (to - from)) * W;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, "aria-hidden": "true", focusable: "false" });
  el("rect", { class: "track", x: 0, y: TRACK_Y, width: W, height: TRACK_H, rx: 6 }, svg);
  const axis = el("g", { class: "axis" }, svg);
  for (let t = from, i = 0; t <= to; t += 3600e3, i += 1) {
    const xi = ((t - from) / (to - from)) * W;
    el("line", { x1: xi, x2: xi, y1: TRACK_Y + TRACK_H, y2: TRACK_Y + TRACK_H + (i % every ? 3 : 6) }, axis);
    if (i % every) continue;
    const anchor = xi < 20 ? "start" : xi > W - 20 ? "end" : "middle";
    const label = el("text", { x: xi, y: H - 6, "text-anchor": anchor }, axis);
    label.textContent = new Date(t).toLocaleTimeString(LOCALE, { hour: "2-digit", minute: "2-digit" });
  }
  const busy = meetings(data);
  for (const b of busy) {
    el("rect", { class: "busy", x: x(b.start), y: TRACK_Y, width: Math.max(1, x(b.end) - x(b.start)), height: 8, rx: 2 }, svg);
  }
  for (const b of data.bouts) {
    el("rect", { class: "sit", x: x(b.start), y: TRACK_Y + 10, width: Math.max(1.5, x(b.end) - x(b.start)), height: TRACK_H - 10, rx: 3 }, svg);
  }
  // pauses: from "paused" to the next "resumed" (or its end, or now)
  let pausedAt = null;
  let pausedUntil = null;
  const pauses = [];
  for (const e of data.events) {
    if (e.kind === "paused") {
      pausedAt = e.at;
      pausedUntil = e.data && e.data.until;
    } else if (e.kind === "resumed" && pausedAt) {
      pauses.push([pausedAt, e.at]);
      pausedAt = null;
    }
  }
  if (pausedAt) {
    const end = pausedUntil && new Date(pausedUntil) < new Date(data.now) ? pausedUntil : data.now;
    pauses.push([pausedAt, end]);
  }
  for (const [a, b] of pauses) {
    el("rect", { class: "pause", x: x(a), y: TRACK_Y + 10, width: Math.max(1, x(b) - x(a)), height: TRACK_H - 10 }, svg);
  }
  for (const e of data.events) {
    if (e.kind === "natural-break" && e.data && e.data.start) {
      el("rect", { class: "move", x: x(e.data.start), y: TRACK_Y + 10, width: Math.max(3, x(e.at) - x(e.data.start)), height: TRACK_H - 10, rx: 2 }, svg);
    } else if (BREAK_KINDS.has(e.kind)) {
      el("rect", { class: "move", x: x(e.at) - 2, y: TRACK_Y + 4, width: 4, height: TRACK_H - 2, rx: 2 }, svg);
    } else if (e.kind === "deferred") {
      const xd = x(e.at);
      el("path", { class: "deferred", d: `M${xd - 5} ${TRACK_Y + TRACK_H + 1} l5 -7 l5 7 z` }, svg);
    }
  }
  const xn = x(data.now);
  el("line", { class: "now", x1: xn, x2: xn, y1: TRACK_Y - 4, y2: TRACK_Y + TRACK_H + 4 }, svg);
  box.replaceChildren(svg);

  // the same for screen readers
  const items = [];
  for (const b of data.bouts) {
    const mins = Math.round((new Date(b.end) - new Date(b.start)) / 60e3);
    const until = b.open ? tr("now") : fmt(b.end);
    items.push([b.start, tr("Sat from %(fmt)s to %(value)s (%(mins)s min)", { fmt: fmt(b.start), value: until, mins })]);
  }
  for (const b of busy) {
    const title = b.title || tr("Busy");
    items.push([b.start, tr("%(value)s (%(kind)s) from %(fmt)s to %(fmt2)s", { value: title, kind: kindName(b.kind), fmt: fmt(b.start), fmt2: fmt(b.end) })]);
  }
  for (const e of data.events) {
    if (e.kind === "busy") continue;
    if (e.kind === "deferred" && e.data) {
      const why = e.data.title ? `“${e.data.title}”` : (e.data.kind ? kindName(e.data.kind) : tr("a meeting"));
      const p = { fmt: fmt(e.at), fmt2: fmt(e.data.due), why, fmt3: fmt(e.data.to) };
      const how = e.data.how;
      items.push([e.at, how === "before"
        ? tr("%(fmt)s: the break due at %(fmt2)s was moved before %(why)s, to %(fmt3)s", p)
        : how === "after"
          ? tr("%(fmt)s: the break due at %(fmt2)s was moved after %(why)s, to %(fmt3)s", p)
          : how === "ceiling"
            ? tr("%(fmt)s: the break due at %(fmt2)s waited in %(why)s until %(fmt3)s", p)
            : tr("%(fmt)s: the break due at %(fmt2)s was moved because of %(why)s, to %(fmt3)s", p)]);
      continue;
    }
    items.push([e.at, `${fmt(e.at)}: ${describe(e.kind)}`]);
  }
  items.sort((a, b) => new Date(a[0]) - new Date(b[0]));
  list.replaceChildren(...items.map(([, text]) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
  const sitting = data.bouts.length;
  const said = {
    sitting: ntr("%(n)s sitting stretch", "%(n)s sitting stretches", sitting),
    busy: ntr("%(n)s meeting or call", "%(n)s meetings or calls", busy.length),
  };
  box.setAttribute("aria-label", tr("Today's timeline: %(sitting)s, %(busy)s; the list below reads it out.", said));
}

// Meetings and calls: the ones still known to the service, and the ones recorded earlier today.
function meetings(data) {
  const seen = new Map();
  for (const b of data.busy) seen.set(`${b.start}|${b.title}`, b);
  for (const e of data.events) {
    if (e.kind !== "busy" || !e.data || !e.data.end) continue;
    const key = `${e.at}|${e.data.title}`;
    if (!seen.has(key)) seen.set(key, { start: e.at, end: e.data.end, title: e.data.title, kind: e.data.kind });
  }
  return [...seen.values()];
}

function fmt(iso) {
  return new Date(iso).toLocaleTimeString(LOCALE, { hour: "2-digit", minute: "2-digit" });
}
