import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVizServer, type VizServer } from "../../viz/src/server/serve.js";

const root = mkdtempSync(join(tmpdir(), "viz-serve-"));
const dist = join(root, "dist");
const run = join(root, "run");
let server: VizServer;

/** A raw GET, so paths reach the server exactly as written (fetch would normalize `..`). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(dist, { recursive: true });
  mkdirSync(run, { recursive: true });
  writeFileSync(join(dist, "index.html"), "<!doctype html>viewer");
  writeFileSync(join(run, "viz.flows.bin"), "0123456789abcdef");
  writeFileSync(join(root, "secret.txt"), "do not serve");
  server = await startVizServer({ distDir: dist, runDir: run, port: 0 });
});

afterAll(() => server.close());

describe("viewer server", () => {
  it("listens on loopback and serves the app at /", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get("/")).toEqual({ status: 200, body: "<!doctype html>viewer" });
  });

  it("answers a byte range of a run file with 206 and just those bytes", async () => {
    expect(await get("/run/viz.flows.bin", { Range: "bytes=4-7" })).toEqual({ status: 206, body: "4567" });
    expect((await get("/run/viz.flows.bin", { Range: "bytes=99-" })).status).toBe(416);
  });

  it("serves nothing outside the app and run directories", async () => {
    expect((await get("/run/..%2Fsecret.txt")).status).toBe(404);
    expect((await get("/../secret.txt")).status).toBe(404);
    expect((await get("/live/log?node=0")).status).toBe(404);
  });
});
