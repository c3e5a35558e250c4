/**
 * Screenshots the viewer on a run: `npx tsx scripts/screenshot.ts DIR OUT.png
 * [--t 3:30] [--select east-7] [--color component]`. Used for the README's picture;
 * needs Debian chromium (scripts/install-chromium.sh).
 */
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { vizCommand } from "../cli/viz.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    t: { type: "string", default: "0" },
    select: { type: "string" },
    color: { type: "string", default: "component" },
    width: { type: "string", default: "1400" },
    height: { type: "string", default: "850" },
  },
});
const [dir, out] = positionals;
if (!dir || !out) throw new Error("usage: screenshot.ts RUN_DIR OUT.png [--t m:ss] [--select NODE] [--color MODE]");

const server = await vizCommand(dir, { port: 0, quiet: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  await page.goto(`${server.url}?t=${encodeURIComponent(values.t)}`);
  await page.waitForSelector("body[data-ready='1']");
  await page.selectOption("#color-by", values.color);
  if (values.select) {
    await page.fill("#search", values.select);
    await page.press("#search", "Enter");
    await page.waitForSelector("#inspector ol.log li", { timeout: 10_000 }).catch(() => undefined);
  }
  await page.waitForSelector("body[data-settled='1']", { timeout: 30_000 }).catch(() => undefined);
  await page.screenshot({ path: out });
  const state = await page.evaluate(() => ({ ...document.body.dataset }));
  process.stdout.write(`${out}: t=${state.time} components=${state.components} clusters=${state.clusters}\n`);
} finally {
  await browser.close();
  await server.close();
}
