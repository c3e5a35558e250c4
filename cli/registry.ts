import { InvalidArgumentError } from "commander";
import { parseDuration } from "../actors/params.js";
import { registryConfig, type RegistryInit } from "../actors/registry/index.js";
import { startRegistryService } from "../drivers/registry/index.js";

/** Options of `meshtwin registry`, as commander hands them over (strings). */
export interface RegistryCommandOptions {
  readonly port?: string;
  readonly host?: string;
  readonly db?: string;
  readonly genesisKey?: string;
  readonly offlineAfter?: string;
  readonly sweepInterval?: string;
  readonly maxClockSkew?: string;
  readonly retention?: string;
  readonly bodyLimit?: string;
  /** Where progress lines go. @default process.stdout */
  readonly out?: (line: string) => void;
}

const duration = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : parseDuration(value);
  if (ms === undefined || !(ms > 0))
    throw new InvalidArgumentError(`${flag}: expected a duration such as 90s or 5m, got '${value}'`);
  return ms;
};

const integer = (flag: string, value: string | undefined, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${flag}: expected a whole number ${min}-${max}, got '${value}'`);
  return n;
};

/**
 * `meshtwin registry`: the coordination registry's HTTP service until SIGINT/SIGTERM.
 * Flags override `MESH_PORT`, `MESH_DB_PATH`, `MESH_GENESIS_KEY`, `MESH_HOST`.
 * Prints `listening <url>` and `db <path>` first, so scripts can pick up the URL.
 */
export async function registryCommand(opts: RegistryCommandOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(line + "\n"));
  const env = process.env;
  const port = integer("--port (MESH_PORT)", opts.port ?? env.MESH_PORT, 0, 65535) ?? 8190;
  const dbPath = opts.db ?? env.MESH_DB_PATH ?? "./mesh.db";
  const genesisKey = opts.genesisKey ?? (env.MESH_GENESIS_KEY || undefined);
  const raw: Record<string, unknown> = {
    offlineAfter: duration("--offline-after", opts.offlineAfter),
    sweepInterval: duration("--sweep-interval", opts.sweepInterval),
    maxClockSkew: duration("--max-clock-skew", opts.maxClockSkew),
    genesisKey,
  };
  let params: RegistryInit;
  try {
    params = registryConfig(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  } catch (e) {
    throw new InvalidArgumentError(
      (e as Error).message.replace("registry.genesisKey", "--genesis-key (MESH_GENESIS_KEY)"),
    );
  }
  let service;
  try {
    service = await startRegistryService({
      port,
      dbPath,
      host: opts.host ?? env.MESH_HOST ?? "127.0.0.1",
      params,
      retention: duration("--retention", opts.retention),
      bodyLimit: integer("--body-limit", opts.bodyLimit, 256, 16 * 1024 * 1024),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof InvalidArgumentError) throw err;
    throw new InvalidArgumentError(
      `registry: cannot start (${err.code ?? err.message}) with --db ${dbPath} --port ${port}`,
    );
  }
  out(`listening ${service.url}`);
  out(`db ${dbPath}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  out("stopping");
  await service.stop();
  out("stopped");
  return 0;
}
