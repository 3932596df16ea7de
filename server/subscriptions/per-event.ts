/**
 * Derives one value per event object, so every subscriber of an event receives the same
 * object and the shared executor (server/execution/) runs the event once for all of them.
 * Extra arguments must follow from the event (e.g. the room of the topic it came on).
 */
export function perEvent<E extends object, A extends unknown[], T>(
  derive: (event: E, ...rest: A) => T,
): (event: E, ...rest: A) => T {
  const derived = new WeakMap<E, T>();
  return (event, ...rest) => {
    if (derived.has(event)) return derived.get(event) as T;
    const value = derive(event, ...rest);
    derived.set(event, value);
    return value;
  };
}
