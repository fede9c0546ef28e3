// The Routines page: every routine with its moves as cards, and importing a routine file.

import { tr, ntr, formatNumber } from "./i18n.js";
import { ApiError, api, post, toast } from "./api.js";
import { hms } from "./format.js";

// a translated sentence with a <code> element where its %(command)s is
const withCode = (text, code) => {
  const [before, after] = text.split("%(command)s");
  return [before, code, after || ""];
};

const $ = (id) => document.getElementById(id);

// Who a screening flag is about (docs/routines.md, "Screening flags").
const FLAGS = {
  "hip-replacement": tr("after a hip or knee replacement or other recent surgery"),
  "knee-pain": tr("with knee pain or a knee injury"),
  pregnancy: tr("after the first three months of pregnancy"),
  "back-leg-symptoms": tr("with back pain that runs into a leg (pain, numbness or tingling)"),
  balance: tr("with balance problems"),
  "no-floor": tr("if getting down to the floor is hard"),
  "seated-only": tr("if you cannot stand"),
};
const WHERE = { floor: tr("on the floor"), chair: tr("on a chair"), standing: tr("standing") };

/** A small element builder: h("p", {class: "x"}, "text", child...). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function seconds(s) {
  if (s >= 60 && s % 60 === 0) return tr("%(minutes)s min", { minutes: formatNumber(s / 60) });
  if (s > 90) return tr("%(time)s min", { time: hms(s) });
  return tr("%(seconds)s s", { seconds: formatNumber(Math.round(s * 10) / 10) });
}

function dose(m) {
  const each = m.sides ? tr(" each side") : "";
  if (m.kind === "reps" && m.reps) return ntr("%(n)s rep%(each)s", "%(n)s reps%(each)s", m.reps, { n: m.reps, each });
  if (m.kind === "hold") return tr("Hold %(seconds)s%(each)s", { seconds: seconds(m.seconds), each });
  return `${seconds(m.seconds)}${each}`; // " each side" as in the messages above
}

const PLURALS = {
  move: (n) => ntr("%(n)s move", "%(n)s moves", n),
  problem: (n) => ntr("%(n)s problem", "%(n)s problems", n),
};
function plural(n, word) {
  return PLURALS[word](n);
}

// -- figures ------------------------------------------------------------------------------------
let figures = null;
function figureModule() {
  if (!figures) figures = import("./figure.js").catch(() => null);
  return figures;
}

/** Put the still figure of a keyframe into `box` (left empty if the pose data cannot be had). */
async function drawStill(box, keyframe, { size, label = "", props = [] }) {
  const mod = await figureModule();
  if (!mod || !mod.stillFigure) return;
  try {
    const svg = await mod.stillFigure(keyframe, { mirrored: false, size, label, props });
    box.replaceChildren(svg);
  } catch {
    box.classList.add("no-figure");
  }
}

// -- the list -------------------------------------------------------------------------------------
const details = new Map(); // routine id -> detail promise

function metaLine(r) {
  const bits = [
    h("span", { class: "pill length", text: hms(r.seconds) }),
    h("span", { text: plural(r.moves, "move") }),
    h("span", { text: r.positions.map((p) => WHERE[p] || p).join(", ") }),
  ];
  if (r.warm_up) bits.push(h("span", { class: "pill warm", text: tr("warm-up") }));
  return h("p", { class: "meta" }, ...bits);
}

