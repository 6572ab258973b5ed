// The socket: connect, reconnect with backoff, heartbeat, offline and online.
// It knows no frame but ping; the room tells it when a `hello` made the connection live.

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;
const PING_EVERY_MS = 20000;
const PONG_WAIT_MS = 8000;

export function socketUrl(path) {
  const url = new URL(path, window.location.href);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  return url.href;
}

export class Connection {
  // onFrame(frame) for every JSON object received; onState(state, seconds) on every change:
  // connecting, live, reconnecting, offline, refused (4403), gone (4404).
  constructor(url, { onFrame, onState }) {
    this.url = socketUrl(url);
    this.onFrame = onFrame;
    this.onState = onState;
    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.stopped = false;
    this.state = "connecting";

    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.goOffline());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.state !== "live") this.reconnectNow();
    });
  }

  setState(state, seconds = 0) {
    this.state = state;
    this.onState(state, seconds);
  }

  connect() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.stopped) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return;
    }
    this.setState("connecting");
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (socket !== this.socket) return;
      this.heard();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame === "object") this.onFrame(frame);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.stopHeartbeat();
      if (event.code === 4403 || event.code === 4404) {
        this.stopped = true;
        this.setState(event.code === 4404 ? "gone" : "refused");
        return;
      }
      this.scheduleReconnect();
    });
  }

  // The server said hello: the connection is usable.
  live() {
    this.attempt = 0;
    this.setState("live");
    this.startHeartbeat();
  }

  scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    if (navigator.onLine === false) {
      this.setState("offline");
      return;
    }
    // Exponential backoff with full jitter, so a restarted server is not hit by everyone at once.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    this.setState("reconnecting", Math.ceil(delay / 1000));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  reconnectNow() {
    if (this.stopped) return;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    this.attempt = 0;
    this.connect();
  }

  goOffline() {
    // Browsers keep a dead socket open for a long time; drop it now and resend later.
    this.dropSocket();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.setState("offline");
  }

  dropSocket() {
    const socket = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (socket) {
      try {
        socket.close();
      } catch (e) {
        /* already closed */
      }
    }
  }

  // True when the frame went out; false while not live.
  send(frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || this.state !== "live") {
      return false;
    }
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch (e) {
      return false;
    }
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: "ping", nonce: String(Date.now()) })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        // Nothing heard since the ping: the connection is dead even if the browser disagrees.
        this.dropSocket();
        this.scheduleReconnect();
      }, PONG_WAIT_MS);
    }, PING_EVERY_MS);
  }

  heard() {
    clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  stopHeartbeat() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
  }
}
