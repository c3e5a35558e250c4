/**
 * Fails fast, naming the field (`gossip.fanout must be an integer ≥ 0, got -1`), unless
 * every listed field of an actor's configuration is a whole number of at least `min`.
 * Configuration is validated once, at the factory, never per event.
 */
export function requireIntegers<C extends object>(actor: string, cfg: C, keys: readonly (keyof C & string)[], min = 1) {
  for (const key of keys) {
    const value = cfg[key] as unknown;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min)
      throw new RangeError(`${actor}.${key} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}
