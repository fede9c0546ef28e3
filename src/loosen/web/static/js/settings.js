// The settings page: every setting by section, built from GET /api/settings; saving sends only
// what changed (PUT /api/settings) and shows each problem next to its field.

import { tr, ntr, ptr } from "./i18n.js";
import { api, ApiError, toast } from "./api.js";

const $ = (id) => document.getElementById(id);
const DAY_NAMES = {
  mon: tr("Mon"), tue: tr("Tue"), wed: tr("Wed"), thu: tr("Thu"), fri: tr("Fri"), sat: tr("Sat"), sun: tr("Sun"),
};
// a number's unit: short for the eye, in words for a screen reader
const UNITS = {
  min: { short: ptr("unit", "min"), spoken: tr("minutes") },
  s: { short: ptr("unit", "s"), spoken: tr("seconds") },
};
const APPLIES = {
  restart: { text: tr("After a restart"), cls: "pill warn" },
  "next-routine": { text: tr("Next routine"), cls: "pill" },
};

let data = null; // the last GET (or save) answer
let fieldsByKey = new Map(); // key -> { setting, read(), write(value), row, controls[] }

const idFor = (key) => `s-${key.replace(/\./g, "-")}`;

// `code` spans of the help texts as <code>, everything else as text (never as HTML)
function richText(parent, text) {
  text.split("`").forEach((part, i) => {
    if (!part) return;
    if (i % 2) {
      const code = document.createElement("code");
      code.textContent = part;
      parent.append(code);
    } else {
      parent.append(part);
    }
  });
  return parent;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children);
  return node;
}

// a value as the settings page writes it (a default's value, "on" for true)
function shown(setting, value) {
  if (setting.kind === "bool") return value ? ptr("setting value", "on") : ptr("setting value", "off");
  if (setting.kind === "days") return value.map((d) => DAY_NAMES[d] || d).join(", ");
  if (setting.kind === "words") return value.length ? value.join(", ") : ptr("setting value", "none");
  if (setting.kind === "int") {
    if (setting.unit === "min") return tr("%(minutes)s min", { minutes: value });
    if (setting.unit === "s") return tr("%(seconds)s s", { seconds: value });
    return setting.unit ? `${value} ${setting.unit}` : String(value);
  }
  if (setting.kind === "routine") {
    const o = setting.options.find((x) => x.value === value);
    return o ? o.label : String(value);
  }
  return String(value);
}

// -- one control per kind of setting -------------------------------------------------------------
function control(s, describedBy) {
  const id = idFor(s.key);
  const disabled = Boolean(s.env) || !data.file.editable;
  const common = { id, name: s.key, "aria-describedby": describedBy, disabled };
  if (s.kind === "bool") {
    const input = el("input", { ...common, type: "checkbox", class: "switch" });
    return {
      node: input,
      controls: [input],
      read: () => input.checked,
      write: (v) => { input.checked = Boolean(v); },
    };
  }
  if (s.kind === "int") {
    const input = el("input", {
      ...common, type: "number", inputmode: "numeric", step: "1",
      min: s.min ?? null, max: s.max ?? null, class: "number",
    });
    // "min" for the eye, "minutes" for a screen reader (part of the input's description)
    const unit = el("span", { class: "unit", id: `${id}-unit` });
    if (s.unit) {
      unit.append(
        el("span", { "aria-hidden": "true", text: UNITS[s.unit] ? UNITS[s.unit].short : s.unit }),
        el("span", { class: "visually-hidden", text: UNITS[s.unit] ? UNITS[s.unit].spoken : s.unit }),
      );
      input.setAttribute("aria-describedby", `${id}-unit ${describedBy}`);
    }
    const wrap = el("span", { class: "with-unit" }, input, unit);
    return {
      node: wrap,
      controls: [input],
      read: () => {
        const raw = input.value.trim();
        if (raw === "") return "";
        const n = Number(raw);
        return Number.isFinite(n) ? n : raw;
      },
      write: (v) => { input.value = v === null || v === undefined ? "" : String(v); },
    };
  }
  if (s.kind === "choice" || s.kind === "routine") {
    const select = el("select", common);
    const opts = s.kind === "routine"
      ? s.options
      : s.choices.map((c) => ({ value: c, label: (s.choice_labels && s.choice_labels[c]) || c }));
    for (const o of opts) select.append(el("option", { value: o.value, text: o.label }));
    return {
      node: select,
      controls: [select],
      read: () => select.value,
      write: (v) => {
        if (![...select.options].some((o) => o.value === String(v))) {
          select.append(el("option", { value: String(v), text: String(v) }));
        }
        select.value = String(v);
      },
    };
  }
  if (s.kind === "time") {
    const input = el("input", { ...common, type: "time", class: "time" });
    return {
      node: input,
      controls: [input],
      read: () => input.value,
      write: (v) => { input.value = typeof v === "string" ? v : ""; },
    };
  }
  if (s.kind === "days") {
    const boxes = s.choices.map((d) => el("input", {
      type: "checkbox", id: `${id}-${d}`, value: d, name: s.key, disabled,
    }));
    const group = el("div", { class: "days", id, role: "group", "aria-describedby": describedBy });
    boxes.forEach((box, i) => {
      group.append(el("label", { class: "day", for: box.id }, box, el("span", { text: DAY_NAMES[s.choices[i]] })));
    });
    return {
      node: group,
      controls: boxes,
      read: () => boxes.filter((b) => b.checked).map((b) => b.value),
      write: (v) => {
        const on = new Set(Array.isArray(v) ? v : []);
        for (const b of boxes) b.checked = on.has(b.value);
      },
    };
  }
  // words (and anything new): text, comma-separated for lists
  const input = el("input", {
    ...common, type: "text", class: "words", autocomplete: "off", spellcheck: "false",
  });
  const list = s.kind === "words";
  return {
    node: input,
    controls: [input],
    read: () => (list
      ? input.value.split(",").map((w) => w.trim()).filter(Boolean)
      : input.value),
    write: (v) => { input.value = Array.isArray(v) ? v.join(", ") : String(v ?? ""); },
  };
}

