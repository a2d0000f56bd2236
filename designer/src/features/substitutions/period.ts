import { formatDateTime } from '../../shared/format';
import { locale } from '../../shared/i18n';

/** Whether the instant is midnight where the browser is (the administration's zone, for a clerk in the office). */
function isLocalMidnight(date: Date): boolean {
  return date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
}

function formatDay(date: Date): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);
}

/** The start of a substitution: a day when it starts at midnight, else day and time. */
export function formatFrom(iso: string): string {
  const date = new Date(iso);
  return isLocalMidnight(date) ? formatDay(date) : formatDateTime(iso);
}

/**
 * The end of a substitution as people say it: the server keeps the instant it ends (exclusive), so one that ends at
 * midnight ran through the day before, which is the day shown.
 */
export function formatTo(iso: string): string {
  const date = new Date(iso);
  if (!isLocalMidnight(date)) {
    return formatDateTime(iso);
  }
  const lastDay = new Date(date);
  lastDay.setDate(lastDay.getDate() - 1);
  return formatDay(lastDay);
}

/** `max, lena , max` → [max, lena]. */
export function userIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    ),
  ];
}
