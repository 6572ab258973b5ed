// The live room: history, live messages, composer, reactions, presence, moderation.
// Plain ES module, no build step. Contract with the server: shared/dialogue-protocol.md.
//
// What the page must provide (templates/dialogue/room.html):
//   <div id="room-app"> … server-rendered history for reading without JavaScript … </div>
//     (this module replaces everything inside #room-app with the live room)
//   {{ initial|json_script:"room-initial" }} with {room, me, can_post, can_moderate,
//     can_acknowledge, latest_id, messages, complete, presence, ws_url, allowed_emoji, orgs}
//   <script type="module" src="{% static 'dialogue/room.js' %}"></script>
//   room.css is added by this module when the page does not link it.
//
// Interface strings: every one goes through gettext()/ngettext() below, so
// `make makemessages` extracts them into dialogue/locale/ja/LC_MESSAGES/djangojs.po.
// Translations are looked up, in order, in
//   1. a JSON catalogue {msgid: translation} in <script type="application/json" id="room-strings">;
//   2. Django's JavaScriptCatalog, loaded before this module as a classic script:
//        <script src="{% url 'dialogue:jsi18n' %}"></script>   (window.django.gettext);
//   3. the English msgid itself.
// Placeholders use Django's named form, %(name)s, as interpolate() does.

const ROOT = document.getElementById("room-app");
const INITIAL = readJSON("room-initial");
const STRINGS = readJSON("room-strings") || {};

function readJSON(id) {
  const node = document.getElementById(id);
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch (e) {
    return null;
  }
}

function gettext(msgid) {
  if (Object.prototype.hasOwnProperty.call(STRINGS, msgid)) return STRINGS[msgid];
  const django = window.django;
  if (django && typeof django.gettext === "function") return django.gettext(msgid);
  return msgid;
}

function ngettext(singular, plural, count) {
  const key = count === 1 ? singular : plural;
  if (Object.prototype.hasOwnProperty.call(STRINGS, key)) return STRINGS[key];
  const django = window.django;
  if (django && typeof django.ngettext === "function") return django.ngettext(singular, plural, count);
  return key;
}

function interpolate(format, values) {
  return format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

// Kinds of organisation (members.OrganizationKind), shown on the badge.
const KIND_LABELS = {
  city: gettext("City office"),
  chamber: gettext("Chamber of commerce"),
  coop: gettext("Agricultural co-op"),
  tourism: gettext("Tourism association"),
  entrepreneurs: gettext("Entrepreneurs' network"),
  company: gettext("Company"),
  residents: gettext("Residents' group"),
  other: gettext("Other"),
};

const ERROR_TEXT = {
  invalid: gettext("The server could not understand that request."),
  too_long: gettext("That message is too long (at most 4,000 characters)."),
  rate_limited: gettext("You are sending messages too quickly. Please wait a moment."),
  forbidden: gettext("You are not allowed to do that in this room."),
  not_found: gettext("That message no longer exists."),
  read_only: gettext("This room is read-only."),
  two_step_required: gettext("Your role needs two-step verification for this."),
};
const POWER_FRAMES = new Set(["message.hide", "message.unhide", "message.delete", "message.acknowledge"]);

const MAX_BODY = 4000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;
const PING_EVERY_MS = 20000;
const PONG_WAIT_MS = 8000;
const TYPING_EVERY_MS = 3000;
const TYPING_SHOW_MS = 6000;
const RATE_LIMIT_RETRY_MS = 5000;

// --- Small DOM helpers ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

function button(label, attrs = {}) {
  return el("button", { type: "button", class: "room-button", ...attrs }, label);
}

function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function snippet(text, length = 80) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

const LANG = document.documentElement.lang || "ja";
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

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const sameDay = new Date().toDateString() === date.toDateString();
  return (sameDay ? TIME_FORMAT : DATE_TIME_FORMAT).format(date);
}

// --- Storage: the outbox that makes sure no word is lost --------------------------------------

class Outbox {
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
}

