// The composer: body, reply, speaking as an organisation, the draft kept on this device,
// and the body limit the server announces (hello's `limits.body`).

import { LANG, readSetting, snippet, writeSetting } from "./dom.js";
import { Mentions } from "./mentions.js";
import { orgBadge } from "./render.js";
import { t } from "./strings.js";

const TYPING_EVERY_MS = 3000;

export class Composer {
  // `room` answers me, orgs, canWrite, readOnly, canPost, limits, store, storagePrefix,
  // and is told send(body, options), typing(), cancelled reply.
  constructor(form, room) {
    this.form = form;
    this.room = room;
    this.replyTo = null;
    this.lastTypingSent = 0;
    this.textarea = form.querySelector("textarea[name=body]");
    this.countNode = form.querySelector(".room-composer__count");
    this.asSelect = form.querySelector("select[name=as_org]");
    this.asRow = form.querySelector(".room-composer__as");
    this.asBadge = form.querySelector(".room-composer__badge");
    this.sendButton = form.querySelector(".room-send");
    this.noticeNode = form.querySelector(".room-composer__notice");
    this.replyNode = form.querySelector(".room-composer__reply");
    this.replyText = form.querySelector(".room-composer__reply-text");
    this.mentions = new Mentions(
      this.textarea,
      form.querySelector(".room-mentions"),
      form.querySelector(".room-mentions__status"),
      room,
    );

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (this.mentions.onKey(event)) return;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.submit();
      } else if (event.key === "Escape" && this.replyTo !== null) {
        this.setReply(null);
      }
    });
    this.textarea.addEventListener("input", () => {
      this.updateCount();
      writeSetting(this.key("draft"), this.textarea.value);
      this.sendTyping();
    });
    this.asSelect.addEventListener("change", () => {
      writeSetting(this.key("as"), this.asSelect.value);
      this.updateBadge();
    });
    this.replyNode.querySelector("[data-cancel-reply]").addEventListener("click", () => {
      this.setReply(null);
      this.focus();
    });
  }

  key(name) {
    return `${this.room.storagePrefix}.${name}`;
  }

  get limit() {
    return this.room.limits.body;
  }

  focus() {
    this.textarea.focus();
  }

  // Who may write, as whom, and how much: after the page loads and after every hello.
  update() {
    const room = this.room;
    const allowed = room.canWrite;
    this.asSelect.replaceChildren();
    if (room.me) {
      this.asSelect.append(new Option(t("as_self", { name: room.me.name }), ""));
      for (const org of room.orgs) this.asSelect.append(new Option(t("as_org", { org: org.name }), org.slug));
      const saved = readSetting(this.key("as")) || "";
      if (room.orgs.some((org) => org.slug === saved)) this.asSelect.value = saved;
    }
    this.asRow.hidden = !room.me || room.orgs.length === 0;
    this.updateBadge();

    this.textarea.maxLength = this.limit;
    this.textarea.disabled = !allowed;
    this.sendButton.disabled = !allowed;
    if (allowed && !this.textarea.value) this.textarea.value = readSetting(this.key("draft")) || "";
    this.updateCount();

    this.noticeNode.replaceChildren();
    if (room.readOnly) {
      this.noticeNode.append(t("read_only"));
    } else if (!room.me) {
      const link = document.createElement("a");
      link.href = `/${LANG}/accounts/login/?next=${encodeURIComponent(window.location.pathname)}`;
      link.textContent = t("sign_in");
      this.noticeNode.append(link);
    } else if (!room.canPost) {
      this.noticeNode.append(t("read_only_for_you"));
    }
    this.noticeNode.hidden = Boolean(allowed);
  }

  updateBadge() {
    const org = this.room.orgs.find((o) => o.slug === this.asSelect.value);
    this.asBadge.replaceChildren(org ? orgBadge(org) : "");
  }

  // "N characters left" once the writer comes near the limit (the last eighth, at most 500).
  updateCount() {
    const length = this.textarea.value.length;
    const near = Math.min(500, Math.ceil(this.limit / 8));
    this.countNode.textContent = length > this.limit - near ? t("left", { left: this.limit - length }) : "";
  }

  // The reason a body cannot be sent, or "".
  refusal(body, emptyText) {
    if (!body) return emptyText;
    if (body.length > this.limit) return t("too_long", { max: this.limit });
    return "";
  }

  submit() {
    const room = this.room;
    if (!room.canWrite) return;
    const body = this.textarea.value.trim();
    const refused = this.refusal(body, t("empty"));
    if (refused) {
      room.notices.showError(refused);
      this.focus();
      return;
    }
    const options = {};
    if (this.replyTo !== null) options.reply_to = this.replyTo;
    if (this.asSelect.value) options.as_org = this.asSelect.value;
    const mentioned = this.mentions.take(body);
    if (mentioned.length) options.mentions = mentioned;
    this.textarea.value = "";
    writeSetting(this.key("draft"), "");
    this.updateCount();
    this.setReply(null);
    room.post(body, options);
    this.focus();
  }

  // Put an unsent message back into the composer.
  restore(item) {
    this.textarea.value = item.body;
    if (item.as_org && this.room.orgs.some((o) => o.slug === item.as_org)) this.asSelect.value = item.as_org;
    this.updateBadge();
    if (item.reply_to !== undefined && this.room.store.has(item.reply_to)) this.setReply(item.reply_to);
    writeSetting(this.key("draft"), item.body);
    this.updateCount();
  }

  sendTyping() {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_EVERY_MS) return;
    if (this.room.connection.send({ type: "typing" })) this.lastTypingSent = now;
  }

  setReply(id) {
    this.replyTo = id;
    if (id === null) {
      this.replyText.textContent = "";
      this.replyNode.hidden = true;
      return;
    }
    const m = this.room.store.get(id);
    this.replyText.textContent = t("replying", {
      name: m && m.author ? m.author.name : "",
      text: m ? snippet(m.body, 60) : "",
    });
    this.replyNode.hidden = false;
  }
}
