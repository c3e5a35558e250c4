import { Command, InvalidArgumentError } from "commander";
import { DocumentError } from "../runtime/document/errors.js";
import { checkCommand } from "./check.js";
import { describeError, parsePort } from "./errors.js";
// node, status, replay and viz load libp2p, level or vite: imported when used, so `run` starts fast.
import { runCommand } from "./run.js";
import { parseSeeds, SeedSpecError } from "../sim/sweep/seeds.js";

const positive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${what} must be a positive number, got '${value}'`);
  return n;
};

const program = new Command()
  .name("meshtwin")
  .description("Deterministic digital twin of peer-to-peer meshes: run scenarios, check regressions, run real nodes.")
  .showHelpAfterError("(meshtwin <command> --help shows its usage)");

// `meshtwin status | head -3`: the reader left; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });

const seedList = (value: string) => {
  try {
    return parseSeeds(value);
  } catch (err) {
    if (err instanceof SeedSpecError) throw new InvalidArgumentError(err.message);
    throw err;
  }
};
const wholePositive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${what} must be a positive whole number, got '${value}'`);
  return n;
};
const keepChoice = (value: string) => {
  if (value !== "failing" && value !== "all" && value !== "none")
    throw new InvalidArgumentError(`--keep-traces must be failing, all or none, got '${value}'`);
  return value;
};
const redisUrl = (value: string) => {
  if (!/^redis:\/\/[^/\s:]+:\d+\/?$/.test(value))
    throw new InvalidArgumentError(`--queue must be redis://HOST:PORT, got '${value}'`);
  return value;
};

program
  .command("run")
  .description("run one scenario file; exit 0 when every expectation holds")
  .argument("<scenario>", "scenario file (YAML)")
  .option("--seed <n>", "seed, overriding the scenario's")
  .option("--out <dir>", "where trace.ndjson, the viewer index and report.json go (default out/<scenario-name>)")
  .option("--check-determinism", "run twice and fail if the log fingerprints differ")
  .option("--no-trace", "do not write trace.ndjson and the viewer index (faster, for benchmarks)")
  .option("--live", "stream the log to the viewer on 127.0.0.1 while the simulation runs")
  .option(
    "--speed <x>",
    "with --live: simulated seconds per wall second (default: as fast as it goes)",
    positive("--speed"),
  )
  .option("--port <n>", "with --live: the viewer's port (default 7357)", parsePort("--port"))
  .action(async (file: string, opts) => {
    process.exitCode = await runCommand(file, opts);
  });

// A bad flag of `trace`: commander's message on one line, exit 2 (not its usage text and exit 1).
const badFlag = (err: { exitCode: number }) => process.exit(err.exitCode === 0 ? 0 : 2);
const oneLine = {
  outputError: (text: string, write: (s: string) => void) => write(text.trim().replace(/\s*\n\s*/g, " ") + "\n"),
};
const trace = program
  .command("trace")
  .description("print a run's trace whole or filtered, streaming (trace.ndjson or trace.ndjson.gz)")
  .showHelpAfterError(false)
  .configureOutput(oneLine)
  .exitOverride(badFlag);
trace
  .command("cat")
  .description("the whole trace, decompressed: `trace cat out/x | sha256sum` is the run's fingerprint")
  .argument("<trace>", "a run's folder, or a trace.ndjson / trace.ndjson.gz file")
  .showHelpAfterError(false)
  .configureOutput(oneLine)
  .exitOverride(badFlag)
  .action(async (target: string) => {
    process.exitCode = await (await import("./trace.js")).traceCatCommand(target);
  });
trace
  .command("grep")
  .description("the trace's lines that pass every filter given, as they are (pipe to jq)")
  .argument("<trace>", "a run's folder, or a trace.ndjson / trace.ndjson.gz file")
  .option("--node <id...>", "entries of these nodes")
  .option("--actor <name...>", "entries of these actors (gossip, membership, net, fault …)")
  .option("--type <prefix...>", "entries whose type starts with one of these (net.drop, gossip.)")
  .option("--from <time>", "from this simulated time on, inclusive (90s, 2m, 1m30s)")
  .option("--to <time>", "before this simulated time, exclusive")
  .showHelpAfterError(false)
  .configureOutput(oneLine)
  .exitOverride(badFlag)
  .action(async (target: string, opts) => {
    process.exitCode = await (await import("./trace.js")).traceGrepCommand(target, opts);
  });

