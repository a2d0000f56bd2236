import '@bpmn-io/form-js/dist/assets/form-js.css';

import { Form, Numberfield } from '@bpmn-io/form-js';
import flatpickr from 'flatpickr';
import { German } from 'flatpickr/dist/l10n/de.js';

import { language as currentLanguage, type Language } from '../../shared/i18n';
import { formatGermanAmount, localiseFormMessage } from './form-messages';

/** The parts of form-js's field definitions this module reads. */
interface FieldDefinition {
  readonly id: string;
  readonly type: string;
  readonly subtype?: string;
  readonly disallowPassedDates?: boolean;
  readonly decimalDigits?: number;
}

interface FieldInstance {
  readonly id: string;
}

interface ValidatorService {
  validateFieldInstance(instance: FieldInstance, value: unknown): string[];
}

interface FormFieldRegistryService {
  get(id: string): FieldDefinition | undefined;
}

interface FormFieldsService {
  register(type: string, field: unknown): void;
}

export interface TaskFormOptions {
  readonly container: HTMLElement;
  /** The language of messages and labels; read whenever a field is checked or drawn. */
  readonly language?: () => Language;
  /** Today's date, for fields that allow no past dates; the browser's clock by default. */
  readonly today?: () => Date;
}

/**
 * The task list's form-js viewer, in the designer's language. form-js has no German locale and no translation
 * hook, so this uses what it offers instead, its modules:
 *
 * - the validator is decorated: its English messages are translated (the same wording as the engine's API), and it
 *   checks what the server checks beyond form-js (no past dates where the field forbids them), so the browser
 *   and the server never disagree;
 * - read-only and disabled number fields show amounts the German way (7.350,20);
 * - the date picker (flatpickr, which form-js draws it with) shows German months and weekdays, weeks from Monday;
 * - the few fixed English texts of form-js's fields (buttons, placeholders, labels for screen readers) are
 *   translated where they appear, since form-js writes them into its markup directly.
 */
export function createTaskForm(options: TaskFormOptions): Form {
  const language = options.language ?? currentLanguage;
  const today = options.today ?? (() => new Date());
  // form-js creates its date pickers without a locale: they take flatpickr's default, set here for the form to come.
  flatpickr.localize(language() === 'de' ? German : flatpickr.l10ns.default);

  class LocalisedValidation {
    static $inject = ['validator', 'formFieldRegistry'];

    constructor(validator: ValidatorService, registry: FormFieldRegistryService) {
      const validate = validator.validateFieldInstance.bind(validator);
      validator.validateFieldInstance = (instance, value) => {
        const field = registry.get(instance.id);
        const errors = [...validate(instance, value), ...(field ? serverChecks(field, value, today()) : [])];
        const shown = language();
        return errors.map((message) => localiseFormMessage(message, shown));
      };
    }
  }

  class LocalisedFields {
    static $inject = ['formFields'];

    constructor(formFields: FormFieldsService) {
      formFields.register('number', localisedNumberfield(language));
    }
  }

  const form = new Form({
    container: options.container,
    additionalModules: [
      {
        __init__: ['localisedValidation', 'localisedFields'],
        localisedValidation: ['type', LocalisedValidation],
        localisedFields: ['type', LocalisedFields],
      },
    ],
  });
  translateFixedTexts(options.container, language, form);
  return form;
}

/** What the server refuses beyond form-js's own checks, for values a person can still see in the form. */
export function serverChecks(field: FieldDefinition, value: unknown, today: Date): string[] {
  if (field.type !== 'datetime' || !field.disallowPassedDates || typeof value !== 'string') {
    return [];
  }
  const day = calendarDay(field.subtype ?? 'date', value);
  return day !== null && day < isoDay(today) ? ['Date must not be in the past.'] : [];
}

/** The local calendar day ("2026-11-23") a date or date-time value names; null for anything else. */
function calendarDay(subtype: string, value: string): string | null {
  if (subtype === 'date') {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  }
  if (subtype !== 'datetime') {
    return null;
  }
  const match = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) {
    return null;
  }
  // With an offset the value is an instant: its day is the day where the browser is.
  return match[2] === undefined ? (match[1] ?? null) : isoDay(new Date(value));
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface NumberfieldProps {
  readonly readonly?: boolean;
  readonly disabled?: boolean;
  readonly value?: unknown;
  readonly field: FieldDefinition;
}

