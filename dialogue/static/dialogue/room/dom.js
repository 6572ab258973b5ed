// Small helpers shared by the room's modules: page data, storage, ids, time, text.

export function readJSON(id) {
  const node = document.getElementById(id);
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch (e) {
    return null;
  }
}

// The first element of a <template> the page carries, cloned.
export function cloneTemplate(id) {
  const template = document.getElementById(id);
  return template ? template.content.firstElementChild.cloneNode(true) : null;
}

export function readSetting(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

export function writeSetting(key, value) {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch (e) {
    /* unavailable */
  }
}

export function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function snippet(text, length = 80) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

export const LANG = document.documentElement.lang || "ja";

const TIME_FORMAT = new Intl.DateTimeFormat(LANG, {
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Asia/Tokyo",
});
const DATE_TIME_FORMAT = new Intl.DateTimeFormat(LANG, {
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Asia/Tokyo",
});

export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const sameDay = new Date().toDateString() === date.toDateString();
  return (sameDay ? TIME_FORMAT : DATE_TIME_FORMAT).format(date);
}

// Smooth scrolling only for readers who have not asked their system for less motion.
export function scrollBehavior() {
  const calm = !window.matchMedia || !window.matchMedia("(prefers-reduced-motion: no-preference)").matches;
  return calm ? "auto" : "smooth";
}
