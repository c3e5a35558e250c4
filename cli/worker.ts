export async function workerCommand(_o: { queue: string; jobs?: number; scenario?: string }): Promise<number> {
  return 1;
}
