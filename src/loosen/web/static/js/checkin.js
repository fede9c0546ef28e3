// "Something feels wrong?": the red-flag questions (GET /api/checkin) and the advice for the
// answers (POST /api/checkin). A tier-1 answer leaves nothing on the page but the emergency message.

import { tr, ntr } from "./i18n.js";
import { api, post, toast } from "./api.js";
import { dayTime } from "./format.js";

const $ = (id) => document.getElementById(id);
let ids = [];

function paragraphs(parent, texts) {
  parent.replaceChildren(...texts.filter(Boolean).map((t) => {
    const p = document.createElement("p");
    p.textContent = t;
    return p;
  }));
}

function context() {
  const routine = new URLSearchParams(window.location.search).get("routine");
  return routine && /^[a-z0-9][a-z0-9-]{0,63}$/.test(routine) ? `routine:${routine}` : undefined;
}

function showQuestions(data) {
  ids = data.questions.map((q) => q.id);
  const list = $("questions");
  list.replaceChildren(...data.questions.map((q) => {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = q.id;
    box.id = `q-${q.id}`;
    const text = document.createElement("span");
    text.textContent = q.question;
    label.htmlFor = box.id;
    label.append(box, text);
    li.append(label);
    return li;
  }));
  $("disclaimer").textContent = data.disclaimer;
}

function emergency(advice) {
  // nothing may compete with this message: no navigation, no links, no other advice
  for (const id of ["site-header", "site-footer", "page-title", "ask", "result", "skip"]) $(id).hidden = true;
  document.title = tr("%(title)s · loosen", { title: advice.title });
  $("emergency-title").textContent = advice.title;
  paragraphs($("emergency-text"), advice.paragraphs);
  $("emergency").hidden = false;
  $("emergency").focus();
  window.scrollTo(0, 0);
}

function result(advice) {
  const kind = advice.tier === 2 ? "tier-2" : advice.tier === 3 ? "tier-3" : "clear";
  $("result").className = `card result ${kind}`;
  $("result-title").textContent = advice.title;
  paragraphs($("result-text"), advice.paragraphs);
  const paused = $("result-paused");
  paused.hidden = !advice.paused_until;
  if (advice.paused_until) {
    const until = new Date(advice.paused_until);
    paused.textContent = until.getHours() === 0 && until.getMinutes() === 0
      ? tr("Reminders are now paused until midnight.")
      : tr("Reminders are paused until %(dayTime)s.", { dayTime: dayTime(advice.paused_until) });
  }
  $("result-unrecorded").hidden = advice.recorded !== false;
  $("again").hidden = advice.tier === 2;
  $("ask").hidden = true;
  $("result").hidden = false;
  $("result").focus();
  window.scrollTo(0, 0);
}

async function submit(event) {
  event.preventDefault();
  const answers = {};
  for (const id of ids) answers[id] = $(`q-${id}`).checked;
  const button = $("submit");
  button.disabled = true;
  try {
    const advice = await post("/api/checkin", { answers, context: context() });
    if (advice.tier === 1) emergency(advice);
    else result(advice);
  } catch (err) {
    toast(err.message, { error: true });
  } finally {
    button.disabled = false;
  }
}

function again() {
  for (const id of ids) $(`q-${id}`).checked = false;
  $("result").hidden = true;
  $("ask").hidden = false;
  $("questions").querySelector("input")?.focus();
}

async function start() {
  $("form").addEventListener("submit", submit);
  $("again").addEventListener("click", again);
  try {
    showQuestions(await api("/api/checkin"));
  } catch (err) {
    $("questions").replaceChildren(err.message);
    toast(err.message, { error: true });
  }
}

start();
