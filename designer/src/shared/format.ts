import { locale } from './i18n';

/** What a table shows for a value that is not there. */
export const none = '–';

/** "23.11.2026, 08:00" in German, "23 Nov 2026, 08:00" in English; an unreadable date is shown as sent. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return none;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Like {@link formatDateTime} with seconds, for a journal where several commands fall into one minute. */
export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) {
    return none;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** The text cut to `max` characters, an ellipsis marking the cut. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What an editor's warning or a caught error says: its message, or the value as text. */
export function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
