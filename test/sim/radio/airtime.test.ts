import { describe, expect, it } from "vitest";
import { ldroActive, maxPayloadWithin, timeOnAir, type LoraModem } from "../../../sim/radio/airtime.js";

const modem = (m: Partial<LoraModem>): LoraModem => ({
  sf: 7,
  bandwidth: 125_000,
  codingRate: 1,
  preamble: 8,
  implicitHeader: false,
  crc: true,
  ldro: "auto",
  ...m,
});

describe("LoRa time on air (Semtech AN1200.13)", () => {
  it("13 B at SF9, 125 kHz, CR 4/5, 8-symbol preamble lasts 164.864 ms (DESIGN.md reference)", () => {
    const t = timeOnAir(modem({ sf: 9 }), 13);
    expect(t.symbolMs).toBe(4.096);
    expect(t.preambleMs).toBe(50.176);
    expect(t.payloadSymbols).toBe(28);
    expect(t.totalMs).toBe(164.864);
  });

  it("Meshtastic LONG_FAST (SF11, 250 kHz, CR 4/5, 16-symbol preamble), 56 B: 681.984 ms, not Meshtasticator's 1042 ms", () => {
    const t = timeOnAir(modem({ sf: 11, bandwidth: 250_000, preamble: 16 }), 56);
    expect(t.ldro).toBe(false);
    expect(t.payloadSymbols).toBe(63);
    expect(t.totalMs).toBe(681.984);
  });

  it("SF12 at 125 kHz switches LDRO on by itself; implicit header, 10 B: 991.232 ms", () => {
    const t = timeOnAir(modem({ sf: 12, implicitHeader: true }), 10);
    expect(t.ldro).toBe(true);
    expect(t.symbolMs).toBe(32.768);
    expect(t.payloadSymbols).toBe(18);
    expect(t.totalMs).toBe(991.232);
  });

  it("LoRaWAN's largest DR0 frame (64 B PHY payload, SF12/125, explicit, CRC) lasts 2793.472 ms; at SF7 118.016 ms", () => {
    expect(timeOnAir(modem({ sf: 12 }), 64).totalMs).toBe(2793.472);
    expect(timeOnAir(modem({ sf: 7 }), 64).totalMs).toBe(118.016);
  });

  it("LDRO auto turns on exactly when a symbol lasts 16 ms or more; on/off override it", () => {
    expect(ldroActive({ sf: 10, bandwidth: 125_000, ldro: "auto" })).toBe(false); // 8.192 ms
    expect(ldroActive({ sf: 11, bandwidth: 125_000, ldro: "auto" })).toBe(true); // 16.384 ms
    expect(ldroActive({ sf: 12, bandwidth: 250_000, ldro: "auto" })).toBe(true); // 16.384 ms
    expect(ldroActive({ sf: 12, bandwidth: 500_000, ldro: "auto" })).toBe(false);
    // With LDRO forced off, SF12/125 needs fewer payload symbols for the same bytes.
    const on = timeOnAir(modem({ sf: 12 }), 50).payloadSymbols;
    const off = timeOnAir(modem({ sf: 12, ldro: "off" }), 50).payloadSymbols;
    expect(off).toBeLessThan(on);
  });

  it("no CRC and an implicit header shorten a frame; more bytes never shorten it", () => {
    const base = timeOnAir(modem({ sf: 9 }), 40).totalMs;
    expect(timeOnAir(modem({ sf: 9, crc: false }), 40).totalMs).toBeLessThanOrEqual(base);
    expect(timeOnAir(modem({ sf: 9, implicitHeader: true }), 40).totalMs).toBeLessThan(base);
    for (let b = 1; b <= 255; b++)
      expect(timeOnAir(modem({ sf: 9 }), b).totalMs).toBeGreaterThanOrEqual(timeOnAir(modem({ sf: 9 }), b - 1).totalMs);
  });

  it("the largest payload within US915's 400 ms dwell fits, one byte more does not", () => {
    const m = modem({ sf: 10 });
    const n = maxPayloadWithin(m, 400);
    expect(n).toBeGreaterThan(0);
    expect(timeOnAir(m, n).totalMs).toBeLessThanOrEqual(400);
    expect(timeOnAir(m, n + 1).totalMs).toBeGreaterThan(400);
  });

  it("rejects a coding rate stored as 5..8 (Meshtasticator's encoding) and payloads above 255 B", () => {
    expect(() => timeOnAir(modem({ codingRate: 5 }), 10)).toThrow(/coding rate must be 1..4/);
    expect(() => timeOnAir(modem({}), 256)).toThrow(/0..255 bytes/);
    expect(() => timeOnAir(modem({ sf: 13 }), 10)).toThrow(/sf must be 6..12/);
  });
});
