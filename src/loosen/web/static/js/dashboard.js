// The dashboard: live status over Server-Sent Events, today's timeline and the actions.

import { formatNumber, tr, ntr, nptr } from "./i18n.js";
import { act, api, toast } from "./api.js";
import { clock, dayTime, duration, hm } from "./format.js";
import { drawTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
let status = null;
let offset = 0; // server clock minus this clock, in ms
let routine = "desk-short";

function serverNow() {
  return Date.now() + offset;
}

function tick() {
  if (!status) return;
  if (status.mode === "sitting" && status.bout_started_at) {
    const seconds = (serverNow() - new Date(status.bout_started_at).getTime()) / 1000;
    $("sitting").textContent = duration(seconds);
  } else {
    $("sitting").textContent = "–";
  }
  if (status.next_break_at) {
    const left = (new Date(status.next_break_at).getTime() - serverNow()) / 1000;
    $("next-line").textContent = nextLine(status, left);
  } else {
    $("next-line").textContent = "";
  }
}

// When the next break comes, and the meeting it was moved around (core/busy.py, Placement)
function nextLine(s, left) {
  const placed = s.next_break_placed;
  const said = { clock: clock(s.next_break_at), hm: hm(left), title: placed ? placed.title : "" };
  const how = placed && placed.title ? placed.how : "";
  if (left <= 0) {
    if (how === "before") return tr("A break is due now (before “%(title)s”).", said);
    if (how === "after") return tr("A break is due now (after “%(title)s”).", said);
    if (how === "ceiling") return tr("A break is due now (during “%(title)s”).", said);
    return tr("A break is due now.");
  }
  if (how === "before") return tr("Next break at %(clock)s, in %(hm)s (before “%(title)s”).", said);
  if (how === "after") return tr("Next break at %(clock)s, in %(hm)s (after “%(title)s”).", said);
  if (how === "ceiling") return tr("Next break at %(clock)s, in %(hm)s (during “%(title)s”).", said);
  return tr("Next break at %(clock)s, in %(hm)s.", said);
}

// Today's counts, each with its label in the plural form for its number (none yet: "–")
function showCounts(t) {
  const counts = [
    ["t-breaks", t && t.breaks_taken, (n) => ntr("break taken", "breaks taken", n)],
    ["t-natural", t && t.natural_breaks, (n) => ntr("time you got up by yourself", "times you got up by yourself", n)],
    ["t-snoozed", t && t.snoozed, (n) => nptr("break count", "snoozed", "snoozed", n)],
    ["t-skipped", t && t.skipped, (n) => nptr("break count", "skipped", "skipped", n)],
  ];
  for (const [id, n, label] of counts) {
    $(id).textContent = t ? formatNumber(n) : "–";
    $(`${id}-label`).textContent = label(t ? n : 0);
  }
}
showCounts(null);

const MODES = {
  starting: tr("loosen is starting…"),
  sitting: tr("You have been sitting for"),
  away: tr("You are away from the computer. Sitting time starts again when you come back."),
  "on-break": tr("You are on a break. Enjoy it."),
  locked: tr("The screen is locked: that counts as a break."),
};

function render(s) {
  status = s;
  routine = s.break_routine || routine;
  offset = new Date(s.now).getTime() - Date.now();
  const paused = Boolean(s.paused_until);
  let line = MODES[s.mode] || s.mode;
  if (paused) line = tr("Reminders are paused until %(dayTime)s. %(line)s", { dayTime: dayTime(s.paused_until), line });
  else if (!s.in_working_hours) line = tr("Outside your working hours: no reminders now. %(line)s", { line });
  $("mode-line").textContent = line;
  $("activity-note").hidden = s.activity.visible;
  if (!s.activity.visible && !$("activity-note").childElementCount) {
    const code = document.createElement("code");
    code.textContent = "loosen doctor";
    const [before, after] = tr("loosen cannot see your keyboard and mouse here, so it counts the whole time as sitting; %(command)s says why.").split("%(command)s");
    $("activity-note").replaceChildren(before, code, after || "");
  }
  $("do-pause").hidden = paused;
  $("pause-for").hidden = paused;
  $("do-resume").hidden = !paused;
  $("do-snooze").disabled = !s.next_break_at || s.snoozes_left <= 0;
  $("do-skip").disabled = !s.next_break_at || s.skips_left <= 0;
  $("do-snooze").title = ntr("%(n)s snooze left for this break", "%(n)s snoozes left for this break", s.snoozes_left);
  $("do-skip").title = ntr("%(n)s skip left today", "%(n)s skips left today", s.skips_left);
  if (s.busy_now) {
    $("busy-line").hidden = false;
    $("busy-line").textContent = tr("In “%(value)s” until %(clock)s: breaks wait until it ends.", { value: s.busy_now.title || s.busy_now.kind, clock: clock(s.busy_now.until) });
  } else {
    $("busy-line").hidden = true;
  }
  const t = s.today;
  $("t-sitting").textContent = hm(t.sitting_seconds);
  $("t-longest").textContent = hm(t.longest_bout_seconds);
  showCounts(t);
  if (!s.prompt_open) $("prompt").hidden = true;
  tick();
}

let lastTimeline = null;
async function refreshTimeline() {
  try {
    const data = await api("/api/timeline");
    lastTimeline = data;
    drawTimeline($("timeline"), $("timeline-list"), data);
  } catch (err) {
    toast(err.message, { error: true });
  }
}

function showPrompt(n) {
  if (!["break", "reminder", "pre-run", "heads-up"].includes(n.kind)) return;
  routine = n.routine || routine;
  $("prompt-title").textContent = n.title;
  $("prompt-body").textContent = n.body;
  $("prompt-start").href = `/routine/${encodeURIComponent(routine)}?break=1`;
  $("prompt-moved").hidden = !n.buttons.includes("yes");
  $("prompt-snooze").hidden = !n.buttons.includes("snooze");
  $("prompt-skip").hidden = !n.buttons.includes("skip");
  $("prompt").hidden = false;
}

let timelineTimer = 0;
function connect() {
  const source = new EventSource("/api/events");
  source.addEventListener("status", (e) => {
    $("offline").hidden = true;
    render(JSON.parse(e.data));
    clearTimeout(timelineTimer);
    timelineTimer = setTimeout(refreshTimeline, 300);
  });
  source.addEventListener("notify", (e) => showPrompt(JSON.parse(e.data)));
  source.addEventListener("withdraw", () => { $("prompt").hidden = true; });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      $("offline").hidden = false;
      // signed out (the service restarted: sign-ins last as long as it runs)? Then reload: the
      // page says how to get in. Otherwise (not running, or too many pages open) try again.
      fetch("/api/status").then(
        (r) => { if (r.status === 401) window.location.reload(); else setTimeout(connect, 5000); },
        () => setTimeout(connect, 5000),
      );
    } else {
      $("offline").hidden = false;
    }
  };
  source.onopen = () => { $("offline").hidden = true; };
}

