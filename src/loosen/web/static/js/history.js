// The history page: totals, streaks, four uPlot charts, an hour-of-day heat map, and exports.

import { LOCALE, formatNumber, tr, ntr, ptr, nptr } from "./i18n.js";
import uPlot from "../vendor/uplot/uPlot.esm.js";
import { api } from "./api.js";
import { hm } from "./format.js";

const RANGES = { week: 7, month: 30, year: 365 };
const PLOT_LEFT = 66; // the y axis of every chart (label 22 + ticks 44): the heat map lines up
const $ = (id) => document.getElementById(id);
let data = null;
let plots = [];
let asked = 0;
let lastWidth = 0;

// -- dates and numbers ---------------------------------------------------------------------------

function localDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}
const xOf = (iso) => localDate(iso).getTime() / 1000;
const fmt = (iso, opts) => localDate(iso).toLocaleDateString(LOCALE, opts);
const longDay = (iso) => fmt(iso, { weekday: "short", day: "numeric", month: "short" });
const fullDay = (iso) => fmt(iso, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
const COUNTS = {
  day: (n) => ntr("%(n)s day", "%(n)s days", n),
  stretch: (n) => ntr("%(n)s stretch", "%(n)s stretches", n),
  break: (n) => ntr("%(n)s break", "%(n)s breaks", n),
  time: (n) => ntr("%(n)s time", "%(n)s times", n),
};
const plural = (n, one) => COUNTS[one](n);
// how many breaks were taken, snoozed or skipped (a day's tooltip), and the chart's legend
const TAKEN = (n) => nptr("break count", "%(n)s taken", "%(n)s taken", n);
const SNOOZED = (n) => nptr("break count", "%(n)s snoozed", "%(n)s snoozed", n);
const SKIPPED = (n) => nptr("break count", "%(n)s skipped", "%(n)s skipped", n);
const LEGEND = {
  taken: ptr("chart legend: breaks", "taken"),
  snoozed: ptr("chart legend: breaks", "snoozed"),
  skipped: ptr("chart legend: breaks", "skipped"),
};

function hmm(seconds) {
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

// "27 Nov to 29 Nov 2026", with the first year too when the two differ
function span(first, last) {
  const withYear = { day: "numeric", month: "short", year: "numeric" };
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  return tr("%(first)s to %(last)s", { first: fmt(first, sameYear ? { day: "numeric", month: "short" } : withYear), last: fmt(last, withYear) });
}

function rangeFromUrl() {
  const r = new URLSearchParams(window.location.search).get("range");
  return Object.hasOwn(RANGES, r) ? r : "week";
}

// -- colours from the stylesheet (light or dark) -------------------------------------------------

function theme() {
  const cs = getComputedStyle(document.documentElement);
  const v = (name) => cs.getPropertyValue(name).trim();
  return {
    ink: v("--ink"), muted: v("--muted"), line: v("--line"), bg: v("--bg"), panel: v("--panel"),
    sit: v("--sit"), move: v("--move"), warn: v("--warn"), danger: v("--danger"), busy: v("--busy"),
  };
}

function alpha(color, a) {
  const hex = color.replace("#", "");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return color;
  const n = parseInt(hex, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

// -- charts --------------------------------------------------------------------------------------

function narrow(width) {
  return width < 560;
}

// Where the day labels go: every day of a week, every 7th day back from today in a month,
// month starts in a year (every other one when space is short).
function daySplits(days, width) {
  const xs = days.map((d) => d.day);
  let chosen;
  if (xs.length <= 7) chosen = xs;
  else if (xs.length <= 31) chosen = xs.filter((_, i) => (xs.length - 1 - i) % 7 === 0);
  else {
    const starts = xs.filter((d) => d.endsWith("-01"));
    chosen = narrow(width) ? starts.filter((d) => Number(d.slice(5, 7)) % 2 === 1) : starts;
  }
  return chosen.map(xOf);
}

function dayLabel(x, count, width) {
  const d = new Date(x * 1000);
  if (count <= 7) {
    return narrow(width)
      ? d.toLocaleDateString(LOCALE, { weekday: "short" })
      : d.toLocaleDateString(LOCALE, { weekday: "short", day: "numeric" });
  }
  if (count <= 31) return d.toLocaleDateString(LOCALE, { day: "numeric", month: "short" });
  return d.toLocaleDateString(LOCALE, { month: "short" });
}

// A small card that follows the cursor over a chart and says what is under it.
function tooltip(describe) {
  let tip;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement("div");
        tip.className = "chart-tip";
        tip.hidden = true;
        u.over.append(tip);
        u.over.addEventListener("mouseleave", () => { tip.hidden = true; });
      },
      setCursor: (u) => {
        const i = u.cursor.idx;
        if (i == null || u.cursor.left < 0) {
          tip.hidden = true;
          return;
        }
        tip.replaceChildren();
        const [title, ...lines] = describe(i);
        const head = document.createElement("strong");
        head.textContent = title;
        tip.append(head);
        for (const line of lines) {
          const p = document.createElement("span");
          p.textContent = line;
          tip.append(p);
        }
        tip.hidden = false;
        const w = u.over.clientWidth;
        const left = Math.round(u.valToPos(u.data[0][i], "x"));
        const tw = tip.offsetWidth;
        tip.style.left = `${Math.min(Math.max(0, left - tw / 2), Math.max(0, w - tw))}px`;
        tip.style.top = `${Math.max(0, u.cursor.top - tip.offsetHeight - 12)}px`;
      },
    },
  };
}

// A dashed reference line across the whole plot, labelled at its right end.
function reference({ value, color, label }) {
  return {
    hooks: {
      draw: (u) => {
        const ratio = window.devicePixelRatio || 1;
        const { ctx } = u;
        const y = Math.round(u.valToPos(value, "y", true)) + 0.5;
        const { left, width } = u.bbox;
        ctx.save();
        ctx.strokeStyle = color;
        ctx.lineWidth = 2 * ratio;
        ctx.setLineDash([6 * ratio, 5 * ratio]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        ctx.fillStyle = color;
        ctx.font = `600 ${11 * ratio}px system-ui, sans-serif`;
        ctx.textAlign = "right";
        ctx.textBaseline = "bottom";
        ctx.fillText(label, left + width - 2 * ratio, y - 4 * ratio);
        ctx.restore();
      },
    },
  };
}

function barChart(box, { days, series, refs = [], yLabel, yMax, incrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500], describe }) {
  const t = theme();
  const width = box.clientWidth;
  const height = narrow(width) ? 200 : 240;
  const xs = days.map((d) => xOf(d.day));
  const bars = uPlot.paths.bars({ size: [0.72, 44, 1], radius: 0.15 });
  const axisFont = "12px system-ui, sans-serif";
  const axis = { stroke: t.muted, font: axisFont, labelFont: axisFont, grid: { stroke: t.line, width: 1 }, ticks: { stroke: t.line, width: 1, size: 4 } };
  const opts = {
    width,
    height,
    legend: { show: false },
    cursor: { points: { show: false }, y: false, drag: { x: false, y: false, setScale: false } },
    select: { show: false },
    scales: {
      x: { time: true, range: () => [xs[0] - 43200, xs[xs.length - 1] + 43200] },
      y: { range: (u, min, max) => [0, Math.max(yMax, max * 1.12)] },
    },
    axes: [
      {
        ...axis,
        grid: { show: false },
        splits: () => daySplits(days, width),
        values: (u, splits) => splits.map((x) => dayLabel(x, days.length, width)),
      },
      {
        ...axis,
        label: yLabel,
        labelSize: 22,
        size: PLOT_LEFT - 22,
        incrs,
        values: (u, splits) => splits.map((v) => v.toLocaleString(LOCALE)),
      },
    ],
    series: [
      {},
      ...series.map((s) => ({ label: s.label, fill: s.color, stroke: s.color, width: 0, paths: bars, points: { show: false } })),
    ],
    plugins: [tooltip(describe), ...refs.map(reference)],
  };
  const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)], box);
  plots.push(plot);
  return plot;
}

