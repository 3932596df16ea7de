import { badInput } from '../errors.js';

export const MAX_REASON_CHARS = 500;
export const MAX_MUTE_MINUTES = 30 * 24 * 60;
export const MAX_RETENTION_DAYS = 3650;
export const DAY_MS = 86_400_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Trims a free-text reason (a report's, a resolution, an admin's reason to delete an account)
 * and checks it: well-formed Unicode, at most 500 characters counted as code points.
 * Null or blank gives null when the reason is optional.
 */
export function reasonText(raw: string | null | undefined, field: string, required: boolean): string | null {
  const text = raw?.trim() ?? '';
  if (!text) {
    if (required) throw badInput(`A ${field} is required (1 to ${MAX_REASON_CHARS} characters).`, field);
    return null;
  }
  if (LONE_SURROGATE.test(text)) throw badInput(`The ${field} is not valid text.`, field);
  if ([...text].length > MAX_REASON_CHARS) {
    throw badInput(`A ${field} is at most ${MAX_REASON_CHARS} characters.`, field);
  }
  return text;
}

export function muteMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MUTE_MINUTES) {
    throw badInput(`A mute lasts 1 to ${MAX_MUTE_MINUTES} minutes (30 days).`, 'minutes');
  }
  return minutes;
}

/** Null keeps messages for ever (the default). */
export function retentionDays(days: number | null | undefined): number | null {
  if (days == null) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw badInput(`Retention is 1 to ${MAX_RETENTION_DAYS} days, or null to keep messages.`, 'days');
  }
  return days;
}