function row(s) {
  const id = idFor(s.key);
  const docId = `${id}-doc`;
  const errId = `${id}-error`;
  const envId = `${id}-env`;
  const describedBy = [docId, s.env ? envId : null, errId].filter(Boolean).join(" ");
  const c = control(s, describedBy);

  const label = s.kind === "days"
    ? el("span", { class: "label", id: `${id}-label`, text: s.label })
    : el("label", { class: "label", for: id, text: s.label });
  if (s.kind === "days") c.node.setAttribute("aria-labelledby", `${id}-label`);

  const head = el("div", { class: "head" }, label);
  const applies = APPLIES[s.applies];
  if (applies) head.append(el("span", { class: applies.cls, text: applies.text }));
  if (s.env) head.append(el("span", { class: "pill env", text: tr("Set by the environment") }));

  const text = el("div", { class: "text" }, head);
  text.append(richText(el("p", { class: "doc muted", id: docId }), s.doc));
  const meta = el("p", { class: "meta" });
  meta.append(el("code", { class: "key", text: s.key }), tr(" · default %(shown)s", { shown: shown(s, s.default) }));
  text.append(meta);
  if (s.env) {
    const note = el("p", { class: "env-note", id: envId });
    note.append(
      tr("The environment variable "), el("code", { text: s.env.name }),
      tr(" sets this to %(value)s, which wins over the file. Change or unset that variable to change it.", { value: s.env.value }),
    );
    text.append(note);
  }

  const reset = el("button", {
    type: "button", class: "link reset", hidden: true,
    "aria-label": tr("Use the default for %(label)s: %(shown)s", { label: s.label, shown: shown(s, s.default) }),
    text: tr("Use default"),
  });
  const ctrl = el("div", { class: `control kind-${s.kind}` }, c.node);
  if (!s.env && data.file.editable) ctrl.append(reset);
  const error = el("p", { class: "field-error", id: errId, hidden: true });
  const node = el("div", { class: "setting", id: `${id}-row`, "data-key": s.key }, text, ctrl, error);

  c.write(s.value);
  // what the control shows for the saved value: a change is a difference from this
  const entry = { setting: s, ...c, row: node, error, reset, saved: c.read() };
  reset.addEventListener("click", () => {
    c.write(s.default);
    refresh();
    c.controls[0].focus();
  });
  for (const input of c.controls) {
    input.addEventListener(input.type === "checkbox" || input.tagName === "SELECT" ? "change" : "input", refresh);
  }
  fieldsByKey.set(s.key, entry);
  return node;
}

// -- state ---------------------------------------------------------------------------------------
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function changes() {
  const out = {};
  let n = 0;
  for (const [key, f] of fieldsByKey) {
    if (f.setting.env) continue;
    const value = f.read();
    if (same(value, f.saved)) continue;
    const [section, name] = key.split(".");
    (out[section] ||= {})[name] = value;
    n += 1;
  }
  return { body: out, count: n };
}

function refresh() {
  for (const f of fieldsByKey.values()) {
    const value = f.read();
    f.row.classList.toggle("changed", !f.setting.env && !same(value, f.saved));
    f.reset.hidden = same(value, f.setting.default);
  }
  const { count } = changes();
  $("dirty-line").textContent = count
    ? ntr("%(n)s unsaved change.", "%(n)s unsaved changes.", count)
    : tr("No unsaved changes.");
  $("save").disabled = count === 0 || !data.file.editable;
  $("discard").disabled = count === 0;
  $("savebar").classList.toggle("dirty", count > 0);
}

