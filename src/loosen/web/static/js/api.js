// Talking to the loosen service: JSON in and out, one error shape, a toast for messages.

import { tr, ntr } from "./i18n.js";
export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(tr("loosen is not answering; is it still running? Start it with `loosen start`."), 0, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok || !data || data.ok === false) {
    if (response.status === 401) {
      window.location.reload();
    }
    const message = (data && data.error) || tr("loosen answered with status %(status)s.", { status: response.status });
    throw new ApiError(message, response.status, data);
  }
  return data;
}

export const post = (path, body = {}) => api(path, { method: "POST", body });

let toastTimer = 0;
export function toast(message, { error = false } = {}) {
  let el = document.getElementById("toast");
  if (!el) {
    el = document.createElement("div");
    el.id = "toast";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    document.body.append(el);
  }
  el.className = error ? "toast error" : "toast";
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, error ? 8000 : 4000);
}

// Run an action, show its message or its error.
export async function act(path, body) {
  try {
    const data = await post(path, body);
    if (data.message) toast(data.message);
    return data;
  } catch (err) {
    toast(err.message, { error: true });
    return null;
  }
}
