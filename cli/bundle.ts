import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { BundleError, bundleKeys, openBundle, sealBundle, type BundleContents } from "../drivers/bundle/bundle.js";
import { cardUri, openCard } from "../drivers/card/peer-card.js";
import { openNodeStore } from "../drivers/store/index.js";
import { nodeCard, nodeKey } from "./card.js";
import { CliError } from "./errors.js";

const seedFile = (dataDir: string) => join(dataDir, "bundle-kem.seed");

/** The node's ML-KEM-1024 bundle keys; `create` makes the seed (mode 0600) on first use. */
function kemKeys(dataDir: string, create: boolean) {
  const file = seedFile(dataDir);
  if (!existsSync(file)) {
    if (!create)
      throw new CliError(`${dataDir} has no bundle key: run meshtwin bundle key --data-dir ${dataDir} first`);
    const fd = openSync(file, "wx", 0o600);
    writeSync(fd, randomBytes(64));
    fsyncSync(fd);
    closeSync(fd);
  }
  const seed = readFileSync(file);
  if (seed.length !== 64) throw new CliError(`${file} is damaged (expected 64 bytes, got ${seed.length})`);
  return bundleKeys(new Uint8Array(seed));
}

/** `meshtwin bundle key`: prints the public key others encrypt bundles to (hex), creating the key pair once. */
export async function bundleKeyCommand(o: { dataDir: string }): Promise<number> {
  await nodeKey(o.dataDir); // only a node's data dir gets one
  process.stdout.write(Buffer.from(kemKeys(o.dataDir, true).publicKey).toString("hex") + "\n");
  return 0;
}

/** A recipient given as hex, or as the path of a file holding the hex. */
function recipientKey(to: string): Uint8Array {
  const text = existsSync(to) ? readFileSync(to, "utf8").trim() : to.trim();
  if (!/^([0-9a-f]{2})+$/i.test(text))
    throw new CliError(`--to takes a bundle public key in hex (or a file holding one), got '${to.slice(0, 40)}…'`);
  return new Uint8Array(Buffer.from(text, "hex"));
}

/** `meshtwin bundle export`: messages, peers and the node's card, sealed for the recipients. The node must be stopped. */
export async function bundleExportCommand(o: { dataDir: string; to: string[]; out: string }): Promise<number> {
  const recipients = o.to.map(recipientKey);
  const { key, id, card } = await nodeCard(o.dataDir, 30 * 86_400_000);
  const store = await openNodeStore(o.dataDir, { log: false, create: false });
  let contents: BundleContents;
  try {
    const gossip = store.actors.get("gossip") as { items?: BundleContents["messages"] } | undefined;
    contents = { messages: gossip?.items ?? [], peers: Object.fromEntries(store.peers.entries()), card: cardUri(card) };
  } finally {
    await store.close();
  }
  const sealed = await sealBundle(contents, { id, key }, recipients, Date.now()).catch((err: Error) => {
    throw new CliError(`bundle not written: ${err.message}`);
  });
  writeFileSync(o.out, sealed);
  process.stdout.write(
    `wrote ${o.out}: ${contents.messages.length} message(s), ${Object.keys(contents.peers).length} peer(s) and a card, for ${recipients.length} recipient(s), ${sealed.length} bytes\n`,
  );
  return 0;
}

/**
 * `meshtwin bundle import F`: verifies and opens a bundle and merges what is new into a
 * stopped node's store (messages into its gossip store, which gossip then spreads; peers
 * into its cache). Importing the same bundle twice changes nothing.
 */
export async function bundleImportCommand(file: string, o: { dataDir: string }): Promise<number> {
  const { secretKey } = kemKeys(o.dataDir, false);
  const self = (await nodeKey(o.dataDir)).id;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CliError(
      `${file}: cannot read the bundle (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const opened = await openBundle(new Uint8Array(bytes), secretKey).catch((err: unknown) => {
    if (err instanceof BundleError) throw new CliError(`${file}: bundle refused: ${err.message}`);
    throw err;
  });
  const store = await openNodeStore(o.dataDir, { log: false, create: false });
  let messages = 0;
  let peers = 0;
  try {
    const gossip = (store.actors.get("gossip") as { items?: { id: string }[] } | undefined) ?? { items: [] };
    const have = new Set((gossip.items ?? []).map((m) => m.id));
    const fresh = opened.contents.messages.filter((m) => typeof m?.id === "string" && !have.has(m.id));
    if (fresh.length) store.actors.set("gossip", { ...gossip, items: [...(gossip.items ?? []), ...fresh] });
    messages = fresh.length;
    const learned = { ...opened.contents.peers };
    const card = opened.contents.card && (await openCard(opened.contents.card, Date.now()).catch(() => undefined));
    if (card && card.id === opened.from) learned[card.id] = { addrs: card.addrs, seenAt: card.issued };
    for (const [id, p] of Object.entries(learned)) {
      if (id === self) continue;
      const known = store.peers.get(id);
      if (known && known.seenAt >= p.seenAt) continue;
      store.peers.set(id, { addrs: p.addrs, seenAt: p.seenAt });
      if (!known) peers++;
    }
    await store.flush();
  } finally {
    await store.close();
  }
  process.stdout.write(`imported from ${opened.from}: ${messages} new message(s), ${peers} new peer(s)\n`);
  return 0;
}
