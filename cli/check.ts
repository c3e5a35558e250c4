import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Table from "cli-table3";
import { Piscina } from "piscina";
import { tableStyle } from "./output.js";
import { checkFile, type CheckedFile, type CheckTask } from "./sweep-check.js";

/** `meshtwin check [dir]`: runs every scenario of a folder; every file is a regression test. */
export async function checkCommand(
  dir: string,
  options: { checkDeterminism?: boolean; out?: string; jobs?: number },
): Promise<number> {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no scenario files (*.yaml) in ${dir}\n`);
    return 2;
  }
  const tasks: CheckTask[] = files.map((f) => ({ path: join(dir, f), ...options }));
  const jobs = Math.min(options.jobs ?? 1, files.length);
  let checked: CheckedFile[];
  if (jobs > 1) {
    // Each file on its own thread (piscina), at most `jobs` at once; rows stay in file order.
    const pool = new Piscina<CheckTask, CheckedFile>({
      filename: fileURLToPath(new URL("./sweep-check-thread.js", import.meta.url)),
      minThreads: jobs,
      maxThreads: jobs,
      resourceLimits: { maxYoungGenerationSizeMb: 192 },
    });
    let done = 0;
    try {
      checked = await Promise.all(
        tasks.map((t) =>
          pool.run({ ...t, quiet: true }).then((c) => {
            process.stderr.write(`check: ${c.row[0]} ${c.row[2]} (${++done}/${tasks.length})\n`);
            return c;
          }),
        ),
      );
    } finally {
      await pool.destroy();
    }
  } else {
    checked = [];
    for (const t of tasks) checked.push(await checkFile(t));
  }
  const table = new Table({
    head: ["scenario", "nodes", "result", "wall", "events/s", "fingerprint", "2nd run"],
    ...tableStyle(),
  });
  for (const c of checked) table.push(c.row);
  const failures = checked.flatMap((c) => c.failures);
  process.stdout.write(table.toString() + "\n");
  if (failures.length) process.stderr.write(failures.join("\n") + "\n");
  return failures.length ? 1 : 0;
}
