/** Why a node store could not be opened. */
export type StoreOpenReason = "missing" | "locked" | "damaged" | "not-a-directory" | "unwritable";

const WHY: Record<StoreOpenReason, string> = {
  missing: "holds no meshtwin node data",
  locked: "is locked by another process (a running meshtwin node?)",
  damaged: "holds a damaged node database",
  "not-a-directory": "is not a directory",
  unwritable: "cannot be written",
};

/** A data dir that cannot be opened, said in one line naming the dir. */
export class StoreOpenError extends Error {
  override readonly name = "StoreOpenError";

  constructor(
    readonly dir: string,
    readonly reason: StoreOpenReason,
    detail?: string,
  ) {
    super(`data dir ${dir} ${WHY[reason]}${detail ? ` (${detail})` : ""}`);
  }
}

type Coded = { code?: string; message?: string; cause?: unknown };

/** Classifies what `mkdir` or LevelDB's `open` threw for `dir`. */
export function storeOpenError(dir: string, err: unknown): StoreOpenError {
  if (err instanceof StoreOpenError) return err;
  const e = err as Coded;
  const cause = (e.cause ?? e) as Coded;
  const code = cause.code ?? e.code ?? "";
  const text = String(cause.message ?? e.message ?? err).split("\n")[0]!;
  if (code === "LEVEL_LOCKED") return new StoreOpenError(dir, "locked");
  if (code === "ENOTDIR" || code === "EEXIST") return new StoreOpenError(dir, "not-a-directory", text);
  if (code === "EACCES" || code === "EPERM" || code === "EROFS" || /permission denied|read-only/i.test(text))
    return new StoreOpenError(dir, "unwritable", text);
  return new StoreOpenError(dir, "damaged", text);
}
