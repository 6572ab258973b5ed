// Site-wide behaviour: the larger-text toggle. Plain ES module, no build step.
const KEY = "consortium.textSize";
const root = document.documentElement;

function save(large) {
  try {
    window.localStorage.setItem(KEY, large ? "large" : "normal");
  } catch (e) {
    /* storage unavailable: the choice lasts for this page only */
  }
}

for (const button of document.querySelectorAll("[data-text-size-toggle]")) {
  button.setAttribute("aria-pressed", String(root.classList.contains("text-large")));
  button.addEventListener("click", () => {
    const large = !root.classList.contains("text-large");
    root.classList.toggle("text-large", large);
    save(large);
    for (const other of document.querySelectorAll("[data-text-size-toggle]")) {
      other.setAttribute("aria-pressed", String(large));
    }
  });
}
