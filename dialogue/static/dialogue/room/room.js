// The live room: wires the connection, the message store, the drawing, the outbox, the
// composer, presence and notices together, and answers the server's frames
// (docs/dialogue-protocol.md).

import { updateBell } from "./bell.js";
import { Composer } from "./composer.js";
import { Connection } from "./connection.js";
import { newClientId } from "./dom.js";
import { LogActions } from "./log-actions.js";
import { Notices } from "./notices.js";
import { Outbox, sendFrame } from "./outbox.js";
import { Presence, Typing } from "./presence.js";
import { MessageView } from "./render.js";
import { MessageStore, PAGE } from "./store.js";
import { t } from "./strings.js";

// Moderation and acknowledgement: refused without two-step verification, kept for a retry.
const POWER_FRAMES = new Set(["message.hide", "message.unhide", "message.delete", "message.acknowledge"]);

const RATE_LIMIT_RETRY_MS = 5000;

export class Room {
  constructor(root, initial) {
    this.root = root;
    this.room = initial.room || {};
    this.slug = this.room.slug;
    this.me = initial.me || null;
    this.canPost = Boolean(initial.can_post);
    this.canModerate = Boolean(initial.can_moderate);
    this.canAcknowledge = Boolean(initial.can_acknowledge);
    this.proposeUrl = typeof initial.propose_url === "string" ? initial.propose_url : "";
    this.outcomeUrl = typeof initial.outcome_url === "string" ? initial.outcome_url : "";
    this.allowedEmoji = initial.allowed_emoji || [];
    // The reader turned furigana on: messages are drawn from their `ruby` variant.
    this.furigana = initial.furigana === true;
    this.orgs = initial.orgs || [];
    this.limits = { ...initial.limits };
    this.store = new MessageStore();
    this.olderComplete = false;
    this.historyRequests = [];
    this.editingId = null;
    this.hidingId = null;

    const who = this.me ? this.me.id : "anon";
    this.storagePrefix = `consortium.room.${this.slug}.${who}`;
    this.outbox = new Outbox(`${this.storagePrefix}.outbox`);
    this.view = new MessageView(this);

    this.build();
    this.connection = new Connection(initial.ws_url || `/ws/rooms/${this.slug}/`, {
      onFrame: (frame) => this.onFrame(frame),
      onState: (state, seconds) => this.onState(state, seconds),
    });
    for (const m of initial.messages || []) this.upsert(m);
    // The page carries the latest 50 and says whether older ones exist.
    this.olderComplete =
      typeof initial.complete === "boolean" ? initial.complete : (initial.messages || []).length < PAGE;
    this.renderOutbox();
    this.present = initial.presence || [];
    this.presence.render(this.present);
    this.composer.update();
    this.updateOlderButton();
    this.scrollToBottom();
    this.connection.connect();
    // Another tab of the same room shares the outbox: follow its changes.
    this.outbox.follow(() => this.renderOutbox());
  }

  get readOnly() {
    return Boolean(this.room.read_only);
  }

  get canWrite() {
    return Boolean(this.canPost && this.me && !this.readOnly);
  }

  // --- Layout: the server's <template id="room-shell"> in place of the readable history ---

  build() {
    this.root.replaceChildren(document.getElementById("room-shell").content.cloneNode(true));
    this.root.classList.add("room");
    this.root.setAttribute("data-live", "");
    this.logRegion = this.root.querySelector(".room-log");
    this.logNode = this.root.querySelector(".room-log__list:not(.room-outbox)");
    this.outboxNode = this.root.querySelector(".room-outbox");
    this.olderButton = this.root.querySelector(".room-older");
    this.notices = new Notices(this.root, {
      onDismiss: () => this.composer.focus(),
      isShown: (id) => this.store.has(id) && !this.store.get(id).deleted,
    });
    this.typing = new Typing(this.root.querySelector(".room-typing"));
    this.presence = new Presence(
      this.root.querySelector(".room-presence__title"),
      this.root.querySelector(".room-presence__groups"),
    );
    this.composer = new Composer(this.root.querySelector(".room-composer"), this);
    // Open beside the log on wide screens; folded above it on phones.
    this.root.querySelector(".room-presence details").open =
      !window.matchMedia || window.matchMedia("(min-width: 48rem)").matches;
    this.actions = new LogActions(this);
  }

