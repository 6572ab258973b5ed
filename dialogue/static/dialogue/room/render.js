// Drawing messages: every message is a clone of the server's own markup
// (templates/dialogue/includes/message.html, in <template id="room-message">), filled with
// textContent and pruned of the parts it does not need.

import { cloneTemplate, formatTime, snippet } from "./dom.js";
import { appendMarkup } from "./safe-html.js";
import { replyId } from "./store.js";
import { kindLabel, t } from "./strings.js";

const TEMPLATE = "room-message";

function drop(root, selector) {
  for (const node of root.querySelectorAll(selector)) node.remove();
}

// The organisation badge of message.html, filled for `org`.
export function orgBadge(org) {
  const badge = cloneTemplate(TEMPLATE).querySelector('[data-part="badge"]');
  fillBadge(badge, org);
  return badge;
}

// The kind label of message.html's badge, for `kind`.
export function kindTag(kind) {
  return orgBadge({ kind, name: "" }).querySelector(".org-kind");
}

function fillBadge(badge, org) {
  badge.removeAttribute("data-part");
  badge.dataset.kind = org.kind || "other";
  badge.dataset.org = org.slug || "";
  const kind = badge.querySelector(".org-kind");
  if (org.kind) kind.dataset.kind = org.kind;
  else kind.removeAttribute("data-kind");
  kind.textContent = kindLabel(org.kind);
  badge.querySelector(".org-badge__name").textContent = org.name;
}

export class MessageView {
  // `room` answers me, canWrite, canModerate, canAcknowledge, allowedEmoji, limits,
  // editingId, hidingId, store.
  constructor(room) {
    this.room = room;
  }

  render(m, editingValue) {
    const room = this.room;
    const li = cloneTemplate(TEMPLATE);
    const mine = Boolean(room.me && m.author && m.author.id === room.me.id);
    const acknowledged = Array.isArray(m.acknowledged_by) && m.acknowledged_by.length > 0;
    li.className = [
      "msg",
      mine ? "msg--mine" : "",
      m.as_org ? "msg--org" : "",
      acknowledged ? "msg--official" : "",
      m.deleted ? "msg--deleted" : "",
      m.hidden ? "msg--hidden" : "",
    ]
      .filter(Boolean)
      .join(" ");
    li.id = `msg-${m.id}`;
    li.dataset.id = m.id;
    const headingId = `msg-${m.id}-by`;
    li.querySelector(".msg__card").setAttribute("aria-labelledby", headingId);
    li.querySelector(".msg__header").id = headingId;
    this.fillHeader(li, m.author ? m.author.name : t("unknown"), m.as_org);
    const time = li.querySelector(".msg__time");
    time.setAttribute("datetime", m.created_at);
    time.textContent = formatTime(m.created_at);
    if (!m.edited_at || m.deleted) drop(li, ".msg__edited");
    drop(li, ".msg__sending, .msg__failed, [data-part='outbox-actions']");

    if (acknowledged) {
      const names = m.acknowledged_by
        .map((person) => [person.title, person.name].filter(Boolean).join(" "))
        .join(t("separator"));
      li.querySelector(".msg__official-by").textContent = t("acknowledged_by", { names });
    } else {
      drop(li, ".msg__official");
    }

    if (m.hidden) {
      li.querySelector(".msg__moderation").textContent = m.hidden_reason
        ? t("hidden_because", { reason: m.hidden_reason })
        : t("hidden");
    } else {
      drop(li, ".msg__moderation");
    }

    this.fillQuote(li.querySelector(".msg__quote"), m);

    if (m.deleted) {
      li.querySelector('[data-part="deleted"]').removeAttribute("data-part");
      drop(li, "div.msg__body, .msg__editor, .msg__reactions, .msg__actions, .msg__hide, [data-part='proposal']");
      return li;
    }
    drop(li, '[data-part="deleted"]');

    const editor = li.querySelector(".msg__editor");
    const body = li.querySelector("div.msg__body");
    if (editingValue !== undefined || room.editingId === m.id) {
      body.remove();
      const id = `msg-${m.id}-edit`;
      const textarea = editor.querySelector("textarea");
      textarea.id = id;
      textarea.maxLength = room.limits.body;
      textarea.value = editingValue !== undefined ? editingValue : m.body || "";
      editor.querySelector("label").htmlFor = id;
    } else {
      editor.remove();
      // The server sanitised `html` (and `ruby`, the same with readings over kanji); the raw
      // `body` is never parsed as HTML.
      appendMarkup(body, room.furigana && typeof m.ruby === "string" && m.ruby ? m.ruby : m.html);
      if (!body.textContent.trim() && m.body) body.textContent = m.body;
    }

    this.fillProposals(li, m);
    this.fillReactions(li.querySelector(".msg__reactions"), m);
    this.fillActions(li.querySelector('[data-part="actions"]'), m, mine);

    const hide = li.querySelector(".msg__hide");
    if (room.hidingId === m.id) {
      const id = `msg-${m.id}-reason`;
      hide.querySelector("input").id = id;
      hide.querySelector("label").htmlFor = id;
    } else {
      hide.remove();
    }
    return li;
  }

