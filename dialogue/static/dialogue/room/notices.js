// What the room tells its reader: connection status, refusals, and new messages spoken
// by screen readers.

import { snippet } from "./dom.js";
import { plural, t } from "./strings.js";

export class Notices {
  constructor(root, { onDismiss }) {
    this.root = root;
    this.status = root.querySelector(".room-status");
    this.error = root.querySelector(".room-error");
    this.errorText = root.querySelector(".room-error__text");
    this.announcer = root.querySelector("[data-room-announcer]");
    this.twoStep = root.querySelector(".room-error__two-step");
    this.twoStepLink = root.querySelector("[data-two-step-link]");
    this.retry = null;
    this.error.querySelector("[data-dismiss]").addEventListener("click", () => {
      this.clearError();
      onDismiss();
    });
    this.twoStep.querySelector("[data-retry]").addEventListener("click", () => {
      const retry = this.retry;
      if (retry) retry();
    });
  }

  // state: connecting, live, reconnecting, offline, refused, gone; `waiting` unsent messages.
  setState(state, { seconds = 0, waiting = 0 } = {}) {
    this.status.dataset.state = state;
    this.status.textContent = t(state, { seconds });
    if (waiting && state !== "live") this.status.append(" ", plural("waiting", waiting));
    this.root.dataset.state = state;
  }

  showError(text) {
    this.errorText.textContent = text;
    this.error.hidden = false;
  }

  clearError() {
    this.error.hidden = true;
    this.errorText.textContent = "";
    this.twoStep.hidden = true;
    this.retry = null;
  }

  // The request is kept: the reader sets up an authenticator in a new tab, then retries.
  showTwoStep(text, setupUrl, retry) {
    this.showError(text);
    if (setupUrl) this.twoStepLink.href = setupUrl;
    this.twoStepLink.hidden = !setupUrl;
    this.retry = retry;
    this.twoStep.hidden = false;
  }

  announce(m) {
    const author = m.author ? m.author.name : "";
    const org = m.as_org ? t("announce_org", { org: m.as_org.name }) : "";
    const text = t("announce", { author, org, text: snippet(m.body, 200) });
    this.announcer.textContent = "";
    // A fresh text node in a separate task makes screen readers speak repeated texts too.
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }
}
