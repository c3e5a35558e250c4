import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vizCommand } from "../../cli/viz.js";
import { indexTraceFile, type VizIndex } from "../../viz/src/index/trace-index.js";
import type { VizServer } from "../../viz/src/server/serve.js";
import { CHROMIUM_PATH as CHROMIUM, chromiumTool, requireTools } from "../helpers/require-tool.js";
import { writeSyntheticTrace } from "./fixtures/synthetic-trace.js";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const OUT = join("out", "viz-e2e");
/** Under CI a missing browser fails this file; elsewhere it skips, saying why. */
const present = requireTools(import.meta.url, [chromiumTool]);

/** Runs the smoke scenario through the real CLI; its expectations may fail, the trace is what matters here. */
function runSmoke(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["cli/bin.js", "run", "scenarios/smoke.yaml", "--out", out], {
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("exit", () => (existsSync(join(out, "trace.ndjson")) ? resolve() : reject(new Error("no trace written"))));
  });
}

/** Clicks the timeline where time `t` is drawn, as a user scrubbing would. */
async function scrubTo(page: Page, t: number): Promise<void> {
  const box = (await page.locator("svg.timeline").boundingBox())!;
  const end = Number(await page.locator("body").getAttribute("data-end"));
  // The timeline maps [0, end] onto [40, width - 12] (viz/src/app/timeline.ts).
  await page.mouse.click(box.x + 40 + (t / end) * (box.width - 52), box.y + 30);
}

const data = (page: Page, name: string): Promise<string | null> => page.locator("body").getAttribute(`data-${name}`);

describe.skipIf(!present)("viewer in a real browser", () => {
  const smokeDir = join(OUT, "smoke");
  let browser: Browser;
  let server: VizServer;
  let index: VizIndex;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const [b] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, args: ARGS }), runSmoke(smokeDir)]);
    browser = b;
    server = await vizCommand(smokeDir, { port: 0, quiet: true });
    index = JSON.parse(readFileSync(join(smokeDir, "viz.json"), "utf8")) as VizIndex;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows two components mid-partition and one after the heal", async () => {
    const partition = index.faults.find((f) => f.type === "fault.partition")!.at;
    const heal = index.faults.find((f) => f.type === "fault.heal")!.at;
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready='1']");
    expect(await data(page, "mode")).toBe("static");
    expect(await page.locator("g.fault").count()).toBe(2);

    await scrubTo(page, (partition + heal) / 2);
    await page.waitForSelector("body[data-partitioned='1']");
    expect(Math.abs(Number(await data(page, "time")) - (partition + heal) / 2)).toBeLessThan(500);
    // Two clusters; a node whose whole view lay across the cut may sit alone as an extra component.
    expect(await data(page, "clusters")).toBe("2");
    expect(Number(await data(page, "components"))).toBeGreaterThanOrEqual(2);
    await page.waitForSelector("body[data-settled='1']", { timeout: 10_000 }).catch(() => undefined);
    await page.screenshot({ path: join(OUT, "smoke-mid-partition.png") });

    await scrubTo(page, heal + (index.end - heal) / 2);
    await page.waitForSelector("body[data-partitioned='0']");
    expect(await data(page, "components")).toBe("1");
    expect(await data(page, "clusters")).toBe("1");
    await page.screenshot({ path: join(OUT, "smoke-after-heal.png") });
    await page.close();
  });

  it("inspects a node found by id, and replays a message's spread", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(`${server.url}?t=60`);
    await page.waitForSelector("body[data-ready='1']");
    await page.keyboard.press("Shift+ArrowRight");
    expect(await data(page, "time")).toBe("70000");
    await page.fill("#search", "west-3");
    await page.press("#search", "Enter");
    await page.waitForSelector("body[data-selected='west-3']");
    await page.waitForSelector("#inspector ol.log li");
    expect(await page.locator("#inspector h2").textContent()).toBe("west-3");
    expect(await page.locator("#inspector .peers a").count()).toBeGreaterThan(0);

    const first = index.messages[0]!;
    await page.selectOption("#message", "0");
    await page.click("#spread");
    await page.waitForSelector(`body[data-message='${first.id}']`);
    // Mid-replay some nodes have it and others not yet: it spreads hop by hop.
    await page.waitForFunction(
      (n) => {
        const reached = Number(document.body.dataset.msgReached);
        return reached > 1 && reached < n + 1;
      },
      first.n,
      { timeout: 10_000 },
    );
    await page.click("#play");
    await page.fill("#time", String(first.last / 1000 + 0.5));
    await page.press("#time", "Enter");
    await page.waitForFunction((n) => Number(document.body.dataset.msgReached) === n, first.n + 1);
    await page.close();
  });

  it("opens a 1,000-node partition-heal trace (time printed, not asserted)", async () => {
    const dir = process.env.VIZ_BIG_RUN ?? join(OUT, "synthetic-1000");
    if (!process.env.VIZ_BIG_RUN) {
      writeSyntheticTrace(join(dir, "trace.ndjson"), { nodes: 1000, duration: 600_000, noise: false });
      await indexTraceFile(join(dir, "trace.ndjson"));
    }
    const big = await vizCommand(dir, { port: 0, quiet: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      const started = performance.now();
      await page.goto(`${big.url}?t=200`);
      await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
      const ms = Math.round(performance.now() - started);
      const nodes = await data(page, "nodes");
      console.log(
        `viewer opened ${dir} (${nodes} nodes) in ${ms} ms (page's own load: ${await data(page, "load-ms")} ms)`,
      );
      expect(Number(nodes)).toBeGreaterThanOrEqual(1000);
      await page.close();
    } finally {
      await big.close();
    }
  });
});
