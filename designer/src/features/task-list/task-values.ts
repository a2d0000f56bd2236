import { formatDateTime, none } from '../../shared/format';
import { locale, t } from '../../shared/i18n';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A column value as a clerk reads it, in the page's language: 7350.2 as "7.350,20" (amounts show cents),
 * "2026-11-23" as "23.11.2026", booleans as Ja/Nein, lists and objects as JSON.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return none;
  }
  if (typeof value === 'number') {
    return new Intl.NumberFormat(locale(), {
      minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
      maximumFractionDigits: 6,
    }).format(value);
  }
  if (typeof value === 'boolean') {
    return t(value ? 'taskList.yes' : 'taskList.no');
  }
  if (typeof value === 'string') {
    if (isoDate.test(value)) {
      const date = new Date(`${value}T00:00:00Z`);
      return Number.isNaN(date.getTime())
        ? value
        : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
    }
    return isoDateTime.test(value) ? formatDateTime(value) : value;
  }
  return JSON.stringify(value);
}

/** A variable name as a column heading: "rechnungsnummer" as "Rechnungsnummer", "kassenZeichen" as "Kassen zeichen". */
export function columnLabel(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-zäöüß])([A-ZÄÖÜ])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
