import { readFileSync } from "node:fs";
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import { LineCounter, parseDocument } from "yaml";
import { ScenarioError, formatPath, type ScenarioIssue } from "../sim/scenario/errors.js";
import { Duration, Name } from "../sim/scenario/primitives.js";
import { ProtocolsSchema } from "../sim/scenario/protocols.js";

/** An invalid node config: every issue names the file, the path in the document and what was expected. */
export class NodeConfigError extends ScenarioError {
  constructor(file: string, issues: readonly ScenarioIssue[]) {
    super(file, issues);
    this.message = this.message.replace(": invalid scenario", ": invalid node config");
  }
}

/** A multiaddr string such as `/ip4/127.0.0.1/tcp/4001`. */
const Multiaddr = Schema.String.pipe(
  Schema.pattern(/^(\/[a-z0-9-]+\/[^/\s]+)+$/i, {
    message: (i) => `expected a multiaddr such as /ip4/127.0.0.1/tcp/4001, got ${JSON.stringify(i.actual)}`,
  }),
);

/** A dialable peer address ending in `/p2p/<peer id>`. */
const PeerAddr = Schema.String.pipe(
  Schema.pattern(/^(\/[a-z0-9-]+\/[^/\s]+)+\/p2p\/[1-9A-HJ-NP-Za-km-z]+$/, {
    message: (i) => `expected a multiaddr ending in /p2p/<peer id>, got ${JSON.stringify(i.actual)}`,
  }),
);

/**
 * One production node. `segment`, `role` and `protocols` are exactly a scenario node
 * group's fields (one vocabulary for both worlds); the rest is what only a real node has.
 */
export const NodeConfig = Schema.Struct({
  /** A label for logs and status; the node's id is its libp2p peer id. */
  name: Schema.optional(Schema.String),
  segment: Schema.optional(Name),
  role: Schema.optional(Schema.Literal("peer", "backbone", "light")),
  protocols: Schema.optional(ProtocolsSchema),
  /** @default ["/ip4/127.0.0.1/tcp/0"] */
  listen: Schema.optional(Schema.Array(Multiaddr)),
  /** Peers dialled at start; they become discovery seeds. */
  bootstrap: Schema.optional(Schema.Array(PeerAddr)),
  /** Local discovery over mDNS; also what `discovery.localBroadcast` reaches. @default false */
  mdns: Schema.optional(Schema.Boolean),
  /** Loopback HTTP status/command endpoint port; 0 picks a free one. @default 0 */
  statusPort: Schema.optional(Schema.Int.pipe(Schema.between(0, 65535))),
  /** How often actor snapshots are written to the store. @default 1s */
  checkpoint: Schema.optional(Duration),
  /**
   * Prefix of the kad-dht protocol the `kademlia` actor speaks: `/myapp` gives
   * `/myapp/kad/1.0.0`, a DHT apart from the public one. @default /ipfs (interoperates with stock kad-dht nodes)
   */
  kadPrefix: Schema.optional(
    Schema.String.pipe(
      Schema.pattern(/^(\/[a-z0-9._-]+)+$/i, {
        message: (i) => `expected a protocol prefix such as /ipfs or /myapp, got ${JSON.stringify(i.actual)}`,
      }),
    ),
  ),
});
export type NodeConfig = typeof NodeConfig.Type;

const decode = Schema.decodeUnknownEither(NodeConfig, { errors: "all", onExcessProperty: "error" });

/** Reads and validates a node config file; throws a NodeConfigError naming file, path and line of every problem. */
export function loadNodeConfig(file: string): NodeConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new NodeConfigError(file, [{ path: "", message: `cannot read the file (${(err as Error).message})` }]);
  }
  return parseNodeConfig(text, file);
}

/** Validates node config YAML text; `file` names it in errors. */
export function parseNodeConfig(text: string, file: string): NodeConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new NodeConfigError(
      file,
      doc.errors.map((e) => ({ path: "", message: `YAML syntax: ${e.message.split("\n")[0]}` })),
    );
  }
  const result = decode(doc.toJS() ?? {});
  if (Either.isRight(result)) return result.right;
  const issues: ScenarioIssue[] = ParseResult.ArrayFormatter.formatErrorSync(result.left)
    .filter((i) => !i.message.startsWith("Expected undefined, actual"))
    .map((i) => {
      let at: Pick<ScenarioIssue, "line" | "column"> = {};
      // A missing or unknown key is reported at the nearest node that exists.
      for (let n = i.path.length; n >= 0; n--) {
        const node = doc.getIn(i.path.slice(0, n) as unknown[], true) as { range?: [number] } | undefined;
        if (node && typeof node === "object" && node.range) {
          const pos = lines.linePos(node.range[0]);
          at = { line: pos.line, column: pos.col };
          break;
        }
      }
      const message = i.message.startsWith("is unexpected")
        ? i.message.replace("is unexpected", "is not a known field")
        : i.message === "is missing"
          ? "is required but missing"
          : i.message;
      return { path: formatPath(i.path), message, ...at };
    });
  throw new NodeConfigError(file, issues);
}
