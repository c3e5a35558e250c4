import { describe, expect, it } from "vitest";
import { formatTime, partitionSpans } from "../../viz/src/app/timeline.js";

describe("timeline labels", () => {
  it("formats simulated ms as m:ss, with tenths only when present, never a 60th second", () => {
    expect(formatTime(0)).toBe("0:00");
    expect(formatTime(45_000)).toBe("0:45");
    expect(formatTime(210_400)).toBe("3:30.4");
    expect(formatTime(419_997)).toBe("7:00");
    expect(formatTime(59_960)).toBe("1:00");
  });

  it("pairs each partition with the next heal, leaving an unhealed one open to the end", () => {
    const f = (at: number, type: string) => ({ at, type, node: -1 });
    expect(partitionSpans([f(10, "fault.partition"), f(20, "fault.heal"), f(30, "fault.partition")], 50)).toEqual([
      [10, 20],
      [30, 50],
    ]);
  });
});
