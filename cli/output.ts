/**
 * What a user's terminal gets: colour only on a terminal and never when `NO_COLOR` is set
 * (no-color.org), progress only on a terminal; a pipe or a file gets plain lines. Every
 * table, progress bar and coloured line of the CLI asks here.
 */

type Stream = Pick<NodeJS.WriteStream, "isTTY">;

/** True when `stream` may carry ANSI colour: a terminal, `NO_COLOR` unset or empty, `TERM` not `dumb`. */
export function colourOn(stream: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** True when a redrawn progress bar makes sense on `stream` (a terminal); elsewhere, progress is a few plain lines. */
export function progressOn(stream: Stream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** cli-table3 options: its default red headings and grey borders only where colour is on. */
export function tableStyle(stream: Stream = process.stdout): { style?: { head: string[]; border: string[] } } {
  return colourOn(stream) ? {} : { style: { head: [], border: [] } };
}