function legend(box, items) {
  let el = box.nextElementSibling;
  if (!el || !el.classList.contains("legend")) {
    el = document.createElement("div");
    el.className = "legend";
    el.setAttribute("aria-hidden", "true");
    box.after(el);
  }
  el.replaceChildren(...items.map(([label, color, dashed]) => {
    const s = document.createElement("span");
    s.textContent = label;
    s.className = dashed ? "dashed" : "";
    s.style.setProperty("--swatch", color);
    return s;
  }));
}

// -- the hour-of-day heat map (a canvas grid: days across, hours down) ---------------------------

function drawHeatmap() {
  const canvas = $("c-hours-canvas");
  const box = $("c-hours");
  const t = theme();
  const days = data.days;
  const width = box.clientWidth;
  const small = narrow(width);
  const left = PLOT_LEFT;
  const right = 4;
  const top = 4;
  const rowH = small ? 9 : 12;
  const bottom = 24;
  const height = top + rowH * 24 + bottom;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, height);
  const cw = (width - left - right) / days.length;
  const gap = cw >= 5 ? 1.5 : 0;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = t.muted;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let h = 0; h < 24; h += small ? 6 : 3) {
    ctx.fillText(`${String(h).padStart(2, "0")}:00`, left - 6, top + h * rowH + rowH / 2);
  }
  days.forEach((d, i) => {
    const row = data.hours[i] || [];
    for (let h = 0; h < 24; h++) {
      const v = row[h] || 0;
      ctx.fillStyle = v > 0 ? alpha(t.sit, 0.18 + 0.82 * Math.min(1, v / 3600)) : t.bg;
      ctx.fillRect(left + i * cw + gap / 2, top + h * rowH + gap / 2, Math.max(0.6, cw - gap), rowH - gap);
    }
  });
  ctx.fillStyle = t.muted;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const first = xOf(days[0].day);
  for (const x of daySplits(days, width)) {
    const i = days.findIndex((d) => xOf(d.day) === x);
    const cx = Math.min(Math.max(left + (i + 0.5) * cw, left + 16), width - 18);
    if (i >= 0 && x >= first) ctx.fillText(dayLabel(x, days.length, width), cx, top + rowH * 24 + 7);
  }
  canvas.dataset.geometry = JSON.stringify({ left, top, rowH, cw });
}