function readSetting(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

function writeSetting(key, value) {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch (e) {
    /* unavailable */
  }
}

// --- The room ---------------------------------------------------------------------------------

class Room {
  constructor(root, initial) {
    this.root = root;
    this.room = initial.room || {};
    this.slug = this.room.slug;
    this.me = initial.me || null;
    this.canPost = Boolean(initial.can_post);
    this.canModerate = Boolean(initial.can_moderate);
    this.canAcknowledge = Boolean(initial.can_acknowledge);
    this.allowedEmoji = initial.allowed_emoji || ["👍", "🙏", "💡", "👏", "❓"];
    this.orgs = initial.orgs || [];
    this.wsUrl = initial.ws_url || `/ws/rooms/${this.slug}/`;

    this.messages = new Map();
    this.order = [];
    this.lastSeenId = 0;
    this.olderComplete = false;
    this.historyRequests = [];
    this.replyTo = null;
    this.editingId = null;
    this.hidingId = null;
    this.typing = new Map();
    this.lastTypingSent = 0;

    const who = this.me ? this.me.id : "anon";
    this.storagePrefix = `consortium.room.${this.slug}.${who}`;
    this.outbox = new Outbox(`${this.storagePrefix}.outbox`);

    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.stopped = false;
    this.state = "connecting";

    this.build();
    for (const m of initial.messages || []) this.upsert(m);
    // The page carries the latest 50 and says whether older ones exist.
    this.olderComplete =
      typeof initial.complete === "boolean" ? initial.complete : (initial.messages || []).length < 50;
    this.renderOutbox();
    this.renderPresence(initial.presence || []);
    this.updateComposer();
    this.updateOlderButton();
    this.scrollToBottom();
    this.connect();

    window.addEventListener("online", () => this.reconnectNow());
    // Another tab of the same room shares the outbox: follow its changes.
    window.addEventListener("storage", (event) => {
      if (event.key !== this.outbox.key) return;
      this.outbox.reload();
      this.renderOutbox();
    });
    window.addEventListener("offline", () => this.goOffline());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.state !== "live") this.reconnectNow();
    });
  }

  // --- Layout ---

  build() {
    const title = this.room.title || this.slug;
    this.root.replaceChildren();
    this.root.classList.add("room");
    this.root.setAttribute("data-live", "");

    this.statusNode = el("p", { class: "room-status", role: "status", "data-state": "connecting" });
    this.errorNode = el("div", { class: "room-error", role: "alert", hidden: true });
    this.announcer = el("div", {
      class: "visually-hidden",
      "aria-live": "polite",
      "aria-atomic": "true",
      "data-room-announcer": "",
    });

    this.olderButton = button(gettext("Load earlier messages"), {
      class: "room-button room-older",
      "data-action": "older",
    });
    this.logNode = el("ol", { class: "room-log__list" });
    this.outboxNode = el("ol", {
      class: "room-log__list room-outbox",
      "aria-label": gettext("Messages waiting to be sent"),
    });
    this.logRegion = el(
      "section",
      {
        class: "room-log",
        tabindex: "0",
        "aria-label": interpolate(gettext("Messages in %(room)s"), { room: title }),
      },
      this.olderButton,
      this.logNode,
      this.outboxNode,
    );
    this.logRegion.addEventListener("click", (event) => this.onLogClick(event));
    this.logRegion.addEventListener("keydown", (event) => this.onLogKeydown(event));
    this.logRegion.addEventListener("submit", (event) => this.onLogSubmit(event));

    this.typingNode = el("p", { class: "room-typing", "aria-hidden": "false" });
    this.composer = this.buildComposer();

    this.presenceList = el("div", { class: "room-presence__groups" });
    this.presenceHeading = el("h2", { id: "room-presence-title", class: "room-presence__title" });
    // Open beside the log on wide screens; folded above it on phones.
    const wide = !window.matchMedia || window.matchMedia("(min-width: 48rem)").matches;
    const presence = el(
      "aside",
      { class: "room-presence", "aria-labelledby": "room-presence-title" },
      el(
        "details",
        { open: wide },
        el("summary", {}, this.presenceHeading),
        this.presenceList,
      ),
    );

    const main = el(
      "div",
      { class: "room-main" },
      this.statusNode,
      this.errorNode,
      this.logRegion,
      this.typingNode,
      this.composer,
    );
    this.root.append(main, presence, this.announcer);
    this.ensureStylesheet();
  }

  ensureStylesheet() {
    if (document.querySelector('link[href*="dialogue/room"][rel="stylesheet"]')) return;
    const link = el("link", { rel: "stylesheet", href: new URL("room.css", import.meta.url).href });
    document.head.append(link);
  }

  buildComposer() {
    const form = el("form", { class: "room-composer", "aria-label": gettext("Write a message") });
    this.replyNode = el("div", { class: "room-composer__reply", hidden: true });
    this.textarea = el("textarea", {
      id: "room-composer-body",
      name: "body",
      rows: "3",
      maxlength: String(MAX_BODY),
      "aria-describedby": "room-composer-hint room-composer-count",
    });
    const label = el("label", { for: "room-composer-body" }, gettext("Your message"));
    const hint = el(
      "p",
      { id: "room-composer-hint", class: "room-composer__hint" },
      gettext("Press Ctrl+Enter to send. Messages you write are kept on this device until they arrive."),
    );
    this.countNode = el("span", { id: "room-composer-count", class: "room-composer__count" });

    this.asSelect = el("select", { id: "room-composer-as", name: "as_org" });
    const asLabel = el("label", { for: "room-composer-as" }, gettext("Speak as"));
    this.asBadge = el("span", { class: "room-composer__badge" });
    const asRow = el("div", { class: "room-composer__as" }, asLabel, this.asSelect, this.asBadge);
    this.asRow = asRow;

    this.sendButton = el("button", { type: "submit", class: "room-button room-send" }, gettext("Send"));
    this.signInNode = el("p", { class: "room-composer__notice", hidden: true });

    const row = el("div", { class: "room-composer__row" }, this.countNode, this.sendButton);
    form.append(this.replyNode, label, this.textarea, hint, asRow, row, this.signInNode);

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendFromComposer();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.sendFromComposer();
      } else if (event.key === "Escape" && this.replyTo !== null) {
        this.setReply(null);
      }
    });
    this.textarea.addEventListener("input", () => {
      this.updateCount();
      writeSetting(`${this.storagePrefix}.draft`, this.textarea.value);
      this.sendTyping();
    });
    this.asSelect.addEventListener("change", () => {
      writeSetting(`${this.storagePrefix}.as`, this.asSelect.value);
      this.updateAsBadge();
    });
    return form;
  }

  updateComposer() {
    const allowed = this.canPost && !this.room.read_only && this.me;
    this.asSelect.replaceChildren();
    if (this.me) {
      this.asSelect.append(
        el("option", { value: "" }, interpolate(gettext("Myself (%(name)s)"), { name: this.me.name })),
      );
      for (const org of this.orgs) {
        this.asSelect.append(
          el("option", { value: org.slug }, interpolate(gettext("On behalf of %(org)s"), { org: org.name })),
        );
      }
      const saved = readSetting(`${this.storagePrefix}.as`) || "";
      if (this.orgs.some((org) => org.slug === saved)) this.asSelect.value = saved;
    }
    this.asRow.hidden = !this.me || this.orgs.length === 0;
    this.updateAsBadge();

    this.textarea.disabled = !allowed;
    this.sendButton.disabled = !allowed;
    if (allowed && !this.textarea.value) {
      this.textarea.value = readSetting(`${this.storagePrefix}.draft`) || "";
    }
    this.updateCount();

    this.signInNode.replaceChildren();
    if (this.room.read_only) {
      this.signInNode.append(gettext("This room is read-only."));
    } else if (!this.me) {
      const next = encodeURIComponent(window.location.pathname);
      this.signInNode.append(
        el("a", { href: `/${LANG}/accounts/login/?next=${next}` }, gettext("Sign in to take part.")),
      );
    } else if (!this.canPost) {
      this.signInNode.append(gettext("You can read this room but not post in it."));
    }
    this.signInNode.hidden = Boolean(allowed);
  }

  updateAsBadge() {
    const org = this.orgs.find((o) => o.slug === this.asSelect.value);
    this.asBadge.replaceChildren(org ? orgBadge(org) : "");
  }

  updateCount() {
    const length = this.textarea.value.length;
    this.countNode.textContent =
      length > MAX_BODY - 500
        ? interpolate(gettext("%(left)s characters left"), { left: MAX_BODY - length })
        : "";
  }

  // --- Connection ---

  socketUrl() {
    const url = new URL(this.wsUrl, window.location.href);
    if (url.protocol === "http:") url.protocol = "ws:";
    if (url.protocol === "https:") url.protocol = "wss:";
    return url.href;
  }

  connect() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.stopped) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return;
    }
    this.setState("connecting");
    let socket;
    try {
      socket = new WebSocket(this.socketUrl());
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.historyRequests = [];
    socket.addEventListener("message", (event) => {
      if (socket !== this.socket) return;
      this.heard();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame === "object") this.onFrame(frame);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.stopHeartbeat();
      if (event.code === 4403 || event.code === 4404) {
        this.stopped = true;
        this.setState(event.code === 4404 ? "gone" : "refused");
        return;
      }
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return;
    }
    // Exponential backoff with full jitter, so a restarted server is not hit by everyone at once.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    this.setState("reconnecting", Math.ceil(delay / 1000));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  reconnectNow() {
    if (this.stopped) return;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    this.attempt = 0;
    this.connect();
  }

  goOffline() {
    // Browsers keep a dead socket open for a long time; drop it now and resend later.
    this.dropSocket();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.setState("offline");
  }

  dropSocket() {
    const socket = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (socket) {
      try {
        socket.close();
      } catch (e) {
        /* already closed */
      }
    }
  }

  send(frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || this.state !== "live") {
      return false;
    }
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch (e) {
      return false;
    }
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: "ping", nonce: String(Date.now()) })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        // Nothing heard since the ping: the connection is dead even if the browser disagrees.
        this.dropSocket();
        this.scheduleReconnect();
      }, PONG_WAIT_MS);
    }, PING_EVERY_MS);
  }

  heard() {
    clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  stopHeartbeat() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
  }

  setState(state, seconds = 0) {
    this.state = state;
    const text = {
      connecting: gettext("Connecting…"),
      live: gettext("Connected. New messages appear as they are posted."),
      reconnecting: interpolate(gettext("Connection lost. Reconnecting in %(seconds)s s…"), { seconds }),
      offline: gettext("You are offline. What you write is kept and sent when the connection returns."),
      refused: gettext("You do not have access to this room."),
      gone: gettext("This room does not exist."),
    }[state];
    this.statusNode.dataset.state = state;
    this.statusNode.textContent = text;
    const pending = this.outbox.items.filter((item) => !item.failed).length;
    if (pending && state !== "live") {
      this.statusNode.append(
        " ",
        interpolate(
          ngettext(
            "%(count)s message is waiting to be sent.",
            "%(count)s messages are waiting to be sent.",
            pending,
          ),
          { count: pending },
        ),
      );
    }
    this.root.dataset.state = state;
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
        return this.renderPresence(frame.present || []);
      case "typing":
        return this.onTyping(frame.user);
      case "error":
        return this.onError(frame);
      default:
        return undefined;
    }
  }

  onHello(frame) {
    this.attempt = 0;
    if (frame.room) this.room = { ...this.room, ...frame.room };
    if (frame.me !== undefined) this.me = frame.me || this.me;
    if (typeof frame.can_post === "boolean") this.canPost = frame.can_post;
    if (typeof frame.can_moderate === "boolean") this.canModerate = frame.can_moderate;
    if (typeof frame.can_acknowledge === "boolean") this.canAcknowledge = frame.can_acknowledge;
    this.setState("live");
    this.startHeartbeat();
    if (Array.isArray(frame.allowed_emoji) && frame.allowed_emoji.length) {
      this.allowedEmoji = frame.allowed_emoji;
    }
    if (!this.orgs.length && frame.me && Array.isArray(frame.me.orgs)) this.orgs = frame.me.orgs;
    const known = this.lastSeenId;
    for (const m of frame.messages || []) this.upsert(m);
    this.updateOlderButton();
    this.updateComposer();
    if (frame.presence) this.renderPresence(frame.presence);
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
    const isNew = !this.messages.has(m.id);
    const nearBottom = this.isNearBottom();
    this.upsert(m);
    if (isNew && !(this.me && m.author && m.author.id === this.me.id)) {
      this.announce(m);
    }
    if (isNew && (mine || nearBottom)) this.scrollToBottom();
    this.setState(this.state);
  }

  onReactions(frame) {
    const m = this.messages.get(frame.id);
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

  onTyping(user) {
    if (!user || (this.me && user.id === this.me.id)) return;
    const previous = this.typing.get(user.id);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.typing.delete(user.id);
      this.renderTyping();
    }, TYPING_SHOW_MS);
    this.typing.set(user.id, { name: user.name, timer });
    this.renderTyping();
  }

  renderTyping() {
    const names = [...this.typing.values()].map((t) => t.name);
    let text = "";
    if (names.length === 1) text = interpolate(gettext("%(name)s is typing…"), { name: names[0] });
    else if (names.length === 2) {
      text = interpolate(gettext("%(first)s and %(second)s are typing…"), {
        first: names[0],
        second: names[1],
      });
    } else if (names.length > 2) text = gettext("Several people are typing…");
    this.typingNode.textContent = text;
  }

  onError(frame) {
    const text = frame.detail || ERROR_TEXT[frame.code] || gettext("Something went wrong.");
    if (frame.code === "two_step_required" && this.lastPower && this.lastPower.id === frame.id) {
      // The request is kept: set up an authenticator in a new tab, then try again here.
      this.showTwoStep(text, frame.setup_url, this.lastPower);
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
    this.showError(text);
  }

  showError(text) {
    this.errorNode.replaceChildren(
      el("span", { class: "room-error__text" }, text),
      button(gettext("Dismiss"), { class: "room-button room-button--quiet", "data-dismiss": "" }),
    );
    this.errorNode.hidden = false;
    this.errorNode.querySelector("[data-dismiss]").addEventListener("click", () => {
      this.errorNode.hidden = true;
      this.errorNode.replaceChildren();
      this.textarea.focus();
    });
  }

  showTwoStep(text, setupUrl, request) {
    this.showError(text);
    const actions = [];
    if (setupUrl) {
      actions.push(
        el("a", { href: setupUrl, target: "_blank", rel: "noopener", class: "room-error__link" },
          gettext("Set up two-step verification")),
      );
    }
    const retry = button(gettext("Try again"), { class: "room-button", "data-retry": "" });
    retry.addEventListener("click", () => this.request(request));
    actions.push(retry);
    this.errorNode.querySelector("[data-dismiss]").before(...actions);
  }

  clearError() {
    this.errorNode.hidden = true;
    this.errorNode.replaceChildren();
  }

  announce(m) {
    const author = m.author ? m.author.name : "";
    const org = m.as_org ? interpolate(gettext(" (on behalf of %(org)s)"), { org: m.as_org.name }) : "";
    const text = interpolate(gettext("New message from %(author)s%(org)s: %(text)s"), {
      author,
      org,
      text: snippet(m.body, 200),
    });
    this.announcer.textContent = "";
    // A fresh text node in a separate task makes screen readers speak repeated texts too.
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }

  // --- Messages ---

  upsert(m) {
    if (!m || typeof m.id !== "number") return;
    if (m.hidden && !this.canModerate) {
      this.removeMessage(m.id);
      return;
    }
    const existed = this.messages.has(m.id);
    this.messages.set(m.id, m);
    if (m.id > this.lastSeenId) this.lastSeenId = m.id;
    if (!existed) {
      const index = this.insertIndex(m.id);
      this.order.splice(index, 0, m.id);
      const node = this.renderMessage(m);
      const nextId = this.order[index + 1];
      const next = nextId === undefined ? null : this.logNode.querySelector(`#msg-${nextId}`);
      this.logNode.insertBefore(node, next);
      // Replies shown before their original now know what they quote.
      for (const other of this.messages.values()) {
        if (replyId(other) === m.id) this.rerender(other.id);
      }
    } else {
      this.rerender(m.id);
    }
  }

  removeMessage(id) {
    if (!this.messages.has(id)) return;
    this.messages.delete(id);
    this.order = this.order.filter((x) => x !== id);
    const node = this.logNode.querySelector(`#msg-${id}`);
    if (node) {
      const hadFocus = node.contains(document.activeElement);
      node.remove();
      if (hadFocus) this.logRegion.focus();
    }
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

  rerender(id) {
    const m = this.messages.get(id);
    const old = this.logNode.querySelector(`#msg-${id}`);
    if (!m || !old) return;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = focused && (focused.dataset.action ? `${focused.dataset.action}|${focused.dataset.emoji || ""}` : null);
    const editingValue = this.editingId === id ? old.querySelector("textarea")?.value : undefined;
    const node = this.renderMessage(m, editingValue);
    old.replaceWith(node);
    if (focused) {
      const [action, emoji] = (focusKey || "|").split("|");
      const selector = emoji ? `[data-action="${action}"][data-emoji="${emoji}"]` : `[data-action="${action}"]`;
      const target = (focusKey && node.querySelector(selector)) || node.querySelector("textarea, input, button");
      if (target) target.focus();
    }
  }

  rerenderAll() {
    for (const id of this.order) this.rerender(id);
  }

  renderMessage(m, editingValue) {
    const mine = Boolean(this.me && m.author && m.author.id === this.me.id);
    const acknowledged = Array.isArray(m.acknowledged_by) && m.acknowledged_by.length > 0;
    const li = el("li", {
      id: `msg-${m.id}`,
      class: [
        "msg",
        mine ? "msg--mine" : "",
        m.as_org ? "msg--org" : "",
        acknowledged ? "msg--official" : "",
        m.deleted ? "msg--deleted" : "",
        m.hidden ? "msg--hidden" : "",
      ]
        .filter(Boolean)
        .join(" "),
      "data-id": m.id,
      tabindex: "-1",
    });
    const headingId = `msg-${m.id}-by`;
    const header = el(
      "p",
      { class: "msg__header", id: headingId },
      el("span", { class: "msg__author" }, m.author ? m.author.name : gettext("Unknown")),
      m.as_org ? orgBadge(m.as_org) : null,
      el("time", { class: "msg__time", datetime: m.created_at }, formatTime(m.created_at)),
      m.edited_at && !m.deleted ? el("span", { class: "msg__edited" }, gettext("(edited)")) : null,
    );
    const article = el("article", { class: "msg__card", "aria-labelledby": headingId }, header);

    if (acknowledged) {
      const names = m.acknowledged_by
        .map((person) => [person.title, person.name].filter(Boolean).join(" "))
        .join(gettext(", "));
      article.append(
        el(
          "p",
          { class: "msg__official" },
          el("span", { class: "msg__official-mark", "aria-hidden": "true" }, "✔"),
          " ",
          el("strong", {}, gettext("Officially acknowledged")),
          " ",
          interpolate(gettext("by %(names)s"), { names }),
        ),
      );
    }

    if (m.hidden) {
      article.append(
        el(
          "p",
          { class: "msg__moderation" },
          m.hidden_reason
            ? interpolate(gettext("Hidden from participants: %(reason)s"), { reason: m.hidden_reason })
            : gettext("Hidden from participants."),
        ),
      );
    }

    const quoted = this.renderQuote(m);
    if (quoted) article.append(quoted);

    if (m.deleted) {
      article.append(el("p", { class: "msg__body msg__body--deleted" }, gettext("This message was deleted.")));
      li.append(article);
      return li;
    }

    if (editingValue !== undefined || this.editingId === m.id) {
      article.append(this.renderEditor(m, editingValue));
    } else {
      const body = el("div", { class: "msg__body" });
      // The server sanitised `html`; the raw `body` is never parsed as HTML.
      body.innerHTML = typeof m.html === "string" ? m.html : "";
      if (!body.textContent.trim() && m.body) body.textContent = m.body;
      article.append(body);
    }

    article.append(this.renderReactions(m));
    const actions = this.renderActions(m, mine);
    if (actions) article.append(actions);
    if (this.hidingId === m.id) article.append(this.renderHideForm(m));
    li.append(article);
    return li;
  }

  renderQuote(m) {
    const id = replyId(m);
    if (id === null) return null;
    // The server's `quote` knows about originals this page never loaded, and hides hidden ones.
    const known = this.messages.get(id);
    const quote = m.quote && typeof m.quote === "object" ? m.quote : null;
    const author = quote ? quote.author : known && known.author;
    const gone = quote ? quote.deleted : Boolean(known && known.deleted);
    const text = gone
      ? gettext("This message was deleted.")
      : quote
        ? snippet(quote.excerpt, 120)
        : known
          ? snippet(known.body, 120)
          : "";
    const link = el(
      "a",
      { href: `#msg-${id}`, class: "msg__quote-link", "data-action": "goto", "data-target": id },
      author
        ? interpolate(gettext("Reply to %(name)s"), { name: author.name })
        : gettext("Reply to an earlier message"),
    );
    return el(
      "blockquote",
      { class: "msg__quote" },
      link,
      text ? el("span", { class: "msg__quote-text" }, text) : null,
    );
  }

  renderReactions(m) {
    const reactions = m.reactions || {};
    const mineList = Array.isArray(m.my_reactions) ? m.my_reactions : [];
    const group = el("div", { class: "msg__reactions", role: "group", "aria-label": gettext("Reactions") });
    const interactive = this.canPost && this.me && !this.room.read_only;
    for (const emoji of this.allowedEmoji) {
      const count = Number(reactions[emoji] || 0);
      if (interactive) {
        group.append(
          el(
            "button",
            {
              type: "button",
              class: "reaction",
              "data-action": "react",
              "data-emoji": emoji,
              "aria-pressed": mineList.length ? String(mineList.includes(emoji)) : null,
              "aria-label": interpolate(gettext("React with %(emoji)s (%(count)s so far)"), { emoji, count }),
            },
            el("span", { "aria-hidden": "true" }, emoji),
            count ? el("span", { class: "reaction__count", "aria-hidden": "true" }, String(count)) : null,
          ),
        );
      } else if (count) {
        group.append(
          el(
            "span",
            { class: "reaction reaction--static" },
            el("span", { "aria-hidden": "true" }, `${emoji} ${count}`),
            el("span", { class: "visually-hidden" }, interpolate(gettext("%(emoji)s: %(count)s"), { emoji, count })),
          ),
        );
      }
    }
    return group;
  }

  renderActions(m, mine) {
    const name = m.author ? m.author.name : "";
    const label = (text) => interpolate(text, { name });
    const buttons = [];
    const canWrite = this.canPost && this.me && !this.room.read_only;
    if (canWrite) {
      buttons.push(button(gettext("Reply"), { "data-action": "reply", "aria-label": label(gettext("Reply to %(name)s")) }));
    }
    if (mine && canWrite) {
      buttons.push(button(gettext("Edit"), { "data-action": "edit", "aria-label": gettext("Edit your message") }));
    }
    if (mine || this.canModerate) {
      buttons.push(
        button(gettext("Delete"), {
          "data-action": "delete",
          "aria-label": mine ? gettext("Delete your message") : label(gettext("Delete the message from %(name)s")),
        }),
      );
    }
    if (this.canAcknowledge) {
      const done = (m.acknowledged_by || []).some((p) => this.me && p.id === this.me.id);
      buttons.push(
        button(done ? gettext("Withdraw acknowledgement") : gettext("Acknowledge"), {
          "data-action": "acknowledge",
          class: "room-button room-button--official",
          "aria-pressed": String(done),
          "aria-label": done
            ? label(gettext("Withdraw acknowledgement of the message from %(name)s"))
            : label(gettext("Acknowledge the message from %(name)s officially")),
        }),
      );
    }
    if (this.canModerate && !m.hidden) {
      buttons.push(
        button(gettext("Hide"), {
          "data-action": "hide",
          "aria-label": label(gettext("Hide the message from %(name)s")),
          "aria-expanded": String(this.hidingId === m.id),
        }),
      );
    }
    if (!buttons.length) return null;
    const group = el("div", { class: "msg__actions", role: "group", "aria-label": gettext("Actions") });
    group.append(...buttons);
    return group;
  }

  renderEditor(m, value) {
    const id = `msg-${m.id}-edit`;
    const textarea = el("textarea", { id, name: "body", rows: "3", maxlength: String(MAX_BODY) });
    textarea.value = value !== undefined ? value : m.body || "";
    return el(
      "form",
      { class: "msg__editor", "data-form": "edit" },
      el("label", { for: id }, gettext("Edit your message")),
      textarea,
      el(
        "div",
        { class: "msg__editor-row" },
        el("button", { type: "submit", class: "room-button" }, gettext("Save")),
        button(gettext("Cancel"), { class: "room-button room-button--quiet", "data-action": "cancel-edit" }),
      ),
    );
  }

  renderHideForm(m) {
    const id = `msg-${m.id}-reason`;
    return el(
      "form",
      { class: "msg__hide", "data-form": "hide" },
      el("label", { for: id }, gettext("Reason for hiding (shown to moderators)")),
      el("input", { id, name: "reason", type: "text", maxlength: "500", required: true }),
      el(
        "div",
        { class: "msg__editor-row" },
        el("button", { type: "submit", class: "room-button" }, gettext("Hide message")),
        button(gettext("Cancel"), { class: "room-button room-button--quiet", "data-action": "cancel-hide" }),
      ),
    );
  }

  // --- Outbox (unsent messages) ---

  renderOutbox() {
    this.outboxNode.replaceChildren();
    for (const item of this.outbox.items) {
      const org = this.orgs.find((o) => o.slug === item.as_org);
      const body = el("div", { class: "msg__body" });
      body.textContent = item.body;
      const status = item.failed
        ? el("p", { class: "msg__failed" }, interpolate(gettext("Not sent: %(reason)s"), { reason: item.failed }))
        : el("p", { class: "msg__sending" }, gettext("Sending…"));
      const card = el(
        "article",
        { class: "msg__card" },
        el(
          "p",
          { class: "msg__header" },
          el("span", { class: "msg__author" }, this.me ? this.me.name : ""),
          org ? orgBadge(org) : null,
        ),
        body,
        status,
      );
      if (item.failed) {
        card.append(
          el(
            "div",
            { class: "msg__actions", role: "group", "aria-label": gettext("Actions") },
            button(gettext("Edit and resend"), { "data-outbox": "edit", "data-client-id": item.client_id }),
            button(gettext("Discard"), { "data-outbox": "discard", "data-client-id": item.client_id }),
          ),
        );
      }
      this.outboxNode.append(
        el("li", { class: "msg msg--mine msg--pending", "data-client-id": item.client_id }, card),
      );
    }
  }

  flushOutbox() {
    for (const item of this.outbox.items) {
      if (!item.failed) this.send(outboxFrame(item));
    }
  }

  resend(clientId) {
    const item = this.outbox.find(clientId);
    if (item && !item.failed) this.send(outboxFrame(item));
  }

  sendFromComposer() {
    if (!this.me || !this.canPost || this.room.read_only) return;
    const body = this.textarea.value.trim();
    if (!body) {
      this.showError(gettext("Write something before sending."));
      this.textarea.focus();
      return;
    }
    if (body.length > MAX_BODY) {
      this.showError(ERROR_TEXT.too_long);
      this.textarea.focus();
      return;
    }
    this.clearError();
    const item = { client_id: newClientId(), body, created: Date.now() };
    if (this.replyTo !== null) item.reply_to = this.replyTo;
    if (this.asSelect.value) item.as_org = this.asSelect.value;
    this.outbox.add(item);
    this.textarea.value = "";
    writeSetting(`${this.storagePrefix}.draft`, "");
    this.updateCount();
    this.setReply(null);
    this.renderOutbox();
    this.scrollToBottom();
    this.send(outboxFrame(item));
    this.setState(this.state);
    this.textarea.focus();
  }

  sendTyping() {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_EVERY_MS) return;
    if (this.send({ type: "typing" })) this.lastTypingSent = now;
  }

  setReply(id) {
    this.replyTo = id;
    this.replyNode.replaceChildren();
    if (id === null) {
      this.replyNode.hidden = true;
      return;
    }
    const m = this.messages.get(id);
    this.replyNode.append(
      el(
        "span",
        {},
        interpolate(gettext("Replying to %(name)s: %(text)s"), {
          name: m && m.author ? m.author.name : "",
          text: m ? snippet(m.body, 60) : "",
        }),
      ),
      button(gettext("Cancel reply"), { class: "room-button room-button--quiet", "data-cancel-reply": "" }),
    );
    this.replyNode.querySelector("[data-cancel-reply]").addEventListener("click", () => {
      this.setReply(null);
      this.textarea.focus();
    });
    this.replyNode.hidden = false;
  }

  // --- User actions inside the log ---

  onLogClick(event) {
    const outboxButton = event.target.closest("[data-outbox]");
    if (outboxButton) {
      this.onOutboxAction(outboxButton.dataset.outbox, outboxButton.dataset.clientId);
      return;
    }
    const target = event.target.closest("[data-action]");
    if (!target || !this.logRegion.contains(target)) return;
    const action = target.dataset.action;
    if (action === "older") {
      this.loadOlder();
      return;
    }
    const li = target.closest("li[data-id]");
    const id = li ? Number(li.dataset.id) : null;
    if (action === "goto") {
      event.preventDefault();
      const goal = this.logNode.querySelector(`#msg-${target.dataset.target}`);
      if (goal) {
        goal.scrollIntoView({ block: "center" });
        goal.focus();
      }
      return;
    }
    if (id === null) return;
    const m = this.messages.get(id);
    if (!m) return;
    switch (action) {
      case "reply":
        this.setReply(id);
        this.textarea.focus();
        break;
      case "edit":
        this.editingId = id;
        this.rerender(id);
        this.logNode.querySelector(`#msg-${id} textarea`)?.focus();
        break;
      case "cancel-edit":
        this.editingId = null;
        this.rerender(id);
        this.logNode.querySelector(`#msg-${id} [data-action="edit"]`)?.focus();
        break;
      case "delete":
        if (window.confirm(gettext("Delete this message? This cannot be undone."))) {
          this.request({ type: "message.delete", id });
        }
        break;
      case "react":
        this.request({ type: "reaction.toggle", id, emoji: target.dataset.emoji });
        break;
      case "acknowledge":
        this.request({ type: "message.acknowledge", id });
        break;
      case "hide":
        this.hidingId = this.hidingId === id ? null : id;
        this.rerender(id);
        this.logNode.querySelector(`#msg-${id} input[name="reason"]`)?.focus();
        break;
      case "cancel-hide":
        this.hidingId = null;
        this.rerender(id);
        this.logNode.querySelector(`#msg-${id} [data-action="hide"]`)?.focus();
        break;
      default:
        break;
    }
  }

  onLogKeydown(event) {
    if (event.key !== "Escape") return;
    const li = event.target.closest("li[data-id]");
    if (!li) return;
    const id = Number(li.dataset.id);
    if (this.editingId === id) {
      this.editingId = null;
      this.rerender(id);
      this.logNode.querySelector(`#msg-${id} [data-action="edit"]`)?.focus();
    } else if (this.hidingId === id) {
      this.hidingId = null;
      this.rerender(id);
      this.logNode.querySelector(`#msg-${id} [data-action="hide"]`)?.focus();
    }
  }

  onLogSubmit(event) {
    const form = event.target.closest("form[data-form]");
    if (!form) return;
    event.preventDefault();
    const li = form.closest("li[data-id]");
    const id = Number(li.dataset.id);
    if (form.dataset.form === "edit") {
      const body = form.querySelector("textarea").value.trim();
      if (!body) {
        this.showError(gettext("Write something before saving, or delete the message."));
        return;
      }
      if (body.length > MAX_BODY) {
        this.showError(ERROR_TEXT.too_long);
        return;
      }
      if (this.request({ type: "message.edit", id, body })) {
        this.editingId = null;
        this.rerender(id);
        this.logNode.querySelector(`#msg-${id} [data-action="edit"]`)?.focus();
      }
    } else if (form.dataset.form === "hide") {
      const reason = form.querySelector("input[name=reason]").value.trim();
      if (!reason) {
        this.showError(gettext("Give a reason for hiding this message."));
        return;
      }
      if (this.request({ type: "message.hide", id, reason })) {
        this.hidingId = null;
        this.rerender(id);
      }
    }
  }

  onOutboxAction(action, clientId) {
    const item = this.outbox.find(clientId);
    if (!item) return;
    if (action === "edit") {
      if (this.textarea.value.trim() && !window.confirm(gettext("Replace what you are writing now?"))) return;
      this.textarea.value = item.body;
      if (item.as_org && this.orgs.some((o) => o.slug === item.as_org)) this.asSelect.value = item.as_org;
      this.updateAsBadge();
      if (item.reply_to !== undefined && this.messages.has(item.reply_to)) this.setReply(item.reply_to);
      writeSetting(`${this.storagePrefix}.draft`, item.body);
      this.updateCount();
    } else if (action === "discard" && !window.confirm(gettext("Discard this unsent message?"))) {
      return;
    }
    this.outbox.remove(clientId);
    this.renderOutbox();
    this.textarea.focus();
  }

  // A request that only makes sense while connected: say so instead of silently dropping it.
  request(frame) {
    if (POWER_FRAMES.has(frame.type)) this.lastPower = frame;
    if (this.send(frame)) {
      this.clearError();
      return true;
    }
    this.showError(gettext("Not connected. Please try again when the connection returns."));
    return false;
  }

  loadOlder() {
    const first = this.order[0];
    if (first === undefined) return;
    if (this.send({ type: "history", before: first, limit: 50 })) {
      this.historyRequests.push("older");
    } else {
      this.showError(gettext("Not connected. Please try again when the connection returns."));
    }
  }

  updateOlderButton() {
    this.olderButton.hidden = this.olderComplete || this.order.length === 0;
  }

  // --- Presence ---

  renderPresence(present) {
    const people = new Map();
    for (const person of present) if (person && person.id !== undefined) people.set(person.id, person);
    const groups = new Map();
    for (const person of people.values()) {
      const org = person.org && typeof person.org === "object" ? person.org : null;
      const key = org ? org.slug || org.name : typeof person.org === "string" ? person.org : "";
      const name = org ? org.name : typeof person.org === "string" ? person.org : "";
      if (!groups.has(key)) groups.set(key, { name, org, people: [] });
      groups.get(key).people.push(person);
    }
    const sorted = [...groups.entries()].sort(([a, ga], [b, gb]) => {
      if (!a) return 1;
      if (!b) return -1;
      return ga.name.localeCompare(gb.name, LANG);
    });
    this.presenceHeading.textContent = interpolate(
      ngettext("Here now (%(count)s person)", "Here now (%(count)s people)", people.size),
      { count: people.size },
    );
    this.presenceList.replaceChildren();
    for (const [key, group] of sorted) {
      const title = key ? group.name : gettext("Individuals");
      const list = el("ul", { class: "room-presence__people" });
      for (const person of group.people.sort((a, b) => String(a.name).localeCompare(String(b.name), LANG))) {
        list.append(el("li", {}, person.name));
      }
      this.presenceList.append(
        el(
          "section",
          { class: "room-presence__group", "aria-label": title },
          el("h3", { class: "room-presence__org" }, title, group.org && group.org.kind ? " " : null, group.org && group.org.kind ? kindTag(group.org.kind) : null),
          list,
        ),
      );
    }
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

function replyId(m) {
  const replyTo = m.reply_to;
  if (replyTo === null || replyTo === undefined) return null;
  return typeof replyTo === "object" ? replyTo.id : replyTo;
}

function outboxFrame(item) {
  const frame = { type: "message.send", client_id: item.client_id, body: item.body };
  if (item.reply_to !== undefined && item.reply_to !== null) frame.reply_to = item.reply_to;
  if (item.as_org) frame.as_org = item.as_org;
  return frame;
}

function kindTag(kind) {
  return el("span", { class: "org-kind", "data-kind": kind }, KIND_LABELS[kind] || KIND_LABELS.other);
}

function orgBadge(org) {
  return el(
    "span",
    { class: "org-badge", "data-kind": org.kind || "other", "data-org": org.slug || "" },
    el("span", { class: "visually-hidden" }, gettext("on behalf of")),
    " ",
    kindTag(org.kind),
    " ",
    el("span", { class: "org-badge__name" }, org.name),
  );
}

if (ROOT && INITIAL && INITIAL.room) {
  window.consortiumRoom = new Room(ROOT, INITIAL);
}
