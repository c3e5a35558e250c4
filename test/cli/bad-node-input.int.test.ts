import { createServer, type Server } from "node:net";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openNodeStore } from "../../drivers/store/index.js";
import { limited, meshtwin, snapshotTree, STACK, treeChanges, type CliResult } from "./bad-input-harness.js";
import { startNodeProc, writeConfig, type NodeProc } from "./node-harness.js";

// Issue 10 items 6–8: broken node configs and data dirs, and `status`, `replay`, `viz`,
// `run` on the wrong things. Each is one line naming the file, field, port or dir, a
// non-zero exit, no stack trace, and nothing created where it should not be.

let root: string;
let busy: Server;
let busyPort: number;
let running: NodeProc;

const config = (name: string, ...lines: string[]) => {
  const file = join(root, "configs", `${name}.yaml`);
  writeFileSync(file, [`name: ${name}`, ...lines].join("\n") + "\n");
  return file;
};
const dir = (name: string) => join(root, "data", name);

/** A real node store with some data, closed: what a stopped node leaves behind. */
async function storeWithData(path: string): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const s = await openNodeStore(path);
    for (let i = 0; i < 200; i++) s.records.set(`k${round}-${i}`, { v: "x".repeat(200) });
    await s.close(); // reopening turns the write-ahead log into a table file (.ldb)
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "mt-badnode-"));
  for (const d of ["configs", "data", "cwd", "runs"]) mkdirSync(join(root, d));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
  busyPort = (busy.address() as { port: number }).port;
  running = startNodeProc(writeConfig(join(root, "configs"), "running", {}), dir("running"));
  await running.ready;
}, 60_000);

afterAll(async () => {
  running.child.kill("SIGTERM");
  await running.exited;
  busy.close();
  rmSync(root, { recursive: true, force: true });
});

/** Name → how to set it up, the command, what stderr must say. */
type Case = { args: () => Promise<string[]> | string[]; says: RegExp; pipe?: string };

const CASES: Record<string, Case> = {
  "listen: a multiaddr with an unknown protocol": {
    args: () => ["node", "--config", config("tcpp", "listen: [/ip4/127.0.0.1/tcpp/0]"), "--data-dir", dir("tcpp")],
    says: /tcpp\.yaml: listen\[0\]: not a multiaddr \(Protocol tcpp was unknown\)/,
  },
  "bootstrap: a peer id that is not one": {
    args: () => [
      "node",
      "--config",
      config("badid", "bootstrap: [/ip4/127.0.0.1/tcp/4001/p2p/QmNotAPeerXyz]"),
      "--data-dir",
      dir("badid"),
    ],
    says: /badid\.yaml: bootstrap\[0\]: 'QmNotAPeerXyz' after \/p2p\/ is not a libp2p peer id/,
  },
  "listen: a port another program holds": {
    args: () => [
      "node",
      "--config",
      config("lport", `listen: [/ip4/127.0.0.1/tcp/${busyPort}]`),
      "--data-dir",
      dir("lport"),
    ],
    says: /lport\.yaml: listen\[0\]: 127\.0\.0\.1:\d+ is already in use by another program/,
  },
  "statusPort: a port another program holds": {
    args: () => ["node", "--config", config("sport", `statusPort: ${busyPort}`), "--data-dir", dir("sport")],
    says: /sport\.yaml: statusPort: 127\.0\.0\.1:\d+ is already in use by another program/,
  },
  "a zero interval in the node config": {
    args: () => [
      "node",
      "--config",
      config("zero", "protocols:", "  membership: { pingInterval: 0s }"),
      "--data-dir",
      dir("zero"),
    ],
    says: /zero\.yaml:\d+:\d+: protocols\.membership\.pingInterval: expected .*above 0/,
  },
  "a config file that does not exist": {
    args: () => ["node", "--config", join(root, "configs", "nope.yaml"), "--data-dir", dir("nope")],
    says: /nope\.yaml.*cannot read the file/,
  },
  "a binary config file": {
    args: () => {
      const file = join(root, "configs", "bin.yaml");
      writeFileSync(file, Buffer.from([0, 159, 146, 150, 0, 1, 2, 255]));
      return ["node", "--config", file, "--data-dir", dir("bin")];
    },
    says: /bin\.yaml.*not a text file/,
  },
  "a data dir that is a file": {
    args: () => {
      writeFileSync(join(root, "data", "afile"), "x");
      return ["node", "--config", config("dfile"), "--data-dir", dir("afile")];
    },
    says: /data dir .*afile is not a directory/,
  },
  "a data dir under a path nobody may write": {
    args: () => ["node", "--config", config("unw"), "--data-dir", "/sys/meshtwin-test/data"],
    says: /data dir \/sys\/meshtwin-test\/data cannot be written/,
  },
  "a garbled identity.key": {
    args: async () => {
      mkdirSync(dir("key"), { recursive: true });
      writeFileSync(join(dir("key"), "identity.key"), "not a key at all");
      return ["node", "--config", config("key"), "--data-dir", dir("key")];
    },
    says: /identity\.key is not a libp2p private key/,
  },
  "a garbled CURRENT": {
    args: async () => {
      await storeWithData(dir("current"));
      writeFileSync(join(dir("current"), "db", "CURRENT"), "garbage\n");
      return ["node", "--config", config("current"), "--data-dir", dir("current")];
    },
    says: /data dir .*current holds a damaged node database/,
  },
  "a truncated MANIFEST": {
    args: async () => {
      await storeWithData(dir("manifest"));
      const m = readdirSync(join(dir("manifest"), "db")).find((f) => f.startsWith("MANIFEST-"))!;
      truncateSync(join(dir("manifest"), "db", m), 12);
      return ["node", "--config", config("manifest"), "--data-dir", dir("manifest")];
    },
    says: /data dir .*manifest holds a damaged node database/,
  },
  "a second node on a running node's data dir": {
    args: () => ["node", "--config", config("second"), "--data-dir", dir("running")],
    says: /data dir .*running is locked by another process/,
  },
  "replay on a running node's data dir": {
    args: () => ["replay", "--node-log", dir("running")],
    says: /data dir .*running is locked by another process/,
  },
  "replay on a missing dir": {
    args: () => ["replay", "--node-log", dir("missing-r")],
    says: /data dir .*missing-r holds no meshtwin node data/,
  },
  "status on a missing dir": {
    args: () => ["status", "--data-dir", dir("missing-s")],
    says: /data dir .*missing-s holds no meshtwin node data/,
  },
  "status on a damaged database": {
    args: async () => {
      await storeWithData(dir("damaged-s"));
      writeFileSync(join(dir("damaged-s"), "db", "CURRENT"), "garbage\n");
      return ["status", "--data-dir", dir("damaged-s")];
    },
    says: /damaged-s holds a damaged node database/,
  },
  "viz --port 99999": {
    args: () => ["viz", join(root, "runs"), "--port", "99999"],
    says: /--port takes a port number 0–65535, got '99999'/,
  },
  "viz on a folder with no trace": {
    args: () => ["viz", join(root, "runs")],
    says: /runs: no trace\.ndjson or viz\.json here/,
  },
  "run --out under a regular file": {
    args: () => {
      const scenario = join(root, "configs", "tiny.yaml");
      writeFileSync(scenario, "name: tiny\nduration: 1s\nnodes:\n  - group: a\n    count: 2\n");
      writeFileSync(join(root, "runs", "plain"), "x");
      return ["run", scenario, "--no-trace", "--out", join(root, "runs", "plain", "out")];
    },
    says: /runs\/plain\/out: part of this path is a file, not a folder/,
  },
};