function routineCard(r) {
  const id = `r-${r.id}`;
  const movesId = `${id}-moves`;
  const toggle = h("button", {
    type: "button", class: "toggle", "aria-expanded": "false", "aria-controls": movesId,
  }, h("span", { class: "chev", "aria-hidden": "true" }), tr("Show the %(plural)s", { plural: plural(r.moves, "move") }));
  const play = h("a", { class: "button primary play", href: r.play },
    h("span", { class: "tri", "aria-hidden": "true" }), tr("Play"),
    h("span", { class: "visually-hidden", text: ` ${r.name}` }));
  const strip = h("ol", { class: "strip", "aria-label": tr("The moves of %(name)s", { name: r.name }) });
  r.move_names.forEach((name, i) => {
    const box = h("span", { class: "thumb", "aria-hidden": "true" });
    drawStill(box, r.stills[i], { size: 44 });
    strip.append(h("li", { title: name }, box, h("span", { class: "visually-hidden", text: name })));
  });
  const moves = h("div", { id: movesId, class: "moves", hidden: true });
  const card = h("article", { class: "card routine", id, "aria-labelledby": `${id}-name`, "data-id": r.id },
    h("div", { class: "routine-head" },
      h("div", { class: "routine-title" },
        h("h3", { id: `${id}-name`, text: r.name }),
        metaLine(r)),
      h("div", { class: "actions" }, play)),
    r.summary ? h("p", { class: "summary", text: r.summary }) : null,
    r.file ? h("p", { class: "muted file" }, tr("From "), h("code", { text: r.file })) : null,
    ...r.notes.map((n) => h("p", { class: "note", text: n })),
    h("div", { class: "routine-foot" }, strip, toggle),
    moves);
  toggle.addEventListener("click", () => setOpen(card, toggle.getAttribute("aria-expanded") !== "true"));
  return h("li", {}, card);
}

async function setOpen(card, open, { scroll = false } = {}) {
  const toggle = card.querySelector(".toggle");
  const moves = card.querySelector(".moves");
  const id = card.dataset.id;
  toggle.setAttribute("aria-expanded", String(open));
  toggle.lastChild.textContent = open ? tr("Hide the moves") : tr("Show the %(plural)s", { plural: plural(card.querySelectorAll(".strip li").length, "move") });
  card.classList.toggle("open", open);
  moves.hidden = !open;
  if (open) {
    history.replaceState(null, "", `#${id}`);
    if (!moves.childElementCount) {
      moves.append(h("p", { class: "muted", text: tr("Loading the moves…") }));
      try {
        if (!details.has(id)) details.set(id, api(`/api/routines/${encodeURIComponent(id)}`));
        const data = await details.get(id);
        renderMoves(moves, data.routine);
      } catch (err) {
        details.delete(id);
        moves.replaceChildren(h("p", { class: "error-text", text: err.message }));
      }
    }
    if (scroll) card.scrollIntoView({ block: "start" });
  } else if (location.hash === `#${id}`) {
    history.replaceState(null, "", location.pathname);
  }
}

function renderMoves(box, r) {
  const timing = h("p", { class: "muted timing" },
    tr("%(seconds)s to get ready between moves, %(seconds2)s to switch sides.", { seconds: seconds(r.transition), seconds2: seconds(r.side_switch) }));
  const grid = h("ol", { class: "move-grid" });
  r.moves.forEach((m, i) => grid.append(moveCard(m, i + 1)));
  box.replaceChildren(timing, grid);
}

function moveCard(m, n) {
  const fig = h("div", { class: "figure" });
  drawStill(fig, m.still, { size: 168, props: m.props, label: tr("%(name)s: the position to aim for", { name: m.name }) });
  const more = [];
  if (m.mistakes.length) {
    more.push(h("dt", { text: tr("Common mistakes") }),
      h("dd", {}, h("ul", {}, ...m.mistakes.map((t) => h("li", { text: t })))));
  }
  if (m.easier) more.push(h("dt", { text: tr("Easier") }), h("dd", { text: m.easier }));
  if (m.harder) more.push(h("dt", { text: tr("Harder") }), h("dd", { text: m.harder }));
  const skip = [];
  if (m.caution) skip.push(h("p", { text: m.caution }));
  if (m.skip_if.length) {
    skip.push(h("p", { class: "muted", text: tr("loosen leaves it out %(reasons)s.", { reasons: m.skip_if.map((f) => FLAGS[f] || f).join("; ") }) }));
  }
  if (m.alternative_name) skip.push(h("p", { class: "muted", text: tr("Instead: %(alternative_name)s.", { alternative_name: m.alternative_name }) }));
  if (skip.length) more.push(h("dt", { text: tr("Who should skip it") }), h("dd", {}, ...skip));
  const tips = more.length
    ? h("details", { class: "more" },
      h("summary", {}, tr("Mistakes, variants and who should skip it")),
      h("dl", {}, ...more))
    : null;
  const tags = [h("span", { class: "pill", text: dose(m) }), h("span", { class: "pill plain", text: WHERE[m.position] || m.position })];
  return h("li", { class: "move-card", "data-move": m.id },
    fig,
    h("div", { class: "move-body" },
      h("p", { class: "move-no", "aria-hidden": "true", text: String(n) }),
      h("h4", { text: m.name }),
      h("p", { class: "tags" }, ...tags),
      m.replaces_name ? h("p", { class: "note", text: tr("In place of %(replaces_name)s, from your screening answers.", { replaces_name: m.replaces_name }) }) : null,
      h("p", { class: "cue", text: m.cue }),
      h("ol", { class: "steps", "aria-label": tr("How to do %(name)s", { name: m.name }) }, ...m.steps.map((s) => h("li", { text: s }))),
      m.feel ? h("p", { class: "feel" }, h("strong", { text: tr("Feel: ") }), m.feel) : null,
      m.targets.length ? h("p", { class: "muted targets", text: tr("Works: %(join)s.", { join: m.targets.join(", ") }) }) : null,
      tips));
}

