// Who is here, grouped by organisation, and who is typing.

import { LANG } from "./dom.js";
import { kindTag } from "./render.js";
import { plural, t } from "./strings.js";

const TYPING_SHOW_MS = 6000;

export class Presence {
  constructor(heading, list) {
    this.heading = heading;
    this.list = list;
  }

  render(present) {
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
    this.heading.textContent = plural("here_now", people.size);
    this.list.replaceChildren();
    for (const [key, group] of sorted) {
      const title = key ? group.name : t("individuals");
      const list = document.createElement("ul");
      list.className = "room-presence__people";
      for (const person of group.people.sort((a, b) => String(a.name).localeCompare(String(b.name), LANG))) {
        const item = document.createElement("li");
        item.textContent = person.name;
        list.append(item);
      }
      const heading = document.createElement("h3");
      heading.className = "room-presence__org";
      heading.append(title);
      if (group.org && group.org.kind) heading.append(" ", kindTag(group.org.kind));
      const section = document.createElement("section");
      section.className = "room-presence__group";
      section.setAttribute("aria-label", title);
      section.append(heading, list);
      this.list.append(section);
    }
  }
}

export class Typing {
  constructor(node) {
    this.node = node;
    this.people = new Map();
  }

  seen(user) {
    const previous = this.people.get(user.id);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.people.delete(user.id);
      this.render();
    }, TYPING_SHOW_MS);
    this.people.set(user.id, { name: user.name, timer });
    this.render();
  }

  render() {
    const names = [...this.people.values()].map((person) => person.name);
    let text = "";
    if (names.length === 1) text = t("typing_one", { name: names[0] });
    else if (names.length === 2) text = t("typing_two", { first: names[0], second: names[1] });
    else if (names.length > 2) text = t("typing_many");
    this.node.textContent = text;
  }
}