program
  .command("check")
  .description("run every scenario in a folder; fail if any fails")
  .argument("[dir]", "folder of scenario files", "scenarios")
  .option("--check-determinism", "run each scenario twice and compare fingerprints")
  .option("--out <dir>", "where reports go (default out/check)")
  .option("--jobs <n>", "scenarios at once, each on its own thread (default 1)", wholePositive("--jobs"))
  .action(async (dir: string, opts) => {
    process.exitCode = await checkCommand(dir, opts);
  });

program
  .command("airtime")
  .description("LoRa time on air (Semtech AN1200.13): symbol time, preamble, payload symbols, total")
  .requiredOption("--sf <n>", "spreading factor, 6..12")
  .requiredOption("--bw <kHz>", "bandwidth in kHz (125, 250, 500, 62.5 …)")
  .option("--cr <rate>", "coding rate: 1..4 or 4/5..4/8", "1")
  .option("--preamble <n>", "preamble symbols as programmed", "8")
  .requiredOption("--bytes <n>", "payload bytes, 0..255")
  .option("--implicit-header", "implicit header mode (no PHY header)")
  .option("--no-crc", "payload CRC off")
  .option("--ldro <mode>", "low data rate optimisation: on, off or auto (symbol time >= 16 ms)", "auto")
  .option("--json", "print JSON")
  .action(async (opts) => {
    process.exitCode = (await import("./airtime.js")).airtimeCommand(opts);
  });

program
  .command("sweep")
  .description("run a scenario under many seeds (threads, or a Redis queue); exit 0 only when every seed passes")
  .argument("<scenario>", "scenario file (YAML)")
  .requiredOption("--seeds <list>", "seeds: a range 1..500, a list 1,5,9, or both", seedList)
  .option("--jobs <n>", "worker threads (default: the number of cores)", wholePositive("--jobs"))
  .option("--out <dir>", "where sweep.json and kept traces go (default out/sweep/<scenario-name>)")
  .option("--keep-traces <which>", "traces to keep: failing, all or none (default failing)", keepChoice)
  .option("--queue <url>", "put the seeds on a BullMQ queue at redis://HOST:PORT for `meshtwin worker`s", redisUrl)
  .action(async (file: string, opts) => {
    const { sweepCommand } = await import("./sweep.js");
    process.exitCode = await sweepCommand(file, opts);
  });

program
  .command("worker")
  .description("take sweep seeds from a BullMQ queue until SIGINT/SIGTERM")
  .requiredOption("--queue <url>", "the queue's Redis, redis://HOST:PORT", redisUrl)
  .option("--jobs <n>", "seeds at once, each on its own thread (default 1)", wholePositive("--jobs"))
  .option("--scenario <file>", "only accept sweeps of this scenario file (compared by hash)")
  .action(async (opts) => {
    const { workerCommand } = await import("./worker.js");
    process.exitCode = await workerCommand(opts);
  });

program
  .command("card")
  .description(
    "print this node's signed peer card as a QR code and meshtwin:card: text (PNG/SVG on request); " +
      "`card add <uri>` verifies a card and adds the peer to a stopped node's cache",
  )
  .argument("[add]", "add: verify the card <uri> (signature, expiry) and cache its peer")
  .argument("[uri]", "with add: the card's meshtwin:card: text (what its QR code holds)")
  .requiredOption("--data-dir <dir>", "the node's data folder")
  .option("--expires <duration>", "how long a printed card is valid (default 30d)")
  .option("--png <file>", "also write the QR code as PNG")
  .option("--svg <file>", "also write the QR code as SVG")
  .action(async (verb: string | undefined, uri: string | undefined, opts) => {
    const m = await import("./card.js");
    if (verb === undefined) process.exitCode = await m.cardCommand(opts);
    else if (verb === "add" && uri) process.exitCode = await m.cardAddCommand(uri, opts);
    else
      throw new InvalidArgumentError(
        `card takes nothing, or add <uri>; got '${[verb, uri].filter(Boolean).join(" ")}'`,
      );
  });

