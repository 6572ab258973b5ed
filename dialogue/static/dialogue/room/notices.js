// What the room tells its reader: connection status, refusals, and new messages spoken
// by screen readers.

import { snippet } from "./dom.js";
import { plural, t } from "./strings.js";

// New messages are spoken through one polite live region, each exactly once: on its own in a
// quiet room, summed up ("5 new messages") in a busy one, so a reader is not flooded.
// Messages arriving within GATHER_MS of the first are spoken together, and two announcements
// are at least GAP_MS apart; whatever arrives in between is summed up at the end of the gap.
export const GATHER_MS = 400;
export const GAP_MS = 3000;

export class Notices {
  // `isShown(id)`: whether a message is still on the page when its turn to be spoken comes.
  constructor(root, { onDismiss, isShown = () => true }) {
    this.root = root;
    this.status = root.querySelector(".room-status");
    this.error = root.querySelector(".room-error");
    this.errorText = root.querySelector(".room-error__text");
    this.announcer = root.querySelector("[data-room-announcer]");
    this.twoStep = root.querySelector(".room-error__two-step");
    this.twoStepLink = root.querySelector("[data-two-step-link]");
    this.retry = null;
    this.isShown = isShown;
    this.waiting = [];
    this.timer = null;
    this.lastSpoken = -Infinity;
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
    if (this.waiting.some((w) => w.id === m.id)) return;
    this.waiting.push(m);
    if (this.timer !== null) return;
    const wait = Math.max(GATHER_MS, this.lastSpoken + GAP_MS - Date.now());
    this.timer = setTimeout(() => this.speakWaiting(), wait);
  }

  speakWaiting() {
    this.timer = null;
    const messages = this.waiting.filter((m) => this.isShown(m.id));
    this.waiting = [];
    if (!messages.length) return;
    let text;
    if (messages.length === 1) {
      const [m] = messages;
      const author = m.author ? m.author.name : "";
      const org = m.as_org ? t("announce_org", { org: m.as_org.name }) : "";
      text = t("announce", { author, org, text: snippet(m.body, 200) });
    } else {
      text = plural("announce_many", messages.length);
    }
    this.lastSpoken = Date.now();
    this.speak(text);
  }

  speak(text) {
    this.announcer.textContent = "";
    // A fresh text node in a separate task makes screen readers speak repeated texts too.
    setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }
}
