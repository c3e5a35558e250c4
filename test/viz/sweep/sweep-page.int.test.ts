import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep, type SweepReport } from "../../../cli/sweep.js";
import { vizCommand } from "../../../cli/viz.js";
import type { VizServer } from "../../../viz/src/server/serve.js";
import { CHROMIUM_PATH, chromiumTool, requireTools } from "../../helpers/require-tool.js";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const present = requireTools(import.meta.url, [chromiumTool]);

describe.skipIf(!present)("the sweep page in a real browser", () => {
  let browser: Browser;
  let server: VizServer;
  let report: SweepReport;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "meshtwin-sweep-viz-"));
    const [b] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS }),
      sweep("test/fixtures/scenarios-flaky/lossy-heal.yaml", {
        seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9],
        jobs: 2,
        out,
        quiet: true,
      }),
    ]);
    browser = b;
    server = await vizCommand(out, { port: 0, quiet: true });
    report = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")) as SweepReport;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("draws a histogram per figure; a bar lists its seeds; a failing seed opens its kept run", async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    expect(server.url).toMatch(/sweep\.html$/);
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator(".chart").count()).toBe(report.summary.distributions.length);
    // The latency chart's bars hold every seed once.
    const chart = page.locator(".chart[data-figure='latencyP50Ms']");
    const bins = report.summary.distributions.find((d) => d.figure === "latencyP50Ms")!.bins;
    expect(await chart.locator("rect.bar:not(.failing)").count()).toBe(bins.length);
    const fullest = bins.reduce((best, b, i) => (b.seeds.length > bins[best]!.seeds.length ? i : best), 0);
    await chart.locator("rect.bar:not(.failing)").nth(fullest).click({ force: true });
    const listed = await page
      .locator("#seed-list li")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seed"))));
    expect(listed).toEqual(bins[fullest]!.seeds);

    // The failing seeds are listed at first; a failing seed with a kept trace opens the run viewer on it.
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready='1']");
    const failing = report.summary.failing;
    expect(failing.length).toBeGreaterThan(0);
    const seed = failing[0]!;
    const link = page.locator(`#seed-list li[data-seed='${seed}'] a`);
    expect(await link.getAttribute("href")).toBe(`index.html?run=${encodeURIComponent(`run/seeds/${seed}/`)}`);
    const [run] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
    await run.waitForSelector("body[data-ready='1']", { timeout: 60_000 });
    // The viewer shows that seed's run: the header names the scenario and the seed.
    expect(await run.locator("#run-info").textContent()).toContain(`seed ${seed}`);
  });
});
