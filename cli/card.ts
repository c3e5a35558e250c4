import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import QRCode from "qrcode";
import { cardUri, openCard, signCard } from "../drivers/card/peer-card.js";
import { loadOrCreateIdentity } from "../drivers/libp2p/identity.js";
import { openNodeStore } from "../drivers/store/index.js";
import { parseDuration } from "../actors/params.js";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { CliError } from "./errors.js";
import { readStatusFile } from "./node-status.js";

/** Options of `meshtwin card`. */
export interface CardOptions {
  readonly dataDir: string;
  /** How long the card is valid. @default 30d */
  readonly expires?: string;
  readonly png?: string;
  readonly svg?: string;
}

/** `/ip4/…/tcp/…` without a trailing `/p2p/<id>`, so the card names the id once. */
const bare = (addr: string): string => addr.replace(/\/p2p\/[^/]+$/, "");

/** The node's existing key (never a new one: that would be another node). */
export async function nodeKey(dataDir: string) {
  const keyFile = join(dataDir, "identity.key");
  if (!existsSync(keyFile))
    throw new CliError(`${dataDir} has no node identity (identity.key): run meshtwin node with this --data-dir first`);
  const key = await loadOrCreateIdentity(keyFile);
  return { key, id: peerIdFromPrivateKey(key).toString() };
}

/** The node's card: its key, the addresses and protocols of its last run, valid for `validMs`. */
export async function nodeCard(dataDir: string, validMs: number) {
  const { key, id } = await nodeKey(dataDir);
  const status = readStatusFile(dataDir);
  const now = Date.now();
  const card = await signCard(key, {
    id,
    addrs: (status?.addresses ?? []).map(bare),
    caps: Object.keys(status?.actors ?? {}),
    issued: now,
    expires: now + validMs,
  });
  return { key, id, card };
}

/**
 * `meshtwin card --data-dir D`: prints the node's signed peer card as a QR code (on a
 * terminal) and as its `meshtwin:card:` text, and writes PNG / SVG when asked. Reads the
 * node's key and last status; creates nothing in the data dir.
 */
export async function cardCommand(o: CardOptions): Promise<number> {
  const keyFile = join(o.dataDir, "identity.key");
  if (!existsSync(keyFile))
    throw new CliError(
      `${o.dataDir} has no node identity (identity.key): run meshtwin node with this --data-dir first`,
    );
  const validMs = parseDuration(o.expires ?? "30d");
  if (validMs === undefined || validMs <= 0)
    throw new CliError(`--expires takes a duration such as 12h or 30d, got '${o.expires}'`);
  const key = await loadOrCreateIdentity(keyFile);
  const status = readStatusFile(o.dataDir);
  const now = Date.now();
  const card = await signCard(key, {
    id: peerIdFromPrivateKey(key).toString(),
    addrs: (status?.addresses ?? []).map(bare),
    caps: Object.keys(status?.actors ?? {}),
    issued: now,
    expires: now + validMs,
  });
  const uri = cardUri(card);
  if (process.stdout.isTTY) process.stdout.write(await QRCode.toString(uri, { type: "terminal", small: true }));
  process.stdout.write(uri + "\n");
  if (o.png) await QRCode.toFile(o.png, uri, { type: "png" });
  if (o.svg) writeFileSync(o.svg, await QRCode.toString(uri, { type: "svg" }));
  if (card.addrs.length === 0)
    process.stderr.write("note: the node has not run here yet, so the card names no addresses (only its identity)\n");
  return 0;
}

/**
 * `meshtwin card add <uri> --data-dir D`: verifies a card (signature, expiry) and puts
 * the peer in the node's cache, where the next start dials it first. The node must be stopped.
 */
export async function cardAddCommand(uri: string, o: { readonly dataDir: string }): Promise<number> {
  const card = await openCard(uri, Date.now()).catch((err: Error) => {
    throw new CliError(`card refused: ${err.message}`);
  });
  const store = await openNodeStore(o.dataDir, { log: false, create: false });
  try {
    // Dialable at the next start (the peer store), and asked first by discovery (its cache).
    store.peers.set(card.id, { addrs: card.addrs, seenAt: card.issued });
    const cache = (store.actors.get("discovery") as { cache?: string[] } | undefined)?.cache ?? [];
    store.actors.set("discovery", { cache: [card.id, ...cache.filter((p) => p !== card.id)] });
    await store.flush();
  } finally {
    await store.close();
  }
  process.stdout.write(
    `added ${card.id} (${card.addrs.length} address(es), valid until ${new Date(card.expires).toISOString()})\n`,
  );
  return 0;
}
