// The page in the user's language. The server sends this page's catalog as JSON
// (/i18n.json: the messages of the web pages, the plural rule, lang and dir); every module
// imports tr() and ntr() from here, and the page's own text is translated as soon as this module
// has loaded (module scripts run after the document is parsed, and top-level await makes the
// modules that import this one wait for the catalog).
//
//   tr("Next break at %(time)s.", { time })      a message with named placeholders
//   ntr("%(n)s break", "%(n)s breaks", n)        the plural form for n (n fills %(n)s)
//   ptr("working hours", "Start")                a message in a context (gettext's msgctxt):
//   nptr("break count", "skipped", "skipped", n)   the same English, translated for one place
//
// English is the source: a message the catalog lacks is shown as written.

const INLINE = new Set(["CODE", "STRONG", "EM", "KBD", "B", "I"]);
const SKIP = new Set(["SCRIPT", "STYLE", "CODE", "KBD", "PRE", "SVG", "TEXTAREA"]);
const ATTRS = ["title", "alt", "aria-label", "placeholder"];

let catalog = { lang: "en", dir: "ltr", plural: "n != 1", formats: null, messages: {} };
try {
  const response = await fetch("/i18n.json", { credentials: "same-origin" });
  if (response.ok) catalog = await response.json();
} catch {
  // no catalog: English
}

export const LANG = catalog.lang;
// The locale for Intl (dates, times, numbers): the user's, or the browser's when undefined.
export const LOCALE = catalog.formats || (catalog.lang === "en" ? undefined : catalog.lang);

function fill(text, params) {
  if (!params) return text;
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function tr(message, params) {
  const found = catalog.messages[message];
  return fill(typeof found === "string" && found ? found : message, params);
}

// A message with a context is kept under context + "\u0004" + message (as in a .mo file).
const inContext = (context, message) => `${context}\u0004${message}`;

export function ptr(context, message, params) {
  const found = catalog.messages[inContext(context, message)];
  return fill(typeof found === "string" && found ? found : message, params);
}

// gettext's plural expression, evaluated by a small parser (no eval: the page's CSP forbids it)
function pluralRule(expr) {
  const tokens = expr.match(/\d+|n|&&|\|\||[=!<>]=|[-+*/%()?:<>!]/g) || ["0"];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  function primary() {
    const tok = next();
    if (tok === "(") { const v = ternary(); next(); return v; }
    if (tok === "!") { const v = primary(); return (n) => (v(n) ? 0 : 1); }
    if (tok === "n") return (n) => n;
    const k = Number(tok);
    return () => k;
  }
  function binary(sub, ops) {
    return () => {
      let left = sub();
      while (ops[peek()]) {
        const op = ops[next()];
        const l = left;
        const r = sub();
        left = (n) => op(l(n), r(n));
      }
      return left;
    };
  }
  const mul = binary(primary, { "*": (a, b) => a * b, "/": (a, b) => Math.floor(a / b), "%": (a, b) => a % b });
  const add = binary(mul, { "+": (a, b) => a + b, "-": (a, b) => a - b });
  const cmp = binary(add, { "<": (a, b) => +(a < b), ">": (a, b) => +(a > b), "<=": (a, b) => +(a <= b), ">=": (a, b) => +(a >= b) });
  const eq = binary(cmp, { "==": (a, b) => +(a === b), "!=": (a, b) => +(a !== b) });
  const and = binary(eq, { "&&": (a, b) => +(a && b) });
  const or = binary(and, { "||": (a, b) => +(a || b) });
  function ternary() {
    const test = or();
    if (peek() !== "?") return test;
    next();
    const yes = ternary();
    next(); // ":"
    const no = ternary();
    return (n) => (test(n) ? yes(n) : no(n));
  }
  const rule = ternary();
  return (n) => Number(rule(n));
}

const pluralForm = pluralRule(catalog.plural || "n != 1");

export function ntr(one, many, n, params) {
  return plural(catalog.messages[one], one, many, n, params);
}

export function nptr(context, one, many, n, params) {
  return plural(catalog.messages[inContext(context, one)], one, many, n, params);
}

function plural(found, one, many, n, params) {
  let text = n === 1 ? one : many;
  if (Array.isArray(found)) {
    const form = found[pluralForm(Math.abs(Math.trunc(n)))];
    if (form) text = form;
  }
  return fill(text, { n: formatNumber(n), ...params });
}

export function formatNumber(n, options) {
  return Number(n).toLocaleString(LOCALE, options);
}

// The key of an element marked data-i18n: its text and inline elements, as the extractor
// (loosen.i18n.extract.HtmlTexts) writes it.
function markup(node) {
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      out += child.nodeValue.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const tag = child.tagName.toLowerCase();
      out += `<${tag}>${markup(child)}</${tag}>`;
    }
  }
  return out;
}

const squash = (s) => s.replace(/\s+/g, " ").trim();

// A translation with inline elements, rebuilt from text and the allowed elements only.
function setMarkup(el, html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const copy = (from, to) => {
    for (const child of from.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) to.append(child.nodeValue);
      else if (child.nodeType === Node.ELEMENT_NODE && INLINE.has(child.tagName)) {
        const made = document.createElement(child.tagName.toLowerCase());
        copy(child, made);
        to.append(made);
      } else if (child.nodeType === Node.ELEMENT_NODE) to.append(child.textContent);
    }
  };
  const frag = document.createDocumentFragment();
  copy(doc.body, frag);
  el.replaceChildren(frag);
}

export function translate(root) {
  if (catalog.lang === "en" && !Object.keys(catalog.messages).length) return;
  const walk = (el) => {
    if (SKIP.has(el.tagName) || el.getAttribute("translate") === "no") return;
    for (const name of ATTRS) {
      const value = el.getAttribute(name);
      if (value && /\p{L}/u.test(value)) el.setAttribute(name, tr(squash(value)));
    }
    if (el.hasAttribute("data-i18n")) {
      const key = squash(markup(el));
      const found = catalog.messages[key];
      if (typeof found === "string" && found) setMarkup(el, found);
      return;
    }
    for (const child of [...el.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) {
        const key = squash(child.nodeValue);
        if (key && /\p{L}/u.test(key)) {
          const found = catalog.messages[key];
          if (typeof found === "string" && found) {
            const lead = child.nodeValue.match(/^\s*/)[0];
            const trail = child.nodeValue.match(/\s*$/)[0];
            child.nodeValue = lead + found + trail;
          }
        }
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        walk(child);
      }
    }
  };
  walk(root);
}

document.documentElement.lang = catalog.lang;
document.documentElement.dir = catalog.dir;
translate(document.documentElement);
