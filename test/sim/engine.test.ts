import { describe, expect, it } from "vitest";
import { Engine } from "../../sim/engine.js";

describe("engine", () => {
  it("fires in (time, emission) order and equal deadlines in emission order", () => {
    const e = new Engine();
    const order: string[] = [];
    e.at(10, () => order.push("b"));
    e.at(5, () => order.push("a"));
    e.at(10, () => order.push("c"));
    e.at(10, () => {
      order.push("d");
      e.after(0, () => order.push("f"));
    });
    e.at(10, () => order.push("e"));
    e.run(100);
    expect(order).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(e.now).toBe(100);
  });

  it("stops at the horizon and leaves later events pending", () => {
    const e = new Engine();
    const fired: number[] = [];
    for (const t of [1, 2, 3, 4]) e.at(t * 10, () => fired.push(t));
    e.run(25);
    expect(fired).toEqual([1, 2]);
    e.run(100);
    expect(fired).toEqual([1, 2, 3, 4]);
  });

  it("skips cancelled events", () => {
    const e = new Engine();
    const fired: string[] = [];
    const x = e.at(5, () => fired.push("x"));
    e.at(6, () => fired.push("y"));
    e.cancel(x);
    e.run(10);
    expect(fired).toEqual(["y"]);
    expect(e.processed).toBe(1);
  });

  it("refuses to schedule in the past (a bug, so it throws)", () => {
    const e = new Engine();
    e.run(50);
    expect(() => e.at(10, () => {})).toThrow(/already 50 ms/);
  });
});