function brokenCard(b) {
  const list = h("ul", { class: "problems compact" },
    ...b.problems.map((p) => h("li", {},
      p.key ? h("code", { text: p.key }) : null,
      p.line ? h("span", { class: "line-ref", text: tr("line %(n)s", { n: p.line }) }) : null,
      h("span", { text: p.message }))));
  return h("li", { class: "card broken", id: `broken-${b.id}` },
    h("h3", {}, h("span", { class: "pill bad", text: tr("not offered") }), ` ${b.id}`),
    h("p", { text: b.error }),
    list,
    h("p", { class: "muted" }, ...withCode(
      tr("Fix the file and import it again with “replace”, or check it with %(command)s."),
      h("code", { text: `loosen routines validate ${b.file}` }))));
}

async function loadList() {
  let data;
  try {
    data = await api("/api/routines");
    $("offline").hidden = true;
  } catch (err) {
    $("offline-text").textContent = err.message;
    $("offline").hidden = false;
    $("builtin-list").replaceChildren();
    return;
  }
  const open = new Set([...document.querySelectorAll(".routine.open")].map((c) => c.dataset.id));
  const builtin = data.routines.filter((r) => r.source === "built-in");
  const yours = data.routines.filter((r) => r.source !== "built-in");
  $("builtin-list").replaceChildren(...builtin.map(routineCard));
  $("builtin-list").removeAttribute("aria-busy");
  $("yours-list").replaceChildren(...yours.map(routineCard));
  $("broken-list").replaceChildren(...data.broken.map(brokenCard));
  $("yours-empty").hidden = yours.length > 0 || data.broken.length > 0;
  $("folder").textContent = data.folder;
  $("folder-line").hidden = false;
  for (const id of open) {
    const card = document.querySelector(`.routine[data-id="${CSS.escape(id)}"]`);
    if (card) setOpen(card, true);
  }
}

function openFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id || id === "import") return;
  const card = document.querySelector(`.routine[data-id="${CSS.escape(id)}"]`);
  if (card) setOpen(card, true, { scroll: true });
}

// -- import ---------------------------------------------------------------------------------------
function groupByKey(problems) {
  const groups = new Map();
  for (const p of problems) {
    const k = p.key || "";
    if (!groups.has(k)) groups.set(k, { key: k, line: p.line, messages: [] });
    groups.get(k).messages.push(p.message);
  }
  return [...groups.values()];
}

function codeView(text, problems) {
  const byLine = new Map();
  for (const p of problems) {
    if (!p.line) continue;
    if (!byLine.has(p.line)) byLine.set(p.line, []);
    byLine.get(p.line).push(p);
  }
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const rows = [];
  lines.forEach((line, i) => {
    const n = i + 1;
    const found = byLine.get(n);
    rows.push(h("div", { class: found ? "ln bad" : "ln", id: `import-line-${n}` },
      h("span", { class: "num", "aria-hidden": "true", text: String(n) }),
      h("code", { text: line || " " })));
    if (found) {
      rows.push(h("div", { class: "ann" },
        ...found.map((p) => h("p", {},
          h("span", { class: "visually-hidden", text: tr("Line %(n)s: ", { n }) }),
          p.key ? h("code", { text: p.key }) : null, p.key ? " " : null, p.message))));
    }
  });
  return h("div", { class: "code", tabindex: "0", role: "region", "aria-label": tr("The file you chose, with its problems marked") }, ...rows);
}