function heatTip(event) {
  const tip = $("c-hours-tip");
  const canvas = $("c-hours-canvas");
  if (!data || !canvas.dataset.geometry) return;
  const { left, top, rowH, cw } = JSON.parse(canvas.dataset.geometry);
  const rect = canvas.getBoundingClientRect();
  const x = event.clientX - rect.left;
  const y = event.clientY - rect.top;
  const i = Math.floor((x - left) / cw);
  const h = Math.floor((y - top) / rowH);
  if (i < 0 || i >= data.days.length || h < 0 || h > 23) {
    tip.hidden = true;
    return;
  }
  const seconds = (data.hours[i] || [])[h] || 0;
  const hh = (n) => `${String(n).padStart(2, "0")}:00`;
  tip.replaceChildren();
  const head = document.createElement("strong");
  head.textContent = `${longDay(data.days[i].day)}, ${hh(h)}–${hh((h + 1) % 24)}`;
  const line = document.createElement("span");
  line.textContent = seconds ? tr("%(round)s min sitting", { round: Math.round(seconds / 60) }) : tr("no sitting");
  tip.append(head, line);
  tip.hidden = false;
  const w = canvas.clientWidth;
  tip.style.left = `${Math.min(Math.max(0, x - tip.offsetWidth / 2), w - tip.offsetWidth)}px`;
  tip.style.top = `${Math.max(0, y - tip.offsetHeight - 12)}px`;
}

// -- tables for screen readers and for anyone who wants the numbers ------------------------------

function table(box, caption, head, rows) {
  const tbl = document.createElement("table");
  const cap = document.createElement("caption");
  cap.textContent = caption;
  const thead = document.createElement("thead");
  const headRow = document.createElement("tr");
  for (const h of head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    headRow.append(th);
  }
  thead.append(headRow);
  const tbody = document.createElement("tbody");
  for (const row of rows) {
    const r = document.createElement("tr");
    row.forEach((cell, i) => {
      const c = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) c.scope = "row";
      c.textContent = cell;
      r.append(c);
    });
    tbody.append(r);
  }
  tbl.append(cap, thead, tbody);
  box.tabIndex = 0; // it scrolls: reachable with the keyboard
  box.replaceChildren(tbl);
}

function hasData(d) {
  return d.sitting_seconds >= 60 || d.breaks_taken || d.snoozed || d.skipped || d.prompts || d.natural_breaks;
}

// -- rendering -----------------------------------------------------------------------------------

