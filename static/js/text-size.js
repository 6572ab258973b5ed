// Applies the saved "larger text" choice before the first paint. Kept tiny and synchronous.
(function () {
  try {
    if (window.localStorage.getItem("consortium.textSize") === "large") {
      document.documentElement.classList.add("text-large");
    }
  } catch (e) { /* storage may be unavailable (private mode): default size */ }
})();
