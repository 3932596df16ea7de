const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "14:05" in the reader's locale. */
export const formatTime = (iso: string): string => timeFormat.format(new Date(iso));

/** "Today", "Yesterday", or "Friday, 7 March". */
export function formatDay(iso: string, now = new Date()): string {
  const day = new Date(iso);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const diffDays = Math.round((startOf(now) - startOf(day)) / 86_400_000);
  if (diffDays === 0) return 'Today';
  if (diffDays === 1) return 'Yesterday';
  return dayFormat.format(day);
}

/** For `title` and `datetime` tooltips. */
export const formatFull = (iso: string): string => fullFormat.format(new Date(iso));

/** Characters left before the 4,000 limit, shown only near it. */
export const MAX_BODY = 4000;

/** Length as the server counts it: code points after trimming (an emoji is one). */
export const bodyLength = (text: string): number => [...text.trim()].length;

export function charactersLeft(text: string): number | null {
  const left = MAX_BODY - bodyLength(text);
  return left <= 400 ? left : null;
}

/** A badge for roles other than students: mentors, admins and guests are marked. */
export function roleBadge(role: string): string | null {
  if (role === 'MENTOR') return 'Mentor';
  if (role === 'ADMIN') return 'Admin';
  if (role === 'GUEST') return 'Guest';
  return null;
}
