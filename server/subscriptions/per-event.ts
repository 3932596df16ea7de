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
    // One lookup on the common path: it runs once per subscriber of every event.
    const known = derived.get(event);
    if (known !== undefined || derived.has(event)) return known as T;
    const value = derive(event, ...rest);
    derived.set(event, value);
    return value;
  };
}
