// The admin's readability figure: sends the Japanese text of this panel's tab to the server
// as the editor types (debounced) or presses the button, and shows the figure and the
// hardest sentences. Markup and words come from the Django template; nothing is written
// here as HTML.
const DELAY_MS = 800;

function scopeOf(panel) {
  return panel.closest('[role="tabpanel"]') || panel.closest("form") || document;
}

function textOf(panel) {
  const parts = [];
  const fields = scopeOf(panel).querySelectorAll(
    'input[type="text"], textarea, [contenteditable="true"]',
  );
  for (const field of fields) {
    if (panel.contains(field)) continue;
    const value = field.isContentEditable ? field.innerText : field.value;
    if (value && value.trim()) parts.push(value.trim());
  }
  return parts.join("\n");
}

function csrfToken(panel) {
  const input = panel.closest("form")?.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : "";
}

function percent(share) {
  return `${Math.round(share * 100)}%`;
}

function fill(node, field, text) {
  const target = node.querySelector(`[data-field="${field}"]`);
  if (target) target.textContent = text;
  return target;
}

function render(panel, data) {
  const status = panel.querySelector("[data-readability-status]");
  const details = panel.querySelector("[data-readability-details]");
  if (data.error) {
    status.textContent = data.detail || panel.dataset.failed;
    details.replaceChildren();
    return;
  }
  status.textContent = panel
    .querySelector("template[data-readability-score]")
    .content.textContent.trim()
    .replace("SCORE", String(data.score))
    .replace("LEVEL", data.level_label);
  const result = panel.querySelector("template[data-readability-result]").content.cloneNode(true);
  const chars = panel.dataset.chars;
  fill(result, "mean_length", chars.replace("N", String(data.mean_length)));
  fill(result, "kanji_share", percent(data.kanji_share));
  fill(result, "hard_share", percent(data.hard_share));
  const list = result.querySelector('[data-field="hardest"]');
  const sentence = panel.querySelector("template[data-readability-sentence]");
  for (const item of data.hardest) {
    const li = sentence.content.cloneNode(true);
    fill(li, "text", item.text);
    const bits = [
      `${item.score}/100`,
      chars.replace("N", String(item.length)),
      `${percent(item.kanji_share)} ${panel.dataset.kanji}`,
    ];
    if (item.hard_words.length) bits.push(`${panel.dataset.hardWords} ${item.hard_words.join("、")}`);
    fill(li, "detail", bits.join(" · "));
    list.append(li);
  }
  if (!data.hardest.length) {
    result.querySelector('[data-field="hardest-heading"]').remove();
    list.remove();
  }
  details.replaceChildren(result);
}

function setUp(panel) {
  let timer = 0;
  let inFlight = null;
  async function check() {
    window.clearTimeout(timer);
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const body = new FormData();
    body.append("text", textOf(panel));
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken(panel) },
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      const data = await response.json().catch(() => ({ error: "failed" }));
      render(panel, response.ok || data.error ? data : { error: "failed" });
    } catch (error) {
      if (error.name !== "AbortError") render(panel, { error: "failed" });
    }
  }
  panel.querySelector("[data-readability-check]").addEventListener("click", check);
  scopeOf(panel).addEventListener("input", (event) => {
    if (panel.contains(event.target)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY_MS);
  });
  check();
}

for (const panel of document.querySelectorAll("[data-readability]:not([data-ready])")) {
  panel.dataset.ready = "true";
  setUp(panel);
}
