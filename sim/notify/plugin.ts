import { expectationKind, timelineVerb, workloadKind, type SimPlugin } from "../plugin.js";
import type { World } from "../world.js";
import { notifyAttackerModule } from "./attacker.js";
import { armDefence, armDelivery, armRecovery, NotifyDefence, NotifyDelivery, NotifyRecovery } from "./expect.js";
import { NotifyFetch, scheduleFetch } from "./fetch.js";
import { trackerOf } from "./tracker.js";
import { NotifySpamWorkload, NotifyWorkload, scheduleNotify, scheduleNotifySpam } from "./workload.js";

/** The run's figures for `report.json` and the summary table. */
function figures(world: World) {
  const t = trackerOf(world);
  const honest = [...t.sent.values()].filter((s) => s.kind === "honest");
  const refused: Record<string, number> = {};
  let accepted = 0;
  let peak = 0;
  for (const v of t.verdicts) {
    if (v.ok) accepted++;
    else refused[v.reason ?? "?"] = (refused[v.reason ?? "?"] ?? 0) + 1;
    peak = Math.max(peak, v.level);
  }
  const copies = honest.map((s) => t.stored.get(s.n.hash)?.size ?? 0);
  return {
    honestSent: honest.length,
    honestStored3: copies.filter((c) => c >= 3).length,
    honestStoredNone: copies.filter((c) => c === 0).length,
    spamSent: t.sent.size - honest.length,
    replays: t.replays.size,
    accepted,
    refused,
    peakLevel: peak,
    repaired: t.repaired,
    maxHeldPerRecipient: t.maxHeld,
    fetches: t.fetches.map((f) => ({ at: f.at, wallet: f.wallet, returned: f.notifications?.length ?? null })),
  };
}

/** The notification relay in the simulator: senders, spammers, wallet fetches, and their expectations. */
export const notifyPlugin: SimPlugin = {
  name: "notify",
  protocols: [notifyAttackerModule],
  workloads: {
    notify: workloadKind({
      schema: NotifyWorkload,
      schedule: scheduleNotify,
      references: (w) => (w.from !== undefined ? [{ path: ["from"], selector: w.from }] : []),
    }),
    notifySpam: workloadKind({
      schema: NotifySpamWorkload,
      schedule: scheduleNotifySpam,
      references: (w) => [
        { path: ["from"], selector: w.from },
        ...(w.via !== undefined ? [{ path: ["via"], selector: w.via }] : []),
      ],
    }),
  },
  timeline: {
    notifyFetch: timelineVerb({
      schema: NotifyFetch,
      schedule: (world, spec, at) => world.engine.at(at, () => scheduleFetch(world, spec)),
      references: (s) => (s.via !== undefined ? [{ path: ["via"], selector: s.via }] : []),
    }),
  },
  expectations: {
    notifyDelivery: expectationKind({ schema: NotifyDelivery, arm: armDelivery }),
    notifyRecovery: expectationKind({ schema: NotifyRecovery, arm: armRecovery }),
    notifyDefence: expectationKind({ schema: NotifyDefence, arm: armDefence }),
  },
  install(world) {
    trackerOf(world);
    return {
      report: () => figures(world),
      summary: (): Record<string, string> => {
        const f = figures(world);
        if (f.honestSent + f.spamSent === 0) return {};
        const refused = Object.entries(f.refused).map(([r, n]) => `${r} ${n}`).join(", ") || "none"; // prettier-ignore
        return {
          notifications: `${f.honestSent} honest (${f.honestStored3} on 3 relays), ${f.spamSent} spam, ${f.replays} replayed`,
          "notify refused": refused,
          "notify peak level": String(f.peakLevel),
          "notify repaired": String(f.repaired),
        };
      },
    };
  },
};
