// Interface texts, translated by the server (dialogue/client.py) into
// <script type="application/json" id="room-strings">. Placeholders use %(name)s.

import { readJSON } from "./dom.js";

const STRINGS = readJSON("room-strings") || {};

export function interpolate(format, values = {}) {
  return String(format).replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

export function t(key, values) {
  const text = typeof STRINGS[key] === "string" ? STRINGS[key] : key;
  return values ? interpolate(text, values) : text;
}

// Plural texts come as {one, other}: the two forms Japanese and English need.
export function plural(key, count, values = {}) {
  const forms = STRINGS[key] || {};
  const text = (count === 1 ? forms.one : forms.other) || forms.other || key;
  return interpolate(text, { count, ...values });
}

export function kindLabel(kind) {
  const kinds = STRINGS.kinds || {};
  return kinds[kind] || kinds.other || "";
}