$("do-break").addEventListener("click", async () => {
  const r = await act("/api/break", { player: "web" }); // played here, not on the break screen
  if (r) window.location.href = `/routine/${encodeURIComponent(routine)}?break=1`;
});
$("do-moved").addEventListener("click", () => act("/api/moved"));
$("do-snooze").addEventListener("click", () => act("/api/snooze"));
$("do-skip").addEventListener("click", () => act("/api/skip"));
$("prompt-moved").addEventListener("click", () => act("/api/answer", { moved: true }));
$("prompt-snooze").addEventListener("click", () => act("/api/snooze"));
$("prompt-skip").addEventListener("click", () => act("/api/skip"));
$("prompt-start").addEventListener("click", async (e) => {
  e.preventDefault();
  const r = await act("/api/break", { player: "web" }); // played here, not on the break screen
  if (r) window.location.href = $("prompt-start").href;
});
$("do-pause").addEventListener("click", () => {
  const v = $("pause-for").value;
  act("/api/pause", v === "tomorrow" ? { until: "tomorrow" } : { minutes: Number(v) });
});
$("do-resume").addEventListener("click", () => act("/api/resume"));

let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (lastTimeline) drawTimeline($("timeline"), $("timeline-list"), lastTimeline);
  }, 150);
});
setInterval(tick, 1000);
setInterval(refreshTimeline, 60_000);
connect();
refreshTimeline();