function renderTotals() {
  const t = data.totals;
  $("t-average").textContent = hm(t.average_sitting_seconds);
  $("t-average-label").textContent = tr("sitting a day on average (%(hm)s over %(plural)s)", { hm: hm(t.sitting_seconds), plural: plural(t.days_with_sitting, "day", "days") });
  $("t-longest").textContent = hm(t.longest_bout_seconds);
  $("t-longest-label").textContent = t.longest_bout_day
    ? tr("longest stretch sitting (%(longDay)s)", { longDay: longDay(t.longest_bout_day) }) : tr("longest stretch sitting");
  $("t-over60").textContent = t.bouts_over_60_min.toLocaleString(LOCALE);
  $("t-over60-label").textContent = ntr("stretch over 60 min", "stretches over 60 min", t.bouts_over_60_min);
  $("t-breaks").textContent = t.breaks_taken.toLocaleString(LOCALE);
  const percent = t.adherence == null ? "" : formatNumber(t.adherence, { style: "percent", maximumFractionDigits: 0 });
  $("t-breaks-label").textContent = t.adherence == null
    ? ntr("break taken", "breaks taken", t.breaks_taken)
    : ntr("break taken (%(percent)s of those offered)", "breaks taken (%(percent)s of those offered)", t.breaks_taken, { percent });
  $("t-declined").textContent = `${t.snoozed.toLocaleString(LOCALE)} / ${t.skipped.toLocaleString(LOCALE)}`;
  $("t-long-days").textContent = t.days_over_8_hours.toLocaleString(LOCALE);
  $("t-long-days-label").textContent = ntr("day over 8 hours", "days over 8 hours", t.days_over_8_hours);
}

function renderStreak(key, prefix) {
  const s = data.streaks[key];
  $(`s-${prefix}-current`).textContent = s.current.toLocaleString(LOCALE);
  $(`s-${prefix}-unit`).textContent = nptr("streak length", "day", "days", s.current);
  $(`s-${prefix}-best`).textContent = s.best
    ? tr("Best in the last year: %(plural)s, %(span)s.", { plural: plural(s.best, "day", "days"), span: span(s.best_first, s.best_last) })
    : tr("No streak yet.");
}