type FieldComponent = ((props: NumberfieldProps) => unknown) & { config: unknown };

/**
 * form-js's number field, showing a value nobody can change as an amount in German (7.350,20); what someone types
 * stays as form-js takes it (it reads a comma as the decimal point).
 */
function localisedNumberfield(language: () => Language): FieldComponent {
  const stock = Numberfield as unknown as FieldComponent;
  const localised = (props: NumberfieldProps) => {
    const fixed = props.readonly === true || props.disabled === true;
    if (fixed && language() === 'de' && (typeof props.value === 'number' || typeof props.value === 'string')) {
      return stock({ ...props, value: formatGermanAmount(props.value, props.field.decimalDigits) });
    }
    return stock(props);
  };
  return Object.assign(localised, { config: stock.config });
}

/** form-js's fixed texts, German. Text of the page (buttons, hints) and of attributes (placeholders, labels). */
const germanTexts: readonly (readonly [RegExp, string])[] = [
  [/^Select$/, 'Auswählen'],
  [/^Search$/, 'Suchen'],
  [/^Add new$/, 'Hinzufügen'],
  [/^Collapse$/, 'Zuklappen'],
  [/^Expand all \((\d+)\)$/, 'Alle aufklappen ($1)'],
  [/^Remove list item (\d+)$/, 'Eintrag $1 entfernen'],
  [/^No results$/, 'Keine Treffer'],
  [/^All values selected$/, 'Alle Werte ausgewählt'],
  [/^Skip to search$/, 'Zur Suche springen'],
  [/^Remove tag$/, 'Schlagwort entfernen'],
  [/^Increment$/, 'Erhöhen'],
  [/^Decrement$/, 'Verringern'],
  [/^Nothing to show\.$/, 'Nichts anzuzeigen.'],
  [/^Previous page$/, 'Vorige Seite'],
  [/^Next page$/, 'Nächste Seite'],
  [/^Click to remove sorting$/, 'Sortierung aufheben'],
  [/^Click to sort by (.+) ascending$/, 'Aufsteigend nach $1 sortieren'],
  [/^Click to sort by (.+) descending$/, 'Absteigend nach $1 sortieren'],
  [/^No files selected$/, 'Keine Dateien ausgewählt'],
  [/^Unable to download document$/, 'Das Dokument kann nicht geladen werden'],
  [/^Download (.+)$/, '$1 herunterladen'],
  [/^dd\.mm\.yyyy$/, 'TT.MM.JJJJ'],
];

const translatedAttributes = ['aria-label', 'title', 'placeholder'] as const;

/** The German of one of form-js's fixed texts or messages; null when the text is none of them. */
export function germanFixedText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return null;
  }
  for (const [pattern, german] of germanTexts) {
    if (pattern.test(trimmed)) {
      return text.replace(trimmed, trimmed.replace(pattern, german));
    }
  }
  const message = localiseFormMessage(trimmed, 'de');
  return message === trimmed ? null : text.replace(trimmed, message);
}

function translateFixedTexts(container: HTMLElement, language: () => Language, form: Form): void {
  const translate = (root: Node) => {
    if (language() !== 'de') {
      return;
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node: Node | null = walker.currentNode; node !== null; node = walker.nextNode()) {
      if (node instanceof Text) {
        const german = germanFixedText(node.data);
        if (german !== null && german !== node.data) {
          node.data = german;
        }
      } else if (node instanceof Element) {
        for (const attribute of translatedAttributes) {
          const value = node.getAttribute(attribute);
          const german = value === null ? null : germanFixedText(value);
          if (german !== null && german !== value) {
            node.setAttribute(attribute, german);
          }
        }
      }
    }
  };
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      translate(mutation.target);
    }
  });
  observer.observe(container, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...translatedAttributes],
  });
  translate(container);
  form.on('form.destroy', () => observer.disconnect());
}