function clearErrors() {
  for (const f of fieldsByKey.values()) {
    f.error.hidden = true;
    f.error.textContent = "";
    f.row.classList.remove("invalid");
    for (const c of f.controls) c.removeAttribute("aria-invalid");
  }
  $("summary").hidden = true;
}

// problems: [{key, value, error}]; those about a field go next to it, the others in `list`
function showProblems(problems, list) {
  const general = [];
  const messages = new Map();
  for (const p of problems) {
    if (p.key && fieldsByKey.has(p.key)) {
      const m = messages.get(p.key) || [];
      m.push(p.error);
      messages.set(p.key, m);
    } else {
      general.push(p.error);
    }
  }
  list.replaceChildren();
  for (const [key, texts] of messages) {
    const f = fieldsByKey.get(key);
    f.error.textContent = texts.join(" ");
    f.error.hidden = false;
    f.row.classList.add("invalid");
    for (const c of f.controls) c.setAttribute("aria-invalid", "true");
    const a = el("a", { href: `#${idFor(key)}`, text: texts[0] });
    a.addEventListener("click", (e) => {
      e.preventDefault();
      f.controls[0].focus();
      f.row.scrollIntoView({ block: "center" });
    });
    list.append(el("li", {}, a));
  }
  for (const text of general) list.append(el("li", { text }));
  return messages.size + general.length;
}

function render(d) {
  data = d;
  fieldsByKey = new Map();
  const file = el("code", { text: d.file.path });
  const line = $("file-line");
  line.replaceChildren(tr("Your settings file: "), file);
  if (!d.file.exists) line.append(tr(" (it does not exist yet: saving creates it)."));
  else line.append(".");

  const toc = $("toc");
  toc.replaceChildren();
  const sections = $("sections");
  sections.replaceChildren();
  for (const sec of d.sections) {
    const hid = `sec-${sec.id}`;
    toc.append(el("li", {}, el("a", { href: `#${hid}`, text: sec.title })));
    const card = el("section", { class: "card section", id: hid, "aria-labelledby": `${hid}-title` });
    card.append(el("h2", { id: `${hid}-title`, text: sec.title }));
    card.append(richText(el("p", { class: "muted intro" }), sec.intro));
    for (const s of sec.settings) card.append(row(s));
    sections.append(card);
  }

  clearErrors();
  const fp = $("file-problems");
  if (d.problems.length) {
    showProblems(d.problems, $("file-problems-list"));
    $("file-problems-text").textContent = d.file.editable
      ? tr("loosen cannot start with the file as it is. The problems are listed here and next to their settings; correct them and save, or edit the file by hand.")
      : tr("loosen cannot read this file, so it will not overwrite it. Fix the file by hand (or move it away to start again), then reload this page.");
    fp.hidden = false;
  } else {
    fp.hidden = true;
  }
  $("savebar").hidden = !d.file.editable;
  refresh();
}

async function save(event) {
  event.preventDefault();
  const { body, count } = changes();
  if (!count) return;
  const button = $("save");
  button.disabled = true;
  button.textContent = tr("Saving…");
  try {
    const d = await api("/api/settings", { method: "PUT", body });
    render(d);
    toast(d.message);
    if (d.restart_needed && d.restart_needed.length) {
      $("restart-text").replaceChildren(
        tr("Restart loosen to use %(join)s: run ", { join: d.restart_needed.join(", ") }),
        el("code", { text: "loosen stop" }), tr(", then "), el("code", { text: "loosen start" }), ".",
      );
      $("restart").hidden = false;
    }
  } catch (err) {
    clearErrors();
    const problems = err instanceof ApiError && err.body && err.body.problems;
    if (problems && problems.length) {
      $("summary-title").textContent = tr("Nothing was saved");
      $("summary-text").textContent = err.message;
      showProblems(problems, $("summary-list"));
      $("summary").hidden = false;
      $("summary").focus();
      $("summary").scrollIntoView({ block: "start" });
    } else {
      toast(err.message, { error: true });
    }
  } finally {
    button.textContent = tr("Save changes");
    refresh();
  }
}

function discard() {
  for (const f of fieldsByKey.values()) {
    f.write(f.setting.value);
  }
  clearErrors();
  refresh();
}

async function start() {
  $("form").addEventListener("submit", save);
  $("discard").addEventListener("click", discard);
  window.addEventListener("beforeunload", (e) => {
    if (data && changes().count) e.preventDefault();
  });
  try {
    render(await api("/api/settings"));
  } catch (err) {
    $("file-line").textContent = err.message;
    toast(err.message, { error: true });
  }
}

start();
