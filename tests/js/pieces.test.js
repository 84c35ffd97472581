"use strict";
// A message longer than a piece leaves in pieces, one per task, in order with what is queued
// around it (bridge_js/auroraview.js, sendPieces; docs/protocol.md, "Messages in pieces").

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick, until } = require("./harness");

const PIECE = 1 << 18; // characters per piece, as in bridge_js/auroraview.js

test("a long call leaves in pieces of at most PIECE characters; calls around it keep their order", async () => {
  const page = await loadedPage();
  const text = "ab" + "é".repeat(3 * PIECE) + "😀".repeat(PIECE / 2) + "yz";
  page.av.call("api.before", 1);
  page.av.call("api.echo", text);
  page.av.call("api.after", 2);
  await tick();
  page.av.call("api.later", 3); // queued while the pieces leave
  await until(() => page.envelopes().length === 4);

  const pieces = page.posted.map((t) => JSON.parse(t)).filter((e) => e.type === "piece" || e.type === "piece_end");
  assert.ok(pieces.length >= 5);
  assert.ok(pieces.every((e) => e.detail.length <= PIECE && e.id === pieces[0].id));
  assert.deepEqual(pieces.map((e) => e.type), [...Array(pieces.length - 1).fill("piece"), "piece_end"]);
  // No piece ends between the two halves of a surrogate pair (each alone has no UTF-8 form).
  for (const e of pieces) assert.ok(!/[\ud800-\udbff]$/.test(e.detail) && !/^[\udc00-\udfff]/.test(e.detail));
  const envelopes = page.envelopes();
  assert.deepEqual(envelopes.map((e) => e.method), ["api.before", "api.echo", "api.after", "api.later"]);
  assert.equal(envelopes[1].params, text);
  assert.equal(page.av.pending, 4);
});

test("a message above the view's limit is not sent in pieces: the transport refuses it at once", async () => {
  const tooLarge = Object.assign(new RangeError("above the limit"), { code: "PAYLOAD_TOO_LARGE" });
  const page = await loadedPage({ postMessage: (t) => { if (t.length > PIECE * 2) throw tooLarge; } });
  page.window.ipc.maxMessage = PIECE * 2;
  page.window.ipc.maxLength = PIECE * 2;
  const err = await page.av.call("api.big", "x".repeat(PIECE * 2)).catch((e) => e);
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
});