function renderCharts() {
  lastWidth = $("content").clientWidth;
  for (const p of plots) p.destroy();
  plots = [];
  const t = theme();
  const days = data.days;
  const shown = days.filter(hasData);
  const left = tr("Days with nothing recorded are left out.");
  const ref = data.reference_seconds / 3600;

  // sitting per day
  const sitting = days.map((d) => d.sitting_seconds / 3600);
  barChart($("c-sitting"), {
    days,
    yLabel: ptr("chart axis", "hours"),
    yMax: ref + 1,
    incrs: [1, 2, 4, 6, 12],
    series: [
      { label: tr("sitting"), color: t.sit, values: sitting },
    ],
    refs: [{ value: ref, color: t.danger, label: tr("%(hours)s h", { hours: formatNumber(ref) }) }],
    describe: (i) => [longDay(days[i].day), tr("%(time)s sitting", { time: hm(days[i].sitting_seconds) })],
  });
  legend($("c-sitting"), [[tr("sitting"), t.sit], [tr("8-hour guideline"), t.danger, true]]);
  const over8 = data.totals.days_over_8_hours;
  const most = days.reduce((a, b) => (b.sitting_seconds > a.sitting_seconds ? b : a), days[0]);
  $("c-sitting-summary").textContent = tr("Sitting per day, bar chart: on average %(average)s a day over %(days)s with sitting; the most was %(most)s on %(day)s; %(over)s over 8 hours.", {
    average: hm(data.totals.average_sitting_seconds), days: plural(data.totals.days_with_sitting, "day"),
    most: hm(most.sitting_seconds), day: longDay(most.day), over: plural(over8, "day"),
  });
  table($("c-sitting-table"), tr("Sitting per day (hours:minutes). %(left)s", { left }), [tr("Day"), tr("Sitting"), tr("Over 8 hours")],
    shown.map((d) => [longDay(d.day), hmm(d.sitting_seconds), d.sitting_seconds > data.reference_seconds ? ptr("over 8 hours", "yes") : ptr("over 8 hours", "no")]));

  // longest stretch per day
  barChart($("c-longest"), {
    days,
    yLabel: ptr("chart axis", "minutes"),
    yMax: 70,
    series: [
      { label: tr("longest stretch"), color: t.busy, values: days.map((d) => d.longest_bout_seconds / 60) },
    ],
    refs: [{ value: 60, color: t.danger, label: tr("%(hours)s h", { hours: formatNumber(1) }) }],
    describe: (i) => [longDay(days[i].day), tr("longest stretch %(hm)s", { hm: hm(days[i].longest_bout_seconds) })],
  });
  legend($("c-longest"), [[tr("longest stretch"), t.busy], [tr("one hour"), t.danger, true]]);
  const longest = data.totals;
  $("c-longest-summary").textContent = longest.longest_bout_day
    ? tr("Longest stretch of sitting per day, bar chart: the longest was %(time)s on %(day)s.", { time: hm(longest.longest_bout_seconds), day: longDay(longest.longest_bout_day) })
    : tr("Longest stretch of sitting per day, bar chart: the longest was %(time)s.", { time: hm(longest.longest_bout_seconds) });
  table($("c-longest-table"), tr("Longest stretch of sitting per day. %(left)s", { left }), [tr("Day"), tr("Longest stretch")],
    shown.map((d) => [longDay(d.day), hm(d.longest_bout_seconds)]));

  // long stretches per day (over 60 drawn over the over-30 bar it is part of)
  barChart($("c-bouts"), {
    days,
    yLabel: ptr("chart axis: stretches of sitting", "stretches"),
    yMax: 3,
    series: [
      { label: tr("over 30 min"), color: alpha(t.sit, 0.45), values: days.map((d) => d.bouts_over_30_min) },
      { label: tr("over 60 min"), color: t.sit, values: days.map((d) => d.bouts_over_60_min) },
    ],
    describe: (i) => [
      longDay(days[i].day),
      nptr("stretches of sitting", "%(n)s over 30 min", "%(n)s over 30 min", days[i].bouts_over_30_min),
      nptr("stretches of sitting", "%(n)s of them over 60 min", "%(n)s of them over 60 min", days[i].bouts_over_60_min),
    ],
  });
  legend($("c-bouts"), [[tr("31 to 60 min"), alpha(t.sit, 0.45)], [tr("over 60 min"), t.sit]]);
  $("c-bouts-summary").textContent = tr("Long stretches of sitting per day, stacked bar chart: %(plural)s over 30 minutes in all, %(toLocaleString)s of them over 60 minutes.", { plural: plural(data.totals.bouts_over_30_min, "stretch", "stretches"), toLocaleString: data.totals.bouts_over_60_min.toLocaleString(LOCALE) });
  table($("c-bouts-table"), tr("Stretches of sitting over 30 and over 60 minutes per day. %(left)s", { left }), [tr("Day"), tr("Over 30 min"), tr("Over 60 min")],
    shown.map((d) => [longDay(d.day), String(d.bouts_over_30_min), String(d.bouts_over_60_min)]));

  // breaks taken, snoozed, skipped (stacked: each bar drawn over the taller one it is part of)
  barChart($("c-breaks"), {
    days,
    yLabel: ptr("chart axis", "breaks"),
    yMax: 3,
    series: [
      { label: LEGEND.skipped, color: t.danger, values: days.map((d) => d.breaks_taken + d.snoozed + d.skipped) },
      { label: LEGEND.snoozed, color: t.warn, values: days.map((d) => d.breaks_taken + d.snoozed) },
      { label: LEGEND.taken, color: t.move, values: days.map((d) => d.breaks_taken) },
    ],
    describe: (i) => [longDay(days[i].day), TAKEN(days[i].breaks_taken), SNOOZED(days[i].snoozed), SKIPPED(days[i].skipped)],
  });
  legend($("c-breaks"), [[LEGEND.taken, t.move], [LEGEND.snoozed, t.warn], [LEGEND.skipped, t.danger]]);
  const tt = data.totals;
  const taken = ntr("%(n)s break taken", "%(n)s breaks taken", tt.breaks_taken);
  $("c-breaks-summary").textContent = tr("Breaks per day, stacked bar chart: %(taken)s, %(snoozed)s and %(skipped)s; you also got up by yourself %(times)s.", {
    taken, snoozed: SNOOZED(tt.snoozed), skipped: SKIPPED(tt.skipped), times: plural(tt.natural_breaks, "time"),
  });
  table($("c-breaks-table"), tr("Breaks per day. %(left)s", { left }), [tr("Day"), tr("Taken"), tr("Snoozed"), tr("Skipped"), tr("Got up by yourself")],
    shown.map((d) => [longDay(d.day), String(d.breaks_taken), String(d.snoozed), String(d.skipped), String(d.natural_breaks)]));

  // hour of day
  drawHeatmap();
  const sat = days.map((d, i) => [d, data.hours[i]]).filter(([d]) => d.sitting_seconds >= 60);
  const average = Array.from({ length: 24 }, (_, h) => (sat.length ? sat.reduce((a, [, row]) => a + row[h], 0) / sat.length : 0));
  const peak = average.indexOf(Math.max(...average));
  const hh = (n) => `${String(n).padStart(2, "0")}:00`;
  const minutes = Math.round(average[peak] / 60);
  const busiest = { days: plural(days.length, "day"), from: hh(peak), to: hh((peak + 1) % 24), minutes };
  $("c-hours-summary").textContent = sat.length
    ? ntr(
      "Sitting by hour of the day, heat map of %(days)s: you sit most between %(from)s and %(to)s, %(minutes)s minute of that hour on an average day with sitting.",
      "Sitting by hour of the day, heat map of %(days)s: you sit most between %(from)s and %(to)s, %(minutes)s minutes of that hour on an average day with sitting.",
      minutes, busiest)
    : tr("Sitting by hour of the day, heat map: no sitting recorded.");
  table($("c-hours-table"), tr("Average minutes of sitting in each hour, over the %(plural)s with sitting. Hours with no sitting are left out.", { plural: plural(sat.length, "day", "days") }),
    [tr("Hour"), tr("Average minutes"), tr("Days with sitting in this hour")],
    average.map((v, h) => [h, v]).filter(([, v]) => v > 0).map(([h, v]) => [
      `${hh(h)}–${hh((h + 1) % 24)}`, String(Math.round(v / 60)), String(sat.filter(([, row]) => row[h] > 0).length),
    ]));
}

