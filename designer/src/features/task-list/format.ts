import { locale, t } from '../../shared/i18n';

/** "23.11.2026, 08:00" in German, "23 Nov 2026, 08:00" in English; an unreadable date is shown as sent. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return t('tasks.none');
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function isOverdue(dueDate: string | null | undefined, now: Date): boolean {
  if (!dueDate) {
    return false;
  }
  const due = new Date(dueDate).getTime();
  return !Number.isNaN(due) && due < now.getTime();
}