const bundle = program
  .command("bundle")
  .description("sneakernet: carry messages, peers and a peer card to nodes you cannot reach (ML-KEM-1024 sealed)");
bundle
  .command("key")
  .description("print this node's bundle public key (hex), which senders name with --to")
  .requiredOption("--data-dir <dir>", "the node's data folder")
  .action(async (opts) => {
    process.exitCode = await (await import("./bundle.js")).bundleKeyCommand(opts);
  });
bundle
  .command("export")
  .description("write this stopped node's messages, peers and card, sealed for the recipients")
  .requiredOption("--data-dir <dir>", "the node's data folder")
  .requiredOption("--to <key...>", "recipients' bundle public keys (hex, or files holding them)")
  .requiredOption("--out <file>", "the bundle file to write")
  .action(async (opts) => {
    process.exitCode = await (await import("./bundle.js")).bundleExportCommand(opts);
  });
bundle
  .command("import")
  .description("verify, open and merge a bundle into this stopped node (twice changes nothing)")
  .argument("<file>", "the bundle file")
  .requiredOption("--data-dir <dir>", "the node's data folder")
  .action(async (file: string, opts) => {
    process.exitCode = await (await import("./bundle.js")).bundleImportCommand(file, opts);
  });

program
  .command("protocols")
  .description("list the protocols a node can run, with every parameter and its default")
  .action(async () => {
    process.exitCode = (await import("./protocols.js")).protocolsCommand();
  });

program
  .command("viz")
  .description("serve the visualizer of a run on 127.0.0.1 and print its URL")
  .argument("[dir]", "a run's output folder, or a folder of runs (the newest is shown)", "out")
  .option("--port <n>", "port (default 7357)", parsePort("--port"))
  .action(async (dir: string, opts) => {
    await (await import("./viz.js")).vizCommand(dir, { port: opts.port });
  });

program
  .command("node")
  .description("run one production node (libp2p) until SIGINT/SIGTERM")
  .requiredOption("--config <file>", "node configuration (YAML), same protocol vocabulary as a scenario's node group")
  .option("--data-dir <dir>", "where the node's log, state and key live (default data/<name>)")
  .option("--viz [port]", "serve the live viewer of this node's neighbourhood on 127.0.0.1 (default port 7357)")
  .action(async (opts) => {
    const viz = opts.viz === undefined ? undefined : opts.viz === true ? 7357 : Number(opts.viz);
    if (viz !== undefined && !(Number.isInteger(viz) && viz >= 0 && viz < 65536))
      throw new InvalidArgumentError(`--viz takes a port number, got '${opts.viz}'`);
    process.exitCode = await (await import("./node.js")).nodeCommand(opts.config, { dataDir: opts.dataDir, viz });
  });

program
  .command("registry")
  .description("run the coordination registry's HTTP service (SQLite) until SIGINT/SIGTERM")
  .option("--port <n>", "port; 0 picks a free one (default MESH_PORT or 8190)")
  .option("--host <addr>", "address to listen on (default MESH_HOST or 127.0.0.1)")
  .option("--db <file>", "SQLite database (default MESH_DB_PATH or ./mesh.db)")
  .option("--genesis-key <hex>", "first sovereign Ed25519 public key (default MESH_GENESIS_KEY)")
  .option("--offline-after <duration>", "silence before an active node is marked offline (default 5m)")
  .option("--sweep-interval <duration>", "how often silent nodes are looked for (default 15s)")
  .option("--max-clock-skew <duration>", "largest heartbeat timestamp distance from the registry's clock (default 60s)")
  .option("--retention <duration>", "heartbeat history kept (default 24h)")
  .option("--body-limit <bytes>", "largest request body; longer ones get 413 (default 65536)")
  .action(async (opts) => {
    process.exitCode = await (await import("./registry.js")).registryCommand(opts);
  });

