import * as Schema from "effect/Schema";
import { NostrRelayParams, Team } from "../actors/nostr-relay/index.js";
import { startRelayServer } from "../drivers/nostr/relay-server.js";
import { DocumentError, type DocumentIssue } from "../runtime/document/errors.js";
import { decodeYamlDocument, readDocumentText } from "../runtime/document/yaml-document.js";

/** An invalid team or relay config file: names the file, the path and what was expected. */
export class RelayFileError extends DocumentError {
  constructor(file: string, issues: readonly DocumentIssue[], what: string) {
    super(file, issues, what);
  }
}

/** Options of `meshtwin relay`. */
export interface RelayCommandOptions {
  readonly port: number;
  readonly dataDir?: string;
  /** Team file (YAML/JSON): `name`, `members: [{pubkey, read, write, relay}]`. */
  readonly team?: string;
  /** Relay parameters file (YAML): the `nostr-relay` protocol's fields. */
  readonly config?: string;
  /** Peer relay URLs kept in sync by negentropy. */
  readonly peer?: readonly string[];
  readonly out?: (line: string) => void;
}

function load<A, I>(file: string, schema: Schema.Schema<A, I>, what: string): A {
  const fail = (issues: DocumentIssue[]) => new RelayFileError(file, issues, what);
  return decodeYamlDocument(readDocumentText(file, fail), schema, fail).value;
}

/**
 * `meshtwin relay --port N [--data-dir DIR] [--team FILE]`: a standalone relay until
 * SIGINT/SIGTERM. Prints `relay <ws url>` and `pubkey <hex>` first.
 */
export async function relayCommand(opts: RelayCommandOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(line + "\n"));
  const base = opts.config ? load(opts.config, NostrRelayParams, "relay config") : {};
  const team = opts.team ? load(opts.team, Team, "team file") : undefined;
  const params: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (team) params.team = Schema.encodeSync(Team)(team);
  if (opts.peer?.length) params.peers = [...((params.peers as string[] | undefined) ?? []), ...opts.peer];
  const server = await startRelayServer({ port: opts.port, dataDir: opts.dataDir, params });
  out(`relay ${server.url}`);
  out(`pubkey ${server.pubkey}`);
  if (team) out(`team ${team.name} (${team.members.length} members)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  out("stopping");
  await server.close();
  out("stopped");
  return 0;
}
