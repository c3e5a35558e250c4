import * as Schema from "effect/Schema";
import { Count, Duration, Fraction, Interval, Natural } from "../../actors/params.js";
import { Selector } from "../scenario/primitives.js";

/**
 * The scenario grammar of the radio plug-in: a group's `radio:` block (its media and
 * where its nodes stand), the scenario's `radioMedium:` (propagation, interference),
 * the `ipDown`/`ipUp` timeline verbs and the `radio`/`dutyCycle` expectations.
 */

const between = (lo: number, hi: number, what: string) =>
  Schema.Number.pipe(
    Schema.between(lo, hi, { message: (i) => `expected ${what} ${lo}..${hi}, got ${JSON.stringify(i.actual)}` }),
  );
const intBetween = (lo: number, hi: number, what: string) =>
  Schema.Int.pipe(
    Schema.between(lo, hi, { message: (i) => `expected ${what} ${lo}..${hi}, got ${JSON.stringify(i.actual)}` }),
  );
const Positive = Schema.Number.pipe(
  Schema.positive({ message: (i) => `expected a number above 0, got ${JSON.stringify(i.actual)}` }),
);

/** Meshtastic's modem presets (firmware defaults; all use a 16-symbol preamble). */
export const MESHTASTIC_PRESETS = {
  SHORT_TURBO: { bandwidth: 500, sf: 7, cr: 1 },
  SHORT_FAST: { bandwidth: 250, sf: 7, cr: 1 },
  SHORT_SLOW: { bandwidth: 250, sf: 8, cr: 1 },
  MEDIUM_FAST: { bandwidth: 250, sf: 9, cr: 1 },
  MEDIUM_SLOW: { bandwidth: 250, sf: 10, cr: 1 },
  LONG_FAST: { bandwidth: 250, sf: 11, cr: 1 },
  LONG_MODERATE: { bandwidth: 125, sf: 11, cr: 4 },
  LONG_SLOW: { bandwidth: 125, sf: 12, cr: 4 },
  VERY_LONG_SLOW: { bandwidth: 62.5, sf: 12, cr: 4 },
} as const;

/** A group's LoRa radio. Unset fields come from `preset`, then from the defaults noted. */
export const LoraSpec = Schema.Struct({
  /** A Meshtastic modem preset (bandwidth, SF, CR; preamble 16). @default LONG_FAST */
  preset: Schema.optional(Schema.Literal(...(Object.keys(MESHTASTIC_PRESETS) as (keyof typeof MESHTASTIC_PRESETS)[]))),
  /** Carrier, MHz. @default 869.525 (EU868's 10 % sub-band) */
  frequency: Schema.optional(between(137, 1020, "a frequency in MHz")),
  /** kHz. */
  bandwidth: Schema.optional(Schema.Literal(7.8, 10.4, 15.6, 20.8, 31.25, 41.7, 62.5, 125, 250, 500)),
  sf: Schema.optional(intBetween(6, 12, "a spreading factor")),
  /** Coding rate 1..4 for 4/5..4/8. */
  cr: Schema.optional(intBetween(1, 4, "a coding rate (1..4 for 4/5..4/8)")),
  preamble: Schema.optional(intBetween(6, 65535, "a preamble length in symbols")),
  /** dBm. @default 14 */
  txPower: Schema.optional(between(-10, 30, "a transmit power in dBm")),
  /** dBi. @default 0 */
  antennaGain: Schema.optional(between(-10, 20, "an antenna gain in dBi")),
  implicitHeader: Schema.optional(Schema.Boolean),
  crc: Schema.optional(Schema.Boolean),
  /** Low data rate optimisation. @default auto (on when a symbol lasts ≥ 16 ms) */
  ldro: Schema.optional(Schema.Literal("auto", "on", "off")),
  /** @default EU868 */
  region: Schema.optional(Schema.Literal("EU868", "US915", "none")),
  dutyCycle: Schema.optional(
    Schema.Struct({
      /** Off only to watch a violation being caught. @default true */
      enforce: Schema.optional(Schema.Boolean),
      /** The sliding window the share is counted over. @default 1h */
      window: Schema.optional(Interval),
    }),
  ),
  /** Listen before talk (channel activity detection, random backoff). @default false */
  lbt: Schema.optional(Schema.Boolean),
  /** Frames a radio queues before dropping. @default 256 */
  queueLimit: Schema.optional(Count),
});
export type LoraSpec = typeof LoraSpec.Type;

/** A short-range medium: `true` for the preset, or the preset with some fields changed. */
const ShortSpec = Schema.Union(
  Schema.Boolean,
  Schema.Struct({
    /** m */
    range: Schema.optional(Positive),
    /** bits per second */
    bitrate: Schema.optional(Positive),
    loss: Schema.optional(Fraction),
    latency: Schema.optional(Duration),
    mtu: Schema.optional(Count),
  }),
);

/** Where a radio group's nodes stand (metres; the map's x grows east, y north). */
export const Placement = Schema.Union(
  Schema.Struct({
    grid: Schema.Struct({
      x: Schema.optional(Schema.Number),
      y: Schema.optional(Schema.Number),
      spacing: Positive,
      /** @default ceil(sqrt(count)) */
      columns: Schema.optional(Count),
    }),
  }),
  Schema.Struct({
    area: Schema.Struct({
      x: Schema.optional(Schema.Number),
      y: Schema.optional(Schema.Number),
      width: Positive,
      height: Positive,
    }),
  }),
  /** A CSV file (relative to the scenario) of `id,x,y` or `id,lat,lon` rows, with a header line naming the columns. */
  Schema.Struct({ csv: Schema.String }),
);
export type Placement = typeof Placement.Type;

