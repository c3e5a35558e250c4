import type { GroupCommit, Sub } from "./group-commit.js";

/**
 * A Map that writes through to a sublevel: `set` and `delete` queue a durable write,
 * reads are from memory. It is what `NodeHost`'s `disk` expects, so a host persists to
 * level without knowing it; the cached-peer and record stores are the same thing.
 * Values must be JSON-serializable.
 */
export class PersistentMap<V> extends Map<string, V> {
  private writer: GroupCommit | undefined;
  private sub: Sub | undefined;

  /** Loads every entry of `sub` (in key order), then writes through on each change. */
  static async load<V>(sub: Sub, writer: GroupCommit): Promise<PersistentMap<V>> {
    const map = new PersistentMap<V>();
    for await (const [key, value] of sub.iterator()) Map.prototype.set.call(map, key, JSON.parse(value) as V);
    map.sub = sub;
    map.writer = writer;
    return map;
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    if (this.writer && this.sub) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`persisted value for '${key}' is not JSON-serializable`);
      this.writer.enqueue({ type: "put", sub: this.sub, key, value: json });
    }
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had && this.writer && this.sub) this.writer.enqueue({ type: "del", sub: this.sub, key });
    return had;
  }

  override clear(): void {
    for (const key of [...this.keys()]) this.delete(key);
  }

  /** Resolves when every change so far is on disk. */
  flush(): Promise<void> {
    return this.writer ? this.writer.flush() : Promise.resolve();
  }
}
