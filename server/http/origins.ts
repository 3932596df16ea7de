/** Whether a request's Origin may talk to us. Requests without Origin (servers, CLIs) are not browsers. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  return allowed.includes(origin);
}