/** A group's `radio:` block. */
export const RadioGroupSpec = Schema.Struct({
  lora: Schema.optional(LoraSpec),
  ble: Schema.optional(ShortSpec),
  wifiDirect: Schema.optional(ShortSpec),
  /** Whether the nodes also have IP (the internet) at the start. @default true */
  ip: Schema.optional(Schema.Boolean),
  /** @default the group's `position` (x, y, spread) */
  placement: Schema.optional(Placement),
});
export type RadioGroupSpec = typeof RadioGroupSpec.Type;

/** The scenario's `radioMedium:` block. */
export const RadioMediumSpec = Schema.Struct({
  pathLoss: Schema.optional(
    Schema.Union(
      Schema.Struct({
        model: Schema.Literal("log-distance"),
        /** @default 3.76 */
        exponent: Schema.optional(between(1, 8, "a path loss exponent")),
        /** dB at the reference distance. @default 7.7 */
        referenceLoss: Schema.optional(Schema.Number),
        /** m. @default 1 */
        referenceDistance: Schema.optional(Positive),
      }),
      Schema.Struct({
        model: Schema.Literal("hata"),
        /** @default suburban */
        environment: Schema.optional(Schema.Literal("urban", "suburban", "open")),
        /** m. @default 30 */
        baseHeight: Schema.optional(between(1, 200, "an antenna height in m")),
        /** m. @default 1.5 */
        mobileHeight: Schema.optional(between(1, 10, "an antenna height in m")),
      }),
    ),
  ),
  /** σ of seeded log-normal shadowing, dB. @default 0 */
  shadowing: Schema.optional(between(0, 20, "a shadowing sigma in dB")),
  /** Inter-SF interference by the Goursaud matrix. @default false */
  interSf: Schema.optional(Schema.Boolean),
  /** Co-SF capture threshold, dB. @default 6 */
  captureDb: Schema.optional(between(0, 30, "a capture threshold in dB")),
});
export type RadioMediumSpec = typeof RadioMediumSpec.Type;

const AtLeast = Schema.Struct({ atLeast: Fraction });

/** `expect: - radio: …`: figures of one medium over the run; each given bound must hold. */
export const RadioExpectation = Schema.Struct({
  /** @default lora */
  medium: Schema.optional(Schema.Literal("lora", "ble", "wifiDirect")),
  /**
   * Share of (message, radio node) pairs delivered in time: gossip messages published by
   * radio-group nodes in `published`, to every other radio-group node alive at publish
   * time and at the deadline, within `within` (default 2m).
   */
  deliveryRatio: Schema.optional(
    Schema.Struct({
      atLeast: Fraction,
      within: Schema.optional(Interval),
      published: Schema.optional(Schema.Struct({ from: Schema.optional(Duration), to: Schema.optional(Duration) })),
    }),
  ),
  /** 95th percentile of publish → delivery time over the pairs `deliveryRatio` counts (delivered ones). */
  p95Latency: Schema.optional(Schema.Struct({ atMost: Duration })),
  /** Share of (frame, receiver in range) pairs not spoilt by collisions or half duplex (LoRa), or of short-range sends delivered. */
  frameSuccess: Schema.optional(AtLeast),
  /** Mean over radio nodes of the share of time their channel carried a frame they could hear or sent. */
  utilisation: Schema.optional(Schema.Struct({ atMost: Fraction })),
  /** Receptions lost to collisions. */
  collisions: Schema.optional(Schema.Struct({ atMost: Schema.optional(Natural), atLeast: Schema.optional(Natural) })),
  /** Mean number of radio neighbours a LoRa node heard (beacons or messages) by the end. */
  neighbours: Schema.optional(Schema.Struct({ atLeast: Schema.Number })),
  /** Largest time on air of one node over the run. */
  airtimePerNode: Schema.optional(Schema.Struct({ atMost: Duration })),
});
export type RadioExpectation = typeof RadioExpectation.Type;

/** `expect: - dutyCycle: …`: nodes whose time on air exceeded their sub-band's share over any window. */
export const DutyCycleExpectation = Schema.Struct({
  /** @default 0 */
  maxViolations: Schema.optional(Natural),
});
export type DutyCycleExpectation = typeof DutyCycleExpectation.Type;

/** `{at, ipDown: selector}` / `{at, ipUp: selector}`: the nodes lose or regain the internet (radio groups' nodes). */
export const IpVerb = Selector;

/** `workload: - radioBeacon: …`: each selected LoRa node sends a link-level beacon every `every`, at its own random phase. */
export const RadioBeaconWorkload = Schema.Struct({
  every: Interval,
  /** @default 0 */
  start: Schema.optional(Duration),
  /** @default the end of the run */
  stop: Schema.optional(Duration),
  /** @default every LoRa node */
  from: Schema.optional(Selector),
});
export type RadioBeaconWorkload = typeof RadioBeaconWorkload.Type;
