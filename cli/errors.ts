import { InvalidArgumentError } from "commander";

/**
 * Failures as a user reads them: one line naming the file, flag, port or path and what
 * was wrong, and an exit code; a stack trace only for a bug (and with MESHTWIN_DEBUG=1).
 */

/** A mistake in what the user asked for (a flag, a folder, a port): said in one line, exit 2. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Errors whose message is already written for the user (each names what it is about). */
const USER_ERRORS = new Set([
  "CliError",
  "ScenarioError",
  "NodeConfigError",
  "DocumentError",
  "StoreOpenError",
  "IdentityError",
  "CommandRefused",
  "NodeStartError",
  "MemoryEstimateError",
]);

type SystemError = Error & {
  code?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
  syscall?: string;
};

/** What the operating system refused, in words, naming the path or address. */
function systemMessage(e: SystemError): string | undefined {
  const where = e.path ?? (e.address ? `${e.address}:${e.port}` : undefined);
  switch (e.code) {
    case "EADDRINUSE":
      return `${e.address ?? "127.0.0.1"}:${e.port} is already in use by another program: pick another port`;
    case "EADDRNOTAVAIL":
      return `${where}: this address is not available on this machine`;
    case "EACCES":
    case "EPERM":
      return `${where ?? "a file"}: permission denied`;
    case "EROFS":
      return `${where}: read-only file system`;
    case "ENOTDIR":
      return `${where}: part of this path is a file, not a folder`;
    case "EEXIST":
      return e.syscall === "mkdir" ? `${where} exists and is not a folder` : `${where} already exists`;
    case "ENOENT":
      return `${where}: no such file or folder`;
    case "EISDIR":
      return `${where} is a folder, not a file`;
    case "ENOSPC":
      return `${where ?? "disk"}: no space left on the device`;
    case "ERR_SOCKET_BAD_PORT":
      return e.message.split("\n")[0];
    default:
      return undefined;
  }
}

/** The one-line message and exit code for `err`; `bug` when it is not the user's mistake. */
export function describeError(err: unknown): { message: string; exitCode: number; bug: boolean } {
  const e = err as SystemError;
  if (e && USER_ERRORS.has(e.name)) return { message: e.message, exitCode: (e as CliError).exitCode ?? 2, bug: false };
  const sys = e && systemMessage(e);
  if (sys) return { message: sys, exitCode: 2, bug: false };
  const first = String(e?.message ?? err)
    .split("\n")[0]!
    .slice(0, 300);
  return { message: `internal error: ${first} (MESHTWIN_DEBUG=1 prints the stack)`, exitCode: 70, bug: true };
}

/** A port flag's value: a whole number 0–65535 (0: any free port). */
export function parsePort(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 65535)
      throw new InvalidArgumentError(`${flag} takes a port number 0–65535, got '${value}'`);
    return n;
  };
}
