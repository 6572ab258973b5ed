// The outbox that makes sure no word is lost: what was written but not yet confirmed by a
// `message.new` with its client_id, kept in localStorage and shared by the room's tabs.

export class Outbox {
  constructor(key) {
    this.key = key;
    this.items = [];
    this.reload();
  }

  reload() {
    try {
      const saved = JSON.parse(window.localStorage.getItem(this.key) || "[]");
      if (Array.isArray(saved)) this.items = saved.filter((item) => item && typeof item.client_id === "string");
    } catch (e) {
      /* keep what we have */
    }
  }

  save() {
    try {
      if (this.items.length) window.localStorage.setItem(this.key, JSON.stringify(this.items));
      else window.localStorage.removeItem(this.key);
    } catch (e) {
      /* storage full or unavailable: the outbox lasts as long as the page */
    }
  }

  add(item) {
    this.items.push(item);
    this.save();
  }

  find(clientId) {
    return this.items.find((item) => item.client_id === clientId);
  }

  remove(clientId) {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.client_id !== clientId);
    if (this.items.length !== before) this.save();
    return this.items.length !== before;
  }

  get pending() {
    return this.items.filter((item) => !item.failed);
  }

  // Another tab changed the outbox: call back after reloading it.
  follow(onChange) {
    window.addEventListener("storage", (event) => {
      if (event.key !== this.key) return;
      this.reload();
      onChange();
    });
  }
}

// The send frame for an outbox item; the same client_id every time, so resending is safe.
export function sendFrame(item) {
  const frame = { type: "message.send", client_id: item.client_id, body: item.body };
  if (item.reply_to !== undefined && item.reply_to !== null) frame.reply_to = item.reply_to;
  if (item.as_org) frame.as_org = item.as_org;
  if (Array.isArray(item.mentions) && item.mentions.length) frame.mentions = item.mentions;
  return frame;
}
