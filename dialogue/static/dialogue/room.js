// The live room page. Plain ES modules, no build step (the modules are in ./room/):
//   connection.js  socket, reconnect with backoff, heartbeat, offline/online
//   store.js       the messages known, in id order
//   render.js      messages drawn from the server's markup (<template id="room-message">)
//   outbox.js      what was written but not yet confirmed, resent with the same client_id
//   composer.js    writing, replying, speaking as an organisation, the body limit
//   presence.js    who is here and who is typing
//   log-actions.js what the reader does in the log: reply, edit, react, hide, load earlier
//   notices.js     status, refusals, screen-reader announcements
//   strings.js     texts translated by the server (<script id="room-strings">)
//   safe-html.js   the server's sanitised body markup, rebuilt without innerHTML
//   room.js        the room: frames in, requests out, the pieces wired together
// The page (templates/dialogue/room.html) provides #room-app, the JSON scripts
// room-initial and room-strings, and the templates room-shell and room-message.
// Protocol: docs/dialogue-protocol.md.

import { readJSON } from "./room/dom.js";
import { Room } from "./room/room.js";

const root = document.getElementById("room-app");
const initial = readJSON("room-initial");

if (root && initial && initial.room) {
  window.consortiumRoom = new Room(root, initial);
}
