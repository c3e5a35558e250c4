import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** Lints one line of code as if it stood at `file`, with the project's own config. */
async function violations(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the layering rule bites", () => {
  const cases: [file: string, folder: string, from: string][] = [
    ["actors/gossip/x.ts", "sim", "../../sim/world.js"],
    ["actors/gossip/x.ts", "cli", "../../cli/node-runtime.js"],
    ["actors/gossip/x.ts", "drivers", "../../drivers/store/index.js"],
    ["sim/x.ts", "drivers", "../drivers/libp2p/index.js"],
    ["drivers/libp2p/x.ts", "sim", "../../sim/world.js"],
    ["runtime/x.ts", "actors", "../actors/gossip/index.js"],
    ["viz/src/app/x.ts", "cli", "../../../cli/viz.js"],
  ];
  it.each(cases)("%s may not import %s/", async (file, folder, from) => {
    const found = await violations(file, `import * as m from "${from}";\nexport const x = m;`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`may not import ${folder}/`);
  });

  it("allowed directions pass: actors → runtime, sim → actors, drivers → actors, cli → anything", async () => {
    expect(
      await violations("actors/gossip/x.ts", 'import type { Rng } from "../../runtime/rng.js";\nexport type R = Rng;'),
    ).toEqual([]);
    expect(
      await violations("sim/x.ts", 'import { gossip } from "../actors/gossip/index.js";\nexport const g = gossip;'),
    ).toEqual([]);
    expect(
      await violations(
        "drivers/x/y.ts",
        'import { gossip } from "../../actors/gossip/index.js";\nexport const g = gossip;',
      ),
    ).toEqual([]);
    expect(await violations("cli/x.ts", 'import { World } from "../sim/world.js";\nexport const w = World;')).toEqual(
      [],
    );
  });
});