  // An outbox item: the same markup, with only its author, badge, body and state.
  renderPending(item) {
    const room = this.room;
    const li = cloneTemplate(TEMPLATE);
    li.className = "msg msg--mine msg--pending";
    li.removeAttribute("tabindex");
    li.dataset.clientId = item.client_id;
    const org = room.orgs.find((o) => o.slug === item.as_org);
    this.fillHeader(li, room.me ? room.me.name : "", org);
    drop(
      li,
      [
        ".msg__time",
        ".msg__edited",
        ".msg__official",
        ".msg__moderation",
        ".msg__quote",
        "[data-part='deleted']",
        ".msg__editor",
        ".msg__reactions",
        "[data-part='actions']",
        "[data-part='proposal']",
        ".msg__hide",
      ].join(", "),
    );
    li.querySelector("div.msg__body").textContent = item.body;
    if (item.failed) {
      drop(li, ".msg__sending");
      li.querySelector(".msg__failed").textContent = t("not_sent", { reason: item.failed });
      const actions = li.querySelector('[data-part="outbox-actions"]');
      actions.removeAttribute("data-part");
      for (const action of actions.querySelectorAll("[data-outbox]")) action.dataset.clientId = item.client_id;
    } else {
      drop(li, ".msg__failed, [data-part='outbox-actions']");
    }
    return li;
  }

  fillHeader(li, author, org) {
    li.querySelector(".msg__author").textContent = author;
    const badge = li.querySelector('[data-part="badge"]');
    if (org) fillBadge(badge, org);
    else badge.remove();
  }

  fillQuote(node, m) {
    const id = replyId(m);
    if (id === null) {
      node.remove();
      return;
    }
    // The server's `quote` knows about originals this page never loaded, and hides hidden ones.
    const known = this.room.store.get(id);
    const quote = m.quote && typeof m.quote === "object" ? m.quote : null;
    const author = quote ? quote.author : known && known.author;
    const gone = quote ? quote.deleted : Boolean(known && known.deleted);
    const text = gone
      ? t("deleted")
      : quote
        ? snippet(quote.excerpt, 120)
        : known
          ? snippet(known.body, 120)
          : "";
    const link = node.querySelector(".msg__quote-link");
    link.setAttribute("href", `#msg-${id}`);
    link.dataset.target = id;
    link.textContent = author ? t("reply_to", { name: author.name }) : t("reply_to_earlier");
    const excerpt = node.querySelector(".msg__quote-text");
    if (text) excerpt.textContent = text;
    else excerpt.remove();
  }

  fillReactions(group, m) {
    const room = this.room;
    const button = group.querySelector('[data-part="reaction"]');
    const label = group.querySelector('[data-part="static-reaction"]');
    group.replaceChildren();
    const reactions = m.reactions || {};
    const mineList = Array.isArray(m.my_reactions) ? m.my_reactions : [];
    for (const emoji of room.allowedEmoji) {
      const count = Number(reactions[emoji] || 0);
      if (room.canWrite) {
        const node = button.cloneNode(true);
        node.removeAttribute("data-part");
        node.dataset.emoji = emoji;
        if (mineList.length) node.setAttribute("aria-pressed", String(mineList.includes(emoji)));
        node.setAttribute("aria-label", t("react", { emoji, count }));
        node.querySelector(".reaction__emoji").textContent = emoji;
        const shown = node.querySelector(".reaction__count");
        if (count) shown.textContent = String(count);
        else shown.remove();
        group.append(node);
      } else if (count) {
        const node = label.cloneNode(true);
        node.removeAttribute("data-part");
        const [visible, spoken] = node.children;
        visible.textContent = `${emoji} ${count}`;
        spoken.textContent = t("reaction_count", { emoji, count });
        group.append(node);
      }
    }
  }

  // "Became a proposal: …" under a message, one line per public proposal it grew into.
  fillProposals(li, m) {
    const line = li.querySelector('[data-part="proposal"]');
    if (!line) return;
    for (const proposal of Array.isArray(m.proposals) ? m.proposals : []) {
      if (typeof proposal.url !== "string" || !proposal.url.startsWith("/")) continue;
      const copy = line.cloneNode(true);
      copy.removeAttribute("data-part");
      const link = copy.querySelector("a");
      link.href = proposal.url;
      link.textContent = proposal.title || "";
      line.before(copy);
    }
    line.remove();
  }

  fillActions(group, m, mine) {
    const room = this.room;
    group.removeAttribute("data-part");
    const name = m.author ? m.author.name : "";
    const action = (kind) => group.querySelector(`[data-action="${kind}"]`);
    const keep = (kind, wanted) => {
      if (!wanted) action(kind).remove();
      return wanted ? action(kind) : null;
    };
    const reply = keep("reply", room.canWrite);
    if (reply) reply.setAttribute("aria-label", t("reply_theirs", { name }));
    keep("edit", mine && room.canWrite);
    const remove = keep("delete", mine || room.canModerate);
    if (remove && !mine) remove.setAttribute("aria-label", t("delete_theirs", { name }));
    const acknowledge = keep("acknowledge", room.canAcknowledge);
    if (acknowledge) {
      const done = (m.acknowledged_by || []).some((p) => room.me && p.id === room.me.id);
      acknowledge.textContent = done ? t("withdraw") : t("acknowledge");
      acknowledge.setAttribute("aria-pressed", String(done));
      acknowledge.setAttribute(
        "aria-label",
        done ? t("withdraw_theirs", { name }) : t("acknowledge_theirs", { name }),
      );
    }
    const hide = keep("hide", room.canModerate && !m.hidden);
    if (hide) {
      hide.setAttribute("aria-label", t("hide_theirs", { name }));
      hide.setAttribute("aria-expanded", String(room.hidingId === m.id));
    }
    const propose = keep("propose", (mine || room.canModerate) && Boolean(room.proposeUrl));
    if (propose) {
      propose.href = `${room.proposeUrl}${m.id}/`;
      propose.setAttribute("aria-label", t("propose_theirs", { name }));
    }
    const outcome = keep("outcome", Boolean(room.outcomeUrl) && !m.hidden);
    if (outcome) {
      outcome.href = `${room.outcomeUrl}${m.id}/`;
      outcome.setAttribute("aria-label", t("outcome_theirs", { name }));
    }
    if (!group.querySelector("button, a")) group.remove();
  }
}
