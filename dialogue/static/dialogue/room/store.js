// The messages this page knows, by id and in id order (ids grow in commit order).

// Messages per page: in hello, in the page's first render and per "load earlier".
export const PAGE = 50;

export function replyId(m) {
  const replyTo = m.reply_to;
  if (replyTo === null || replyTo === undefined) return null;
  return typeof replyTo === "object" ? replyTo.id : replyTo;
}

export class MessageStore {
  constructor() {
    this.messages = new Map();
    this.order = [];
    this.lastSeenId = 0;
  }

  get(id) {
    return this.messages.get(id);
  }

  has(id) {
    return this.messages.has(id);
  }

  get first() {
    return this.order[0];
  }

  get size() {
    return this.order.length;
  }

  // Stores m; answers the index of a new message in `order`, or -1 when it replaced one.
  put(m) {
    const existed = this.messages.has(m.id);
    this.messages.set(m.id, m);
    if (m.id > this.lastSeenId) this.lastSeenId = m.id;
    if (existed) return -1;
    const index = this.insertIndex(m.id);
    this.order.splice(index, 0, m.id);
    return index;
  }

  remove(id) {
    if (!this.messages.has(id)) return false;
    this.messages.delete(id);
    this.order = this.order.filter((x) => x !== id);
    return true;
  }

  // The messages that reply to `id`.
  repliesTo(id) {
    return [...this.messages.values()].filter((m) => replyId(m) === id);
  }

  insertIndex(id) {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.order[mid] < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