function render() {
  const n = RANGES[data.range];
  const shown = span(data.first, data.last);
  $("range-line").textContent = ntr("The last %(n)s day: %(shown)s.", "The last %(n)s days: %(shown)s.", n, { shown });
  for (const kind of ["csv", "json"]) {
    $(`export-${kind}`).href = `/api/history/export.${kind}?range=${data.range}`;
  }
  const fresh = !data.since || data.since === data.last;
  $("empty").hidden = !data.empty;
  document.querySelector(".exports").hidden = data.empty && fresh; // nothing to download yet
  $("content").hidden = data.empty;
  if (data.empty) {
    $("empty-title").textContent = fresh ? tr("No history yet") : ntr("Nothing in the last %(n)s day", "Nothing in the last %(n)s days", n);
    $("empty-text").textContent = fresh
      ? tr("loosen fills this page in as it watches you work. Here you will see:")
      : tr("loosen recorded no sitting from %(shown)s; your history goes back to %(since)s. Choose a longer range to see it.", { shown, since: fullDay(data.since) });
    document.querySelector(".empty-list").hidden = !fresh;
    $("empty-how").hidden = !fresh;
    return;
  }
  renderTotals();
  renderStreak("breaks", "breaks");
  renderStreak("no_long_bouts", "bouts");
  renderCharts();
}

async function load(range) {
  const mine = ++asked;
  $("main").setAttribute("aria-busy", "true");
  for (const input of document.querySelectorAll('input[name="range"]')) input.checked = input.value === range;
  try {
    const got = await api(`/api/history?range=${range}`);
    if (mine !== asked) return;
    data = got;
    $("failed").hidden = true;
    render();
  } catch (err) {
    if (mine !== asked) return;
    $("failed-text").textContent = err.message;
    $("failed").hidden = false;
  } finally {
    if (mine === asked) $("main").setAttribute("aria-busy", "false");
  }
}

for (const input of document.querySelectorAll('input[name="range"]')) {
  input.addEventListener("change", () => {
    if (!input.checked) return;
    window.history.pushState({ range: input.value }, "", `/history?range=${input.value}`);
    load(input.value);
  });
}
window.addEventListener("popstate", () => load(rangeFromUrl()));

let pending = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(() => {
    const width = $("content").clientWidth;
    if (data && !data.empty && width && width !== lastWidth) {
      lastWidth = width;
      renderCharts();
    }
  });
}).observe($("main"));
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  if (data && !data.empty) renderCharts();
});
$("c-hours-canvas").addEventListener("mousemove", heatTip);
$("c-hours-canvas").addEventListener("mouseleave", () => { $("c-hours-tip").hidden = true; });

load(rangeFromUrl());
