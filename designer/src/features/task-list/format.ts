export { formatDateTime } from '../../shared/format';

export function isOverdue(dueDate: string | null | undefined, now: Date): boolean {
  if (!dueDate) {
    return false;
  }
  const due = new Date(dueDate).getTime();
  return !Number.isNaN(due) && due < now.getTime();
}
