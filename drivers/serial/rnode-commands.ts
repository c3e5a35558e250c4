/**
 * RNode command bytes (the KISS type byte of every RNode frame) and error codes, from
 * the protocol facts in DESIGN.md ("RNode serial protocol"); no firmware code copied.
 */
export const RNODE = {
  DATA: 0x00,
  FREQUENCY: 0x01,
  BANDWIDTH: 0x02,
  TXPOWER: 0x03,
  SF: 0x04,
  CR: 0x05,
  RADIO_STATE: 0x06,
  RADIO_LOCK: 0x07,
  DETECT: 0x08,
  IMPLICIT: 0x09,
  ST_ALOCK: 0x0b,
  LT_ALOCK: 0x0c,
  PROMISC: 0x0e,
  READY: 0x0f,
  STAT_RX: 0x21,
  STAT_TX: 0x22,
  STAT_RSSI: 0x23,
  STAT_SNR: 0x24,
  STAT_CHTM: 0x25,
  STAT_PHYPRM: 0x26,
  PLATFORM: 0x48,
  MCU: 0x49,
  FW_VERSION: 0x50,
  ERROR: 0x90,
} as const;

/** DETECT request byte (host → device). */
export const DETECT_REQUEST = 0x73;
/** DETECT response byte (device → host). */
export const DETECT_RESPONSE = 0x46;

/** RNode error codes carried by an ERROR report. */
export const RNODE_ERRORS: Readonly<Record<number, string>> = {
  1: "INITRADIO",
  2: "TXFAILED",
  4: "QUEUE_FULL",
  5: "MEMORY_LOW",
  6: "MODEM_TIMEOUT",
};

/** The radio parameters the host sets and the device echoes back. */
export type RNodeParam = "frequency" | "bandwidth" | "txPower" | "sf" | "cr" | "radioState";

/**
 * Command byte and wire width of each parameter. Frequency (Hz) and bandwidth (Hz) are
 * 4-byte big-endian; tx power (dBm), SF, CR and radio state fit one byte, which is how
 * RNode devices send and echo them.
 */
export const PARAM_WIRE: Readonly<Record<RNodeParam, { readonly command: number; readonly width: 1 | 4 }>> = {
  frequency: { command: RNODE.FREQUENCY, width: 4 },
  bandwidth: { command: RNODE.BANDWIDTH, width: 4 },
  txPower: { command: RNODE.TXPOWER, width: 1 },
  sf: { command: RNODE.SF, width: 1 },
  cr: { command: RNODE.CR, width: 1 },
  radioState: { command: RNODE.RADIO_STATE, width: 1 },
};

/** The parameter a command byte sets, if any. */
export function paramOfCommand(command: number): RNodeParam | undefined {
  for (const [name, w] of Object.entries(PARAM_WIRE)) if (w.command === command) return name as RNodeParam;
  return undefined;
}

/** RNode reports RSSI as one byte offset by this much (dBm = byte − 157). */
export const RSSI_OFFSET = 157;