  // --- Connection ---

  onState(state, seconds) {
    if (state === "connecting") this.historyRequests = [];
    this.notices.setState(state, { seconds, waiting: this.outbox.pending.length });
  }

  refreshState() {
    this.onState(this.connection.state, 0);
  }

  send(frame) {
    return this.connection.send(frame);
  }

  // A request that only makes sense while connected: say so instead of silently dropping it.
  request(frame) {
    if (POWER_FRAMES.has(frame.type)) this.lastPower = frame;
    if (this.send(frame)) {
      this.notices.clearError();
      return true;
    }
    this.notices.showError(t("not_connected"));
    return false;
  }

  // --- Frames from the server ---

  onFrame(frame) {
    switch (frame.type) {
      case "hello":
        return this.onHello(frame);
      case "message.new":
        return this.onNewMessage(frame.message);
      case "message.updated":
        return frame.message && this.upsert(frame.message);
      case "reaction.updated":
        return this.onReactions(frame);
      case "history":
        return this.onHistory(frame);
      case "presence":
        this.present = Array.isArray(frame.present) ? frame.present : [];
        return this.presence.render(this.present);
      case "notification":
        return updateBell(frame);
      case "typing":
        if (frame.user && !(this.me && frame.user.id === this.me.id)) this.typing.seen(frame.user);
        return undefined;
      case "error":
        return this.onError(frame);
      default:
        return undefined;
    }
  }

  onHello(frame) {
    if (frame.room) this.room = { ...this.room, ...frame.room };
    if (frame.me !== undefined) this.me = frame.me || this.me;
    if (typeof frame.can_post === "boolean") this.canPost = frame.can_post;
    if (typeof frame.can_moderate === "boolean") this.canModerate = frame.can_moderate;
    if (typeof frame.can_acknowledge === "boolean") this.canAcknowledge = frame.can_acknowledge;
    if (frame.limits && typeof frame.limits === "object") this.limits = { ...this.limits, ...frame.limits };
    this.connection.live();
    if (Array.isArray(frame.allowed_emoji) && frame.allowed_emoji.length) {
      this.allowedEmoji = frame.allowed_emoji;
    }
    if (!this.orgs.length && frame.me && Array.isArray(frame.me.orgs)) this.orgs = frame.me.orgs;
    const known = this.store.lastSeenId;
    for (const m of frame.messages || []) this.upsert(m);
    this.updateOlderButton();
    this.composer.update();
    if (frame.presence) {
      this.present = frame.presence;
      this.presence.render(frame.presence);
    }
    // Whatever arrived while we were away, beyond the last 50 the hello carries.
    this.requestResume(known);
    this.flushOutbox();
    this.rerenderAll();
  }

  requestResume(after) {
    if (this.send({ type: "resume", after })) this.historyRequests.push("resume");
  }

  onNewMessage(m) {
    if (!m || typeof m.id !== "number") return;
    const mine = m.client_id && this.outbox.remove(m.client_id);
    if (mine) this.renderOutbox();
    const isNew = !this.store.has(m.id);
    const nearBottom = this.isNearBottom();
    this.upsert(m);
    if (isNew && !(this.me && m.author && m.author.id === this.me.id)) this.notices.announce(m);
    if (isNew && (mine || nearBottom)) this.scrollToBottom();
    this.refreshState();
  }

  onReactions(frame) {
    const m = this.store.get(frame.id);
    if (!m) return;
    m.reactions = frame.reactions || {};
    if (Array.isArray(frame.mine)) m.my_reactions = frame.mine;
    this.rerender(m.id);
  }

  onHistory(frame) {
    // The server echoes `before` or `after`; the queue of requests is the fallback.
    let kind = frame.before !== undefined ? "older" : frame.after !== undefined ? "resume" : null;
    if (kind) {
      const index = this.historyRequests.indexOf(kind);
      if (index >= 0) this.historyRequests.splice(index, 1);
    } else {
      kind = this.historyRequests.shift() || "resume";
    }
    const messages = Array.isArray(frame.messages) ? frame.messages : [];
    const nearBottom = this.isNearBottom();
    for (const m of messages) this.upsert(m);
    for (const m of messages) if (m.client_id && this.outbox.remove(m.client_id)) this.renderOutbox();
    if (kind === "older") {
      this.olderComplete = frame.complete !== false;
      this.updateOlderButton();
      this.olderButton.focus();
    } else if (frame.complete === false && messages.length) {
      this.requestResume(Math.max(...messages.map((m) => m.id)));
    }
    if (kind !== "older" && nearBottom) this.scrollToBottom();
  }

