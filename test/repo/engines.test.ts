import { readFileSync } from "node:fs";
import semver from "semver";
import { expect, test } from "vitest";

// Issue 10 item 15: `npm ci` printed EBADENGINE for nanoid 6 and p-retry 8 (Node ≥ 22) while
// `engines` promises Node ≥ 20.19. package.json `overrides` pins versions that run on Node 20.

const root = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }>;
};

test("every locked package supports the oldest Node that package.json's engines allows", () => {
  const oldest = semver.minVersion(pkg.engines.node)!.version;
  const refusing = Object.entries(lock.packages)
    .filter(([path, p]) => path !== "" && p.engines && !Array.isArray(p.engines) && p.engines.node)
    .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
    .map(
      ([path, p]) =>
        `${path.replace(/^.*node_modules\//, "")}@${p.version} wants node ${(p.engines as { node: string }).node}`,
    );
  expect(refusing, `on Node ${oldest}`).toEqual([]);
});
