// @mentions in the composer: as the writer types "@", suggest the people present in the
// room. The ARIA combobox pattern: the textarea owns a listbox; Up/Down move the active
// option (aria-activedescendant), Enter or Tab picks it, Escape closes the list.

import { LANG } from "./dom.js";
import { plural, t } from "./strings.js";

const MAX_SHOWN = 8;
// "@" at the start or after a space or Japanese punctuation, then the name typed so far.
const TRIGGER = /(^|[\s(（「、。])@([^\s@]{0,30})$/u;

const fold = (text) => String(text).replace(/[\s\u3000]/g, "").toLocaleLowerCase(LANG);

export class Mentions {
  // `room` answers `present` (the presence list) and `me`.
  constructor(textarea, listbox, status, room) {
    this.textarea = textarea;
    this.listbox = listbox;
    this.status = status;
    this.room = room;
    this.options = [];
    this.active = -1;
    this.picked = new Map(); // "@name" -> id, for the `mentions` field of message.send
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listbox.id);
    textarea.setAttribute("aria-expanded", "false");
    textarea.addEventListener("input", () => this.update());
    textarea.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.pick(Number(option.dataset.index));
    });
  }

  get open() {
    return !this.listbox.hidden;
  }

  // The "@name" being typed just before the caret, or null.
  query() {
    const { value, selectionStart, selectionEnd } = this.textarea;
    if (selectionStart !== selectionEnd) return null;
    const match = TRIGGER.exec(value.slice(0, selectionStart));
    return match ? { text: match[2], start: selectionStart - match[2].length - 1 } : null;
  }

  update() {
    const query = this.query();
    if (!query) return this.close();
    const wanted = fold(query.text);
    const me = this.room.me ? this.room.me.id : null;
    this.options = (this.room.present || [])
      .filter((person) => person && person.id !== me && typeof person.name === "string")
      .filter((person) => fold(person.name).includes(wanted))
      .slice(0, MAX_SHOWN);
    if (!this.options.length) return this.close();
    this.listbox.replaceChildren(
      ...this.options.map((person, index) => {
        const item = document.createElement("li");
        item.id = `${this.listbox.id}-${index}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.index = String(index);
        item.textContent = person.org && person.org.name ? `${person.name} (${person.org.name})` : person.name;
        return item;
      }),
    );
    this.listbox.hidden = false;
    this.textarea.setAttribute("aria-expanded", "true");
    this.setActive(0);
    this.status.textContent = plural("mention_suggestions", this.options.length);
    return undefined;
  }

  setActive(index) {
    const count = this.options.length;
    this.active = ((index % count) + count) % count;
    for (const item of this.listbox.children) {
      const on = Number(item.dataset.index) === this.active;
      item.setAttribute("aria-selected", String(on));
      item.classList.toggle("is-active", on);
    }
    this.textarea.setAttribute("aria-activedescendant", `${this.listbox.id}-${this.active}`);
  }

  close() {
    if (!this.open && !this.options.length) return;
    this.options = [];
    this.active = -1;
    this.listbox.hidden = true;
    this.listbox.replaceChildren();
    this.textarea.setAttribute("aria-expanded", "false");
    this.textarea.removeAttribute("aria-activedescendant");
  }

  // Keys while the list is open; true when the key was ours.
  onKey(event) {
    if (!this.open || event.isComposing) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.setActive(this.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
      this.pick(this.active);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    return true;
  }

  pick(index) {
    const person = this.options[index];
    const query = this.query();
    if (!person || !query) return this.close();
    const { value, selectionStart } = this.textarea;
    const mention = `@${person.name}`;
    this.textarea.value = `${value.slice(0, query.start)}${mention} ${value.slice(selectionStart)}`;
    const caret = query.start + mention.length + 1;
    this.textarea.setSelectionRange(caret, caret);
    this.picked.set(mention, person.id);
    this.close();
    this.status.textContent = t("mention_picked", { name: person.name });
    this.textarea.dispatchEvent(new Event("input"));
    return undefined;
  }

  // The ids of picked people still named in `body`; forgotten once sent.
  take(body) {
    const ids = [];
    for (const [mention, id] of this.picked) if (body.includes(mention) && !ids.includes(id)) ids.push(id);
    this.picked.clear();
    return ids;
  }
}
