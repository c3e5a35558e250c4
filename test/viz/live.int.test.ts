import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveLive } from "../../cli/viz.js";
import { createEventLog } from "../../runtime/event-log.js";
import type { VizServer } from "../../viz/src/server/serve.js";
import { CHROMIUM_PATH as CHROMIUM, chromiumTool, requireTools } from "../helpers/require-tool.js";
import { writeSyntheticTrace } from "./fixtures/synthetic-trace.js";

/** Under CI a missing browser fails this file; elsewhere it skips, saying why. */
const present = requireTools(import.meta.url, [chromiumTool]);

describe.skipIf(!present)("live viewer", () => {
  let browser: Browser;
  let server: VizServer;
  const log = createEventLog();

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
      }),
      serveLive(log.entries$, { port: 0, quiet: true }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("switches to live mode, follows the run as entries arrive, and can scrub back", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (e) => console.log("pageerror", e.message));
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator("body").getAttribute("data-mode")).toBe("live");
    expect(await page.locator("body").getAttribute("data-nodes")).toBe("0");

    // The run happens after the page connected: everything it shows came over the socket.
    writeSyntheticTrace(undefined, { nodes: 120, duration: 400_000, log });
    await page.waitForFunction(() => Number(document.body.dataset.time) > 390_000, undefined, { timeout: 10_000 });
    expect(await page.locator("body").getAttribute("data-nodes")).toBe("120");
    expect(await page.locator("body").getAttribute("data-components")).toBe("1");
    expect(await page.locator("g.fault[data-type='fault.partition']").count()).toBe(1);

    await page.fill("#time", "3:30");
    await page.press("#time", "Enter");
    await page.waitForSelector("body[data-partitioned='1']");
    expect(await page.locator("body").getAttribute("data-clusters")).toBe("2");
    // The inspector's log comes from the live server's memory.
    await page.fill("#search", "core-0");
    await page.press("#search", "Enter");
    await page.waitForSelector("#inspector ol.log li");
    await page.close();
  });
});
