// Durations and times as people read them.

import { LOCALE, tr } from "./i18n.js";

export function hms(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  const ss = String(sec).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// How long, in words a clock cannot be mistaken for: "19 min", "1 h 15 min".
export function duration(seconds) {
  const m = Math.floor(Math.max(0, seconds) / 60);
  const h = Math.floor(m / 60);
  return words(h, m % 60);
}

export function hm(seconds) {
  const m = Math.round(Math.max(0, seconds) / 60);
  return words(Math.floor(m / 60), m % 60);
}

function words(h, m) {
  if (!h) return tr("%(minutes)s min", { minutes: m });
  return m ? tr("%(hours)s h %(minutes)s min", { hours: h, minutes: m }) : tr("%(hours)s h", { hours: h });
}

export function clock(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString(LOCALE, { hour: "2-digit", minute: "2-digit" });
}

export function dayTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(LOCALE, { weekday: "short", hour: "2-digit", minute: "2-digit" });
}
