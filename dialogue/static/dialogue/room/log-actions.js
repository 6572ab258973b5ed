// What the reader does inside the log: reply, edit, delete, react, acknowledge, hide,
// follow a quote, load earlier messages, and edit or discard an unsent message; and moving
// between messages with the keyboard (up and down arrows, Home, End).

import { scrollBehavior } from "./dom.js";
import { PAGE } from "./store.js";

const MOVES = new Set(["ArrowUp", "ArrowDown", "Home", "End"]);
import { t } from "./strings.js";

export class LogActions {
  constructor(room) {
    this.room = room;
    const log = room.logRegion;
    log.addEventListener("click", (event) => this.onLogClick(event));
    log.addEventListener("keydown", (event) => this.onLogKeydown(event));
    log.addEventListener("submit", (event) => this.onLogSubmit(event));
  }

  onOutboxAction(action, clientId) {
    const item = this.room.outbox.find(clientId);
    if (!item) return;
    if (action === "edit") {
      if (this.room.composer.textarea.value.trim() && !window.confirm(t("confirm_replace"))) return;
      this.room.composer.restore(item);
    } else if (action === "discard" && !window.confirm(t("confirm_discard"))) {
      return;
    }
    this.room.outbox.remove(clientId);
    this.room.renderOutbox();
    this.room.composer.focus();
  }

  focusIn(id, selector) {
    this.room.logNode.querySelector(`#msg-${id} ${selector}`)?.focus();
  }

  onLogClick(event) {
    const outboxButton = event.target.closest("[data-outbox]");
    if (outboxButton) {
      this.onOutboxAction(outboxButton.dataset.outbox, outboxButton.dataset.clientId);
      return;
    }
    const target = event.target.closest("[data-action]");
    if (!target || !this.room.logRegion.contains(target)) return;
    const action = target.dataset.action;
    if (action === "older") {
      this.loadOlder();
      return;
    }
    const li = target.closest("li[data-id]");
    const id = li ? Number(li.dataset.id) : null;
    if (action === "goto") {
      event.preventDefault();
      const goal = this.room.logNode.querySelector(`#msg-${target.dataset.target}`);
      if (goal) {
        goal.focus({ preventScroll: true });
        goal.scrollIntoView({ block: "center", behavior: scrollBehavior() });
      }
      return;
    }
    if (id === null || !this.room.store.has(id)) return;
    switch (action) {
      case "reply":
        this.room.composer.setReply(id);
        this.room.composer.focus();
        break;
      case "edit":
        this.room.editingId = id;
        this.room.rerender(id);
        this.focusIn(id, "textarea");
        break;
      case "cancel-edit":
        this.room.editingId = null;
        this.room.rerender(id);
        this.focusIn(id, '[data-action="edit"]');
        break;
      case "delete":
        if (window.confirm(t("confirm_delete"))) this.room.request({ type: "message.delete", id });
        break;
      case "react":
        this.room.request({ type: "reaction.toggle", id, emoji: target.dataset.emoji });
        break;
      case "acknowledge":
        this.room.request({ type: "message.acknowledge", id });
        break;
      case "hide":
        this.room.hidingId = this.room.hidingId === id ? null : id;
        this.room.rerender(id);
        this.focusIn(id, 'input[name="reason"]');
        break;
      case "cancel-hide":
        this.room.hidingId = null;
        this.room.rerender(id);
        this.focusIn(id, '[data-action="hide"]');
        break;
      default:
        break;
    }
  }

  // The messages shown, oldest first (not the unsent ones).
  messageNodes() {
    return Array.from(this.room.logNode.querySelectorAll(":scope > li.msg[data-id]"));
  }

  focusMessage(li) {
    if (!li) return;
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest", behavior: scrollBehavior() });
  }

  // Arrows move from message to message, from the log itself or from a message or any of its
  // buttons; text fields and lists keep their own arrows.
  onMove(event) {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
    if (target.closest("textarea, input, select, [role='listbox']")) return false;
    const li = target.closest("li.msg[data-id]");
    if (!li && target !== this.room.logRegion) return false;
    const nodes = this.messageNodes();
    if (!nodes.length) return false;
    let goal;
    if (event.key === "Home") goal = nodes[0];
    else if (event.key === "End") goal = nodes[nodes.length - 1];
    else if (!li) goal = event.key === "ArrowUp" ? nodes[nodes.length - 1] : nodes[0];
    else goal = nodes[nodes.indexOf(li) + (event.key === "ArrowUp" ? -1 : 1)];
    if (!goal) return true; // at either end: stay, and do not scroll the log instead
    this.focusMessage(goal);
    return true;
  }

  onLogKeydown(event) {
    if (MOVES.has(event.key)) {
      if (this.onMove(event)) event.preventDefault();
      return;
    }
    const editor = event.target.closest(".msg__editor");
    if (editor && event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      // As in the composer: Ctrl+Enter saves.
      event.preventDefault();
      editor.requestSubmit();
      return;
    }
    if (event.key !== "Escape") return;
    const li = event.target.closest("li[data-id]");
    if (!li) return;
    const id = Number(li.dataset.id);
    if (this.room.editingId === id) {
      this.room.editingId = null;
      this.room.rerender(id);
      this.focusIn(id, '[data-action="edit"]');
    } else if (this.room.hidingId === id) {
      this.room.hidingId = null;
      this.room.rerender(id);
      this.focusIn(id, '[data-action="hide"]');
    } else if (event.target !== li) {
      // From a message's buttons back to the message, to go on with the arrows.
      li.focus();
    }
  }

  onLogSubmit(event) {
    const form = event.target.closest("form[data-form]");
    if (!form) return;
    event.preventDefault();
    const id = Number(form.closest("li[data-id]").dataset.id);
    if (form.dataset.form === "edit") {
      const body = form.querySelector("textarea").value.trim();
      const refused = this.room.composer.refusal(body, t("empty_edit"));
      if (refused) {
        this.room.notices.showError(refused);
        return;
      }
      if (this.room.request({ type: "message.edit", id, body })) {
        this.room.editingId = null;
        this.room.rerender(id);
        this.focusIn(id, '[data-action="edit"]');
      }
    } else if (form.dataset.form === "hide") {
      const reason = form.querySelector("input[name=reason]").value.trim();
      if (!reason) {
        this.room.notices.showError(t("no_reason"));
        return;
      }
      if (this.room.request({ type: "message.hide", id, reason })) {
        this.room.hidingId = null;
        this.room.rerender(id);
      }
    }
  }

  loadOlder() {
    const first = this.room.store.first;
    if (first === undefined) return;
    if (this.room.send({ type: "history", before: first, limit: PAGE })) {
      this.room.historyRequests.push("older");
    } else {
      this.room.notices.showError(t("not_connected"));
    }
  }
}
