import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeConfigure,
  encodeKiss,
  encodeMeshtastic,
  KissDecoder,
  MeshtasticDecoder,
  RNodeDecoder,
} from "../../../drivers/serial/index.js";
import { commandTool, requireTools } from "../../helpers/require-tool.js";
import { concat } from "./chunks.js";

// Frames through a real pseudo-terminal pair made by socat, opened with serialport as the
// driver will open a device: the kernel's tty layer chunks the bytes as it likes.

const ok = requireTools(import.meta.url, [commandTool("socat", "bash scripts/install-socat.sh")]);

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

const open = (path: string) =>
  new Promise<SerialPort>((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(port)));
  });

describe.skipIf(!ok)("serial framings over a socat PTY pair", () => {
  const dir = mkdtempSync(join(tmpdir(), "mt-pty-"));
  const [a, b] = [join(dir, "host"), join(dir, "device")];
  let socat: ChildProcess;
  let host: SerialPort;
  let device: SerialPort;

  beforeAll(async () => {
    socat = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
    await waitFor(() => existsSync(a) && existsSync(b), "socat's PTY links");
    [host, device] = await Promise.all([open(a), open(b)]);
  });

  afterAll(async () => {
    await Promise.all([host, device].filter(Boolean).map((p) => new Promise((r) => p.close(r))));
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `bytes` on the device side and decodes what the host side reads until `done`. */
  async function through<T>(bytes: Uint8Array, decode: (c: Uint8Array) => T[], done: (got: T[]) => boolean) {
    const got: T[] = [];
    const onData = (c: Buffer) => got.push(...decode(new Uint8Array(c)));
    host.on("data", onData);
    device.write(Buffer.from(bytes));
    await waitFor(() => done(got), "frames through the PTY");
    host.off("data", onData);
    return got;
  }

  it("KISS: 200 data frames with escapes arrive whole and in order", async () => {
    const frames = Array.from({ length: 200 }, (_, i) =>
      Uint8Array.of(i & 0xff, 0xc0, 0xdb, ...new Uint8Array(i % 50)),
    );
    const d = new KissDecoder();
    const got = await through(
      concat(frames.map((f) => encodeKiss(f))),
      (c) => d.push(c),
      (g) => g.length >= 200,
    );
    expect(got.map((f) => [...f.data])).toEqual(frames.map((f) => [...f]));
    expect(d.stats.drops).toEqual({});
  });

  it("RNode: the configuration frames arrive as the echoes a host checks", async () => {
    const cfg = { frequency: 869_525_000, bandwidth: 125_000, txPower: 17, sf: 8, cr: 5 };
    const d = new RNodeDecoder();
    const got = await through(
      concat(encodeConfigure(cfg).slice(1)),
      (c) => d.push(c),
      (g) => g.length >= 6,
    );
    expect(got.map((r) => (r.kind === "param" ? [r.param, r.value] : r.kind))).toEqual([
      ["frequency", 869_525_000],
      ["bandwidth", 125_000],
      ["txPower", 17],
      ["sf", 8],
      ["cr", 5],
      ["radioState", 1],
    ]);
  });

  it("Meshtastic: frames with debug text between them arrive whole; the text is kept", async () => {
    const payloads = Array.from({ length: 50 }, (_, i) => new Uint8Array(i * 10).fill(0x94));
    const log = new TextEncoder().encode("DEBUG | radio up\n");
    const d = new MeshtasticDecoder();
    const stream = concat(payloads.flatMap((p) => [log, encodeMeshtastic(p)]));
    const got = await through(
      stream,
      (c) => d.push(c),
      (g) => g.length >= 50,
    );
    expect(got.map((p) => p.length)).toEqual(payloads.map((p) => p.length));
    expect(d.takeText()).toBe("DEBUG | radio up\n".repeat(50));
  });
});
