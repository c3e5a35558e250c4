import type { World } from "../world.js";
import type { FrameInfo, FrameOutcome, MediumObserver } from "./medium.js";
import type { RadioDriver } from "./radio-driver.js";
import type { RegionLimits } from "./regions.js";
import type { RadioMedium } from "./medium.js";

/** What `announce` reads of a radio run (structural, so install.ts and trace.ts do not import each other). */
interface AnnouncedRun {
  readonly nodes: readonly {
    readonly id: string;
    readonly position: { readonly x: number; readonly y: number };
    readonly lora: RadioDriver | undefined;
    readonly limits: RegionLimits | undefined;
  }[];
  readonly short: ReadonlyMap<string, { readonly name: string }>;
  readonly medium: Pick<RadioMedium, "range">;
}

/** Lost receptions listed per frame in the log (the count is always complete). */
const MAX_LISTED = 20;

/**
 * What the radio plug-in writes to the log and keeps for its expectations: `radio.nodes`
 * (positions and media, for the map), `radio.tx` when a frame starts, `radio.end` when it
 * ends (received count, losses by node and reason), per-node frame times for the
 * duty-cycle check, and message latencies.
 */
export class RadioTrace implements MediumObserver {
  /** Per sender: [start, end] of each LoRa frame, in order. */
  readonly frames = new Map<string, number[]>();
  /** Latency of every message (queue → complete at a receiver), ms. */
  readonly latencies: number[] = [];
  private readonly queued = new Map<string, number>();

  constructor(private readonly world: World) {}

  readonly latency = {
    sent: (src: number, msgId: number, at: number): void => {
      this.queued.set(`${src}:${msgId}`, at);
    },
    received: (src: number, msgId: number, at: number): void => {
      const t = this.queued.get(`${src}:${msgId}`);
      if (t !== undefined) this.latencies.push(at - t);
    },
  };

  announce(run: AnnouncedRun): void {
    const nodes = run.nodes.map((n) => {
      const media = [n.lora ? "lora" : undefined, ...[...run.short.values()].map((m) => m.name)].filter(Boolean);
      return {
        id: n.id,
        x: Math.round(n.position.x * 10) / 10,
        y: Math.round(n.position.y * 10) / 10,
        media,
        ...(n.lora ? { range: Math.round(run.medium.range(n.lora.radio)) } : {}),
        ...(n.limits?.subBand ? { subBand: n.limits.subBand, dutyCycle: n.limits.dutyCycle } : {}),
      };
    });
    // After `world.nodes`, which opens the log.
    this.world.engine.at(0, () => this.world.record("radio", "radio.nodes", { nodes }));
  }

  started(f: FrameInfo): void {
    let list = this.frames.get(f.from);
    if (!list) this.frames.set(f.from, (list = []));
    list.push(f.start, f.end);
    this.world.record(
      "radio",
      "radio.tx",
      { seq: f.seq, bytes: f.bytes, airtime: round(f.end - f.start), sf: f.sf, frequency: f.frequency },
      f.from,
    );
  }

  ended(f: FrameInfo, o: FrameOutcome): void {
    this.world.record(
      "radio",
      "radio.end",
      {
        seq: f.seq,
        received: o.received.length,
        captured: o.captured,
        lost: o.lost.length,
        ...(o.lost.length ? { losses: o.lost.slice(0, MAX_LISTED) } : {}),
      },
      f.from,
    );
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