  onError(frame) {
    const text = frame.detail || t("failed");
    const power = this.lastPower;
    if (frame.code === "two_step_required" && power && power.id === frame.id) {
      this.notices.showTwoStep(text, frame.setup_url, () => this.request(power));
      return;
    }
    const item = frame.client_id ? this.outbox.find(frame.client_id) : null;
    if (item) {
      if (frame.code === "rate_limited") {
        setTimeout(() => this.resend(item.client_id), RATE_LIMIT_RETRY_MS);
      } else {
        // Refused for good: keep the words, let the writer edit or discard them.
        item.failed = text;
        this.outbox.save();
        this.renderOutbox();
      }
    }
    this.notices.showError(text);
  }

  // --- Messages ---

  upsert(m) {
    if (!m || typeof m.id !== "number") return;
    if (m.hidden && !this.canModerate) {
      this.removeMessage(m.id);
      return;
    }
    const index = this.store.put(m);
    if (index < 0) {
      this.rerender(m.id);
      return;
    }
    const nextId = this.store.order[index + 1];
    const next = nextId === undefined ? null : this.logNode.querySelector(`#msg-${nextId}`);
    this.logNode.insertBefore(this.view.render(m), next);
    // Replies shown before their original now know what they quote.
    for (const other of this.store.repliesTo(m.id)) this.rerender(other.id);
  }

  removeMessage(id) {
    if (!this.store.remove(id)) return;
    const node = this.logNode.querySelector(`#msg-${id}`);
    if (node) {
      const hadFocus = node.contains(document.activeElement);
      node.remove();
      if (hadFocus) this.logRegion.focus();
    }
  }

  rerender(id) {
    const m = this.store.get(id);
    const old = this.logNode.querySelector(`#msg-${id}`);
    if (!m || !old) return;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    const focusKey =
      focused && (focused.dataset.action ? `${focused.dataset.action}|${focused.dataset.emoji || ""}` : null);
    const editingValue = this.editingId === id ? old.querySelector("textarea")?.value : undefined;
    const node = this.view.render(m, editingValue);
    old.replaceWith(node);
    if (focused === old) {
      // The reader was on the message itself (moving with the arrow keys): stay there.
      node.focus({ preventScroll: true });
    } else if (focused) {
      const [action, emoji] = (focusKey || "|").split("|");
      const selector = emoji ? `[data-action="${action}"][data-emoji="${emoji}"]` : `[data-action="${action}"]`;
      const target = (focusKey && node.querySelector(selector)) || node.querySelector("textarea, input, button");
      if (target) target.focus();
    }
  }

  rerenderAll() {
    for (const id of this.store.order) this.rerender(id);
  }

  // --- Outbox ---

  post(body, options) {
    const item = { client_id: newClientId(), body, created: Date.now(), ...options };
    this.notices.clearError();
    this.outbox.add(item);
    this.renderOutbox();
    this.scrollToBottom();
    this.send(sendFrame(item));
    this.refreshState();
  }

  renderOutbox() {
    this.outboxNode.replaceChildren(...this.outbox.items.map((item) => this.view.renderPending(item)));
  }

  flushOutbox() {
    for (const item of this.outbox.pending) this.send(sendFrame(item));
  }

  resend(clientId) {
    const item = this.outbox.find(clientId);
    if (item && !item.failed) this.send(sendFrame(item));
  }

  updateOlderButton() {
    this.olderButton.hidden = this.olderComplete || this.store.size === 0;
  }

  // --- Scrolling ---

  isNearBottom() {
    const node = this.logRegion;
    return node.scrollHeight - node.scrollTop - node.clientHeight < 120;
  }

  scrollToBottom() {
    this.logRegion.scrollTop = this.logRegion.scrollHeight;
  }
}