function showProblems(filename, text, err) {
  const problems = (err.body && err.body.problems) || [];
  const list = h("ol", { class: "problems" });
  for (const g of groupByKey(problems)) {
    const where = h("p", { class: "where" },
      h("code", { class: "key", text: g.key || tr("the whole file") }));
    if (g.line) {
      const jump = h("a", { class: "line-ref", href: `#import-line-${g.line}` }, tr("line %(n)s", { n: g.line }));
      jump.addEventListener("click", (e) => {
        e.preventDefault();
        const row = document.getElementById(`import-line-${g.line}`);
        row.scrollIntoView({ block: "center" });
        row.classList.remove("flash");
        void row.offsetWidth;
        row.classList.add("flash");
      });
      where.append(jump);
    }
    list.append(h("li", { "data-key": g.key }, where, ...g.messages.map((m) => h("p", { class: "msg", text: m }))));
  }
  const panel = h("div", { class: "result bad", role: "alert" },
    h("div", { class: "result-head" },
      h("h3", { text: err.message }),
      h("p", { class: "muted", text: tr("Fix these in the file and choose it again. Each problem is marked beside its line below.") })),
    h("div", { class: "problem-layout" },
      h("div", { class: "problem-list" }, h("h4", { text: tr("%(plural)s by key", { plural: plural(problems.length, "problem") }) }), list),
      h("div", { class: "problem-code" }, h("h4", {}, h("code", { text: filename })), codeView(text, problems))));
  $("import-result").replaceChildren(panel);
}

function showExists(filename, text, err) {
  const replace = h("button", { type: "button", class: "primary" }, tr("Replace it"));
  const cancel = h("button", { type: "button" }, tr("Keep the one I have"));
  replace.addEventListener("click", () => send(filename, text, true));
  cancel.addEventListener("click", () => {
    $("import-result").replaceChildren();
    $("import-file").value = "";
  });
  $("import-result").replaceChildren(h("div", { class: "banner break result", role: "alert" },
    h("p", { text: err.message }), h("div", { class: "actions" }, replace, cancel)));
  replace.focus();
}

function showDone(data) {
  const r = data.routine;
  const see = h("a", { class: "button", href: `#${r.id}` }, tr("See its moves"));
  see.addEventListener("click", (e) => {
    e.preventDefault();
    const card = document.querySelector(`.routine[data-id="${CSS.escape(r.id)}"]`);
    if (card) setOpen(card, true, { scroll: true });
  });
  $("import-result").replaceChildren(h("div", { class: "banner info result", role: "status" },
    h("p", { text: data.message }),
    h("div", { class: "actions" },
      h("a", { class: "button primary", href: r.play }, tr("Play %(name)s", { name: r.name })), see)));
}

async function send(filename, text, replace = false) {
  $("import-result").replaceChildren(h("p", { class: "muted", text: tr("Checking %(filename)s…", { filename }) }));
  try {
    const data = await post("/api/routines/import", { filename, text, replace });
    details.delete(data.routine.id);
    await loadList();
    showDone(data);
    const card = document.querySelector(`.routine[data-id="${CSS.escape(data.routine.id)}"]`);
    if (card) card.classList.add("fresh");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 400 && err.body && err.body.problems) showProblems(filename, text, err);
    else if (err.status === 409) showExists(filename, text, err);
    else {
      $("import-result").replaceChildren(h("div", { class: "banner danger result", role: "alert" }, h("p", { text: err.message })));
    }
  } finally {
    $("import-file").value = "";
  }
}

async function importFile(file) {
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch {
    toast(tr("The file “%(name)s” could not be read.", { name: file.name }), { error: true });
    return;
  }
  await send(file.name, text);
}

$("import-file").addEventListener("change", (e) => importFile(e.target.files[0]));
const zone = $("dropzone");
for (const type of ["dragenter", "dragover"]) {
  zone.addEventListener(type, (e) => {
    if (![...e.dataTransfer.types].includes("Files")) return;
    e.preventDefault();
    zone.classList.add("over");
  });
}
zone.addEventListener("dragleave", () => zone.classList.remove("over"));
zone.addEventListener("drop", (e) => {
  e.preventDefault();
  zone.classList.remove("over");
  importFile(e.dataTransfer.files[0]);
});

window.addEventListener("hashchange", openFromHash);
loadList().then(openFromHash);
