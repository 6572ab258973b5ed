// Opinion map: arrow keys move between groups in the list, and the focused group's region
// is outlined on the map. The list works without this script.
const list = document.querySelector("[data-group-list]");
if (list) {
  const links = [...list.querySelectorAll("[data-group-link]")];
  const regions = (id) => document.querySelectorAll(`[data-region="${id}"]`);
  links.forEach((link, index) => {
    link.addEventListener("keydown", (event) => {
      const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: links.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      links[(next + links.length) % links.length].focus();
    });
    const mark = (on) => regions(link.dataset.groupLink).forEach((r) => r.classList.toggle("is-current", on));
    link.addEventListener("focus", () => mark(true));
    link.addEventListener("blur", () => mark(false));
  });
}
const bar = document.querySelector("[data-progress-url]");
if (bar) {
  const poll = async () => {
    const response = await fetch(bar.dataset.progressUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const state = await response.json();
    bar.value = state.progress;
    bar.textContent = `${state.progress}%`;
    if (state.status === "pending" || state.status === "running") setTimeout(poll, 2000);
    else window.location.reload();
  };
  setTimeout(poll, 2000);
}
