// A message body: the server's sanitised markup (dialogue/text.py), rebuilt here element by
// element from the same short list of tags, so the page never assigns markup to innerHTML.
// Text goes in as text nodes; scripts and styles are dropped with their content.

// RUBY and RT: the readings of the `ruby` variant (docs/dialogue-protocol.md).
const TAGS = new Set(["P", "BR", "STRONG", "EM", "A", "UL", "OL", "LI", "SPAN", "RUBY", "RT"]);
const DROPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH"]);
const LINK = /^(https?:|mailto:)/i;

export function appendMarkup(target, markup) {
  if (typeof markup !== "string" || !markup) return;
  // DOMParser builds an inert document: nothing in it loads or runs.
  const parsed = new DOMParser().parseFromString(markup, "text/html");
  copyChildren(parsed.body, target);
}

function copyChildren(source, target) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(node.data));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const tag = node.tagName.toUpperCase();
      if (DROPPED.has(tag)) continue;
      if (!TAGS.has(tag)) {
        copyChildren(node, target);
        continue;
      }
      const copy = document.createElement(tag.toLowerCase());
      if (tag === "A") {
        const href = node.getAttribute("href") || "";
        if (LINK.test(href.trim())) {
          copy.setAttribute("href", href.trim());
          copy.setAttribute("target", "_blank");
          copy.setAttribute("rel", "nofollow noopener noreferrer");
        }
      } else if ((tag === "P" || tag === "LI") && node.getAttribute("dir") === "auto") {
        copy.setAttribute("dir", "auto");
      } else if (tag === "SPAN" && node.classList.contains("mention")) {
        copy.className = "mention";
        const user = node.getAttribute("data-user-id") || "";
        if (/^\d+$/.test(user)) copy.dataset.userId = user;
      }
      copyChildren(node, copy);
      target.append(copy);
    }
  }
}
