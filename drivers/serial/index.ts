/**
 * Serial framings for real radios, as pure codecs (no port, no hardware): KISS, the
 * RNode command set on KISS, and the Meshtastic device framing. See docs/radio.md.
 */
export * from "./frame-stats.js";
export * from "./kiss.js";
export * from "./meshtastic-framing.js";
export * from "./rnode.js";
export * from "./rnode-commands.js";