program
  .command("status")
  .description("show a node's peers, modes, routing table and stored records")
  .requiredOption("--data-dir <dir>", "the node's data folder")
  .option("--json", "print JSON")
  .action(async (opts) => {
    process.exitCode = await (await import("./status.js")).statusCommand(opts.dataDir, { json: opts.json });
  });

program
  .command("replay")
  .description("re-execute a production node's recorded inputs under the virtual clock and compare its outputs")
  .requiredOption("--node-log <dir>", "the node's data folder")
  .action(async (opts) => {
    process.exitCode = await (await import("./replay.js")).replayCommand(opts.nodeLog);
  });

program
  .command("relay")
  .description("run a standalone Nostr relay on a WebSocket (127.0.0.1) until SIGINT/SIGTERM")
  .requiredOption("--port <n>", "port (0: any free port)", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new InvalidArgumentError(`--port must be 0..65535, got '${v}'`);
    return n;
  })
  .option("--data-dir <dir>", "LevelDB folder for events (default: memory only)")
  .option("--team <file>", "team file (YAML): members and their rights; makes the relay team-only (NIP-42)")
  .option("--config <file>", "relay parameters (YAML): the nostr-relay protocol's fields")
  .option("--peer <url...>", "peer relays kept in sync by negentropy (NIP-77)")
  .action(async (opts) => {
    process.exitCode = await (await import("./relay.js")).relayCommand(opts);
  });

program
  .command("keygen")
  .description("write a new key file (mode 600) and its public half (<file>.pub); print the PeerID and token key")
  .option("--ml-dsa-87", "an ML-DSA-87 identity for the authenticated backbone (the only type)")
  .option("--out <file>", "where the key goes", "meshtwin.key")
  .option("--force", "replace an existing key file")
  .action(async (opts) => {
    process.exitCode = (await import("./keygen.js")).keygenCommand(opts);
  });

const notify = program
  .command("notify")
  .description("send and fetch proof-of-work-stamped notifications through a relay (docs/notify.md)");
notify
  .command("keygen")
  .description("make a recipient key: the secret goes to --out, the public key to stdout")
  .requiredOption("--out <file>", "where the X25519 secret key (hex) is written")
  .action(async (opts) => {
    const m = await import("./notify.js");
    process.exitCode = await m.runNotify(() => m.keygenCommand(opts));
  });
notify
  .command("send")
  .description("seal a payment notification, do the relay's current work (progress on a terminal) and submit it")
  .requiredOption("--to <pubkey>", "the recipient's X25519 public key (hex)")
  .requiredOption("--amount <raw>", "amount in raw units")
  .requiredOption("--tx <hash>", "the payment's transaction hash (hex)")
  .requiredOption("--via <node>", "the relay: its API URL or its data dir")
  .option("--ttl <duration>", "how long relays keep it (default 90d)")
  .action(async (opts) => {
    const m = await import("./notify.js");
    process.exitCode = await m.runNotify(() => m.sendCommand(opts));
  });
notify
  .command("fetch")
  .description("fetch, verify, decrypt and dedupe your notifications from the DHT's closest relays")
  .requiredOption("--key <file>", "your X25519 secret key (hex), as written by keygen")
  .option("--since <time>", "ISO time, epoch ms, or a duration ago such as 7d (default: everything)")
  .requiredOption("--via <node>", "the relay: its API URL or its data dir")
  .option("--json", "one JSON object per line")
  .action(async (opts) => {
    const m = await import("./notify.js");
    process.exitCode = await m.runNotify(() => m.fetchCommand(opts));
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof DocumentError || err instanceof InvalidArgumentError) {
    process.stderr.write(err.message + "\n");
    process.exitCode = 2;
  } else {
    // One line naming what was wrong; a stack only for a bug, and only when asked for.
    const d = describeError(err);
    process.stderr.write(`meshtwin: ${d.message}\n`);
    if (d.bug && process.env.MESHTWIN_DEBUG) process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = d.exitCode;
  }
}
