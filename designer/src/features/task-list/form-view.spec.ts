// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Form } from '@bpmn-io/form-js';

import { formatGermanAmount, germanNumber, localiseFormMessage } from './form-messages';
import { createTaskForm, germanFixedText } from './form-view';

const invoice = {
  id: 'rechnung',
  type: 'default',
  components: [
    { id: 'Field_Lieferant', type: 'textfield', key: 'lieferant', label: 'Lieferant', readonly: true },
    { id: 'Field_Betrag', type: 'number', key: 'betrag', label: 'Betrag (EUR)', readonly: true, decimalDigits: 2 },
    { id: 'Field_Skonto', type: 'number', key: 'skonto', label: 'Skonto (EUR)', decimalDigits: 2 },
    {
      id: 'List_Positionen',
      type: 'dynamiclist',
      path: 'positionen',
      label: 'Positionen',
      components: [{ id: 'Field_Text', type: 'textfield', key: 'text', label: 'Text' }],
    },
  ],
};

let forms: Form[] = [];

afterEach(() => {
  for (const form of forms) {
    form.destroy();
  }
  forms = [];
  document.body.replaceChildren();
});

async function open(
  language: 'de' | 'en',
  data: Record<string, unknown>,
): Promise<{ element: HTMLElement; form: Form }> {
  const element = document.createElement('div');
  document.body.append(element);
  const form = createTaskForm({ container: element, language: () => language });
  forms.push(form);
  await form.importSchema(invoice, data);
  return { element, form };
}

function input(element: HTMLElement, fieldId: string): HTMLInputElement {
  const found = element.querySelector<HTMLInputElement>(`input[id$="-${fieldId}"]`);
  if (!found) {
    throw new Error(`No input for ${fieldId}`);
  }
  return found;
}

describe('the task list form', () => {
  it('shows the task variables of its fields', async () => {
    const { element } = await open('de', { lieferant: 'Bürobedarf Müller GmbH', betrag: 7350.2, andere: 1 });

    expect(input(element, 'Field_Lieferant').value).toBe('Bürobedarf Müller GmbH');
  });

  it('shows an amount nobody can change the German way and submits it unchanged', async () => {
    const { element, form } = await open('de', { lieferant: 'Müller', betrag: 7350.2 });

    expect(input(element, 'Field_Betrag').value).toBe('7.350,20');
    expect(form.submit().data['betrag']).toBe(7350.2);
  });

  it('leaves amounts as form-js shows them in English', async () => {
    const { element } = await open('en', { betrag: 7350.2 });

    expect(input(element, 'Field_Betrag').value).toBe('7350.2');
  });

  it("translates form-js's fixed texts", async () => {
    const { element } = await open('de', { positionen: [{ text: 'Papier' }] });

    await vi.waitFor(() => {
      expect(element.querySelector('.fjs-repeat-render-add')?.textContent.trim()).toBe('Hinzufügen');
      expect(element.querySelector('.fjs-repeat-row-remove')?.getAttribute('aria-label')).toBe('Eintrag 1 entfernen');
    });
  });

  it('opens the date picker in German', async () => {
    const element = document.createElement('div');
    document.body.append(element);
    const form = createTaskForm({ container: element, language: () => 'de' });
    forms.push(form);
    await form.importSchema(
      {
        type: 'default',
        components: [{ id: 'Field_Frist', type: 'datetime', key: 'frist', subtype: 'date', dateLabel: 'Frist' }],
      },
      { frist: '2026-03-02' },
    );

    await vi.waitFor(() => {
      expect(element.querySelector('.flatpickr-weekday')?.textContent.trim()).toBe('Mo');
      expect(element.querySelector('.flatpickr-monthDropdown-month[value="2"]')?.textContent).toBe('März');
    });
  });

  it('shows validation messages in German', async () => {
    const { form } = await open('de', { skonto: 1.234 });

    expect(form.submit().errors).toEqual({ Field_Skonto: ['Der Wert darf höchstens 2 Nachkommastellen haben.'] });
  });
});

describe('form texts', () => {
  it('writes numbers the German way without rounding', () => {
    expect(germanNumber('7350.2')).toBe('7.350,2');
    expect(germanNumber('-1234567.125')).toBe('-1.234.567,125');
    expect(germanNumber('1e+21')).toBe('1e+21');
    expect(formatGermanAmount(7350.2, 2)).toBe('7.350,20');
    expect(formatGermanAmount('0.1', 0)).toBe('0,1');
    expect(formatGermanAmount(12, undefined)).toBe('12');
  });

  it("keeps a form author's own message", () => {
    expect(localiseFormMessage('Bitte fünf Ziffern eingeben.', 'de')).toBe('Bitte fünf Ziffern eingeben.');
    expect(localiseFormMessage('Field is required.', 'en')).toBe('Field is required.');
  });

  it('translates only the texts form-js writes', () => {
    expect(germanFixedText('Add new')).toBe('Hinzufügen');
    expect(germanFixedText(' Expand all (3) ')).toBe(' Alle aufklappen (3) ');
    expect(germanFixedText('Date and time must both be entered.')).toBe('Bitte geben Sie Datum und Uhrzeit ein.');
    expect(germanFixedText('Lieferant')).toBeNull();
  });
});
