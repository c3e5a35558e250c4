import { request } from "node:http";
import { afterEach, expect, test } from "vitest";
import { serveStatus, MAX_COMMAND_BODY, type NodeStatus } from "../../cli/node-status.js";
import type { ActorEvent } from "../../runtime/actor.js";

// Regression for issue 10 item 1: a 600 MB POST killed the node (RangeError: Invalid string length).

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve() {
  const commands: ActorEvent[] = [];
  const s = await serveStatus(
    0,
    () => ({ id: "n1" }) as unknown as NodeStatus,
    async (_actor, event) => {
      if (event.type === "nonsense") throw new Error("gossip does not accept a command of type 'nonsense'");
      commands.push(event);
    },
  );
  close = s.close;
  return { url: `http://127.0.0.1:${s.port}`, port: s.port, commands };
}

/** Streams `total` bytes (chunked, no content-length) and resolves with the status and body of the answer. */
function streamBody(port: number, total: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/command/gossip" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body, sent }));
    });
    // The server closes the socket once it answered: our remaining writes fail, as they should.
    req.on("error", (err) => (sent > 0 ? undefined : reject(err)));
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

test("a 600 MB streamed command body gets 413 with a message, is never buffered, and the endpoint lives on", async () => {
  const { url, port, commands } = await serve();
  const rss0 = process.memoryUsage().rss;
  const r = await streamBody(port, 600 * 1024 * 1024);
  expect(r.status).toBe(413);
  expect(JSON.parse(r.body).error).toMatch(/request body over \d+ bytes/);
  // The server stopped reading: far less than 600 MB went out before the answer.
  expect(r.sent).toBeLessThan(100 * 1024 * 1024);
  expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * 1024 * 1024);
  expect(commands).toEqual([]);
  const ok = await fetch(`${url}/command/gossip`, {
    method: "POST",
    body: JSON.stringify({ type: "publish", body: "x" }),
  });
  expect(ok.status).toBe(200);
  expect((await fetch(`${url}/status`)).status).toBe(200);
});

test("a declared content-length over the limit is refused before any byte is read", async () => {
  const { port } = await serve();
  const r = await new Promise<number>((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/command/gossip",
      headers: { "content-length": String(MAX_COMMAND_BODY + 1) },
    });
    req.on("response", (res) => resolve(res.statusCode!));
    req.on("error", reject);
    req.flushHeaders();
  });
  expect(r).toBe(413);
});

test("a body that is not a JSON object with a string type gets 400 and a one-line reason", async () => {
  const { url, commands } = await serve();
  for (const body of ["not json", "[1,2]", "null", '{"type":7}', "\u0000\u00ff"]) {
    const res = await fetch(`${url}/command/gossip`, { method: "POST", body });
    expect(res.status, body).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).not.toMatch(/\n/);
  }
  const refused = await fetch(`${url}/command/gossip`, { method: "POST", body: '{"type":"nonsense"}' });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: string }).error).toMatch(/nonsense/);
  expect(commands).toEqual([]);
});
