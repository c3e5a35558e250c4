import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const meshtwin = (...args: string[]) =>
  spawnSync(process.execPath, ["cli/bin.js", "airtime", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });

describe("meshtwin airtime (real process)", () => {
  it("prints LONG_FAST's 56-byte frame as AN1200.13 gives it: 8.192 ms symbols, 63 payload symbols, 681.984 ms", () => {
    const r = meshtwin("--sf", "11", "--bw", "250", "--cr", "4/5", "--preamble", "16", "--bytes", "56");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^symbol time +8\.192 ms$/m);
    expect(r.stdout).toMatch(/^preamble +165\.888 ms/m);
    expect(r.stdout).toMatch(/^payload symbols +63$/m);
    expect(r.stdout).toMatch(/^total +681\.984 ms$/m);
  });

  it("--json with implicit header and LDRO auto at SF12/125 kHz", () => {
    const r = meshtwin("--sf", "12", "--bw", "125", "--bytes", "10", "--implicit-header", "--json");
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.airtime.totalMs).toBe(991.232);
    expect(out.airtime.ldro).toBe(true);
  });

  it("--no-crc and --ldro off change the frame", () => {
    const withCrc = JSON.parse(meshtwin("--sf", "12", "--bw", "125", "--bytes", "40", "--json").stdout);
    const noCrc = JSON.parse(
      meshtwin("--sf", "12", "--bw", "125", "--bytes", "40", "--no-crc", "--ldro", "off", "--json").stdout,
    );
    expect(noCrc.modem.crc).toBe(false);
    expect(noCrc.airtime.totalMs).toBeLessThan(withCrc.airtime.totalMs);
  });

  it("a bad flag is one line naming it, exit 2, no stack trace", () => {
    const r = meshtwin("--sf", "11", "--bw", "250", "--cr", "5", "--bytes", "56");
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--cr 5: give 1..4 or 4\/5..4\/8/);
    const b = meshtwin("--sf", "9", "--bw", "125", "--bytes", "300");
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--bytes must be a whole number 0..255/);
  });
});
