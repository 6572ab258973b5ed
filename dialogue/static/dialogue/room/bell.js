// The header's notification bell, kept current by the room socket's `notification` frame
// (docs/dialogue-protocol.md). Its texts come with the bell's markup (notifications/bell.html).

function interpolate(format, values) {
  return String(format || "").replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

export function updateBell(frame) {
  const bell = document.querySelector("[data-notification-bell]");
  if (!bell || typeof frame.unread !== "number") return;
  const count = bell.querySelector("[data-notification-count]");
  const unread = Math.max(0, Math.floor(frame.unread));
  const words = interpolate(unread === 1 ? bell.dataset.unreadOne : bell.dataset.unreadOther, { count: unread });
  count.replaceChildren();
  const visible = document.createElement("span");
  visible.setAttribute("aria-hidden", "true");
  visible.textContent = String(unread);
  const spoken = document.createElement("span");
  spoken.className = "visually-hidden";
  spoken.textContent = `(${words})`;
  count.append(visible, spoken);
  count.hidden = unread === 0;
  const latest = frame.latest;
  const live = document.querySelector("[data-notification-live]");
  if (live && latest && typeof latest.text === "string") {
    live.textContent = `${interpolate(bell.dataset.announce, { text: latest.text })} ${words}`;
  }
}