test(`${Object.keys(CASES).length} broken node configs, data dirs and flags: one line each, non-zero exit, no stack trace, nothing created`, async () => {
  const keep = (p: string) => p.startsWith(join(root, "data", "running")) || p.startsWith(join(root, "configs"));
  const results: [string, CliResult, RegExp][] = await limited(
    3,
    Object.entries(CASES).map(([name, c]) => async () => {
      const args = await c.args();
      return [name, await meshtwin(args, { cwd: join(root, "cwd"), timeoutMs: 45_000 }), c.says];
    }),
  );
  const wrong: string[] = [];
  for (const [name, r, says] of results) {
    const lines = r.stderr.trim().split("\n");
    if (r.code === 0 || r.code === null || !says.test(r.stderr) || STACK.test(r.stderr) || lines.length > 3)
      wrong.push(`${name}: exit ${r.code}: ${r.stderr.slice(0, 400)}`);
  }
  expect(wrong).toEqual([]);
  // Nothing appeared where a refused command might have created it: no data dir for the
  // missing-dir cases, nothing in the working directory.
  const tree = [...snapshotTree(root, keep).keys()];
  expect(tree.filter((p) => /missing-[rs]/.test(p))).toEqual([]);
  expect(readdirSync(join(root, "cwd"))).toEqual([]);
}, 240_000);

test("status of a running node works, and `status | head -1` ends quietly (EPIPE)", async () => {
  const before = snapshotTree(join(root, "cwd"));
  const ok = await meshtwin(["status", "--data-dir", dir("running")], { cwd: join(root, "cwd") });
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/^running node /);
  const piped = await meshtwin(["status", "--data-dir", dir("running"), "--json"], {
    cwd: join(root, "cwd"),
    pipe: "| head -1",
  });
  expect(piped.stdout.trim()).toBe("{");
  expect(piped.stderr).toBe("");
  expect(treeChanges(before, snapshotTree(join(root, "cwd")))).toEqual([]);
}, 60_000);

test("the running node's command endpoint refuses what its actors do not take, with 400 and a reason (items 10–11)", async () => {
  const url = await running.ready;
  const post = async (actor: string, body: string) => {
    const res = await fetch(`${url}/command/${actor}`, { method: "POST", body });
    return { status: res.status, error: ((await res.json()) as { error?: string }).error ?? "" };
  };
  expect(await post("gossip", '{"type":"nonsense"}')).toEqual({
    status: 400,
    error: `gossip: command 'nonsense' refused: type: expected "publish", got "nonsense"`,
  });
  expect(await post("gossip", '{"type":"publish"}')).toMatchObject({ status: 400, error: /body: is required/ });
  expect(await post("nobody", '{"type":"x"}')).toMatchObject({ status: 400, error: /no running actor 'nobody'/ });
  const big = await post("gossip", JSON.stringify({ type: "publish", body: "x".repeat(2_000_000) }));
  expect(big).toMatchObject({ status: 400, error: /can never fit a frame/ });
  expect(await post("gossip", '{"type":"publish","body":"fine"}')).toEqual({ status: 200, error: "" });
  const status = (await (await fetch(`${url}/status`)).json()) as { driver: { dropReasons: { encode: number } } };
  expect(status.driver.dropReasons.encode).toBe(0);
}, 30_000);
