// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Form } from '@bpmn-io/form-js';

import { createTaskForm } from './form-view';

/**
 * The cases the engine's FormValidationCaseTests run too (tests/forms-validation-cases/README.md): here form-js
 * itself opens each form and submits it, and so does the task list's German form. Both must report the errors the
 * server reports, with the same messages, and submit the same data.
 */

interface CaseError {
  readonly fieldId: string;
  readonly indexes?: readonly number[];
  readonly path: string;
  readonly code: string;
  readonly en: string;
  readonly de: string;
}

interface Case {
  readonly name: string;
  readonly schema: string | Record<string, unknown>;
  readonly variables?: Record<string, unknown>;
  readonly submitted: Record<string, unknown>;
  readonly errors: readonly CaseError[];
  readonly submits?: Record<string, unknown>;
  readonly browser?: 'same' | 'cannotSend' | 'serverOnly';
  readonly reason?: string;
}

interface CaseFile {
  readonly today: string;
  readonly schemas: Readonly<Record<string, Record<string, unknown>>>;
  readonly cases: readonly Case[];
}

// Relative to this file, so it holds wherever the tests run from; the count below fails loudly if it ever finds nothing.
const files = import.meta.glob<CaseFile>('../../../../tests/forms-validation-cases/*.json', {
  eager: true,
  import: 'default',
});

/** The errors form-js's own validator reports; the task list's form adds the browser-side ones of the server's. */
const formJsCodes = new Set([
  'required',
  'pattern',
  'min',
  'max',
  'minInvalid',
  'maxInvalid',
  'minLength',
  'maxLength',
  'phone',
  'email',
  'notANumber',
  'decimalDigits',
  'increment',
]);
const taskFormCodes = new Set([...formJsCodes, 'pastDate']);

let forms: Form[] = [];

afterEach(() => {
  for (const form of forms) {
    form.destroy();
  }
  forms = [];
  document.body.replaceChildren();
});

function container(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  return element;
}

async function open(form: Form, schema: unknown, data: Record<string, unknown>): Promise<Form> {
  forms.push(form);
  await form.importSchema(schema, data);
  return form;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data a person ends up with who opens the form with the variables and enters the submitted values. */
function merge(under: unknown, over: unknown): unknown {
  if (isRecord(under) && isRecord(over)) {
    const merged: Record<string, unknown> = { ...under };
    for (const [key, value] of Object.entries(over)) {
      merged[key] = merge(merged[key], value);
    }
    return merged;
  }
  return over;
}

function segments(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const segment of segments(path)) {
    if (Array.isArray(current) && typeof segment === 'number') {
      current = current[segment];
    } else if (isRecord(current) && typeof segment === 'string') {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** form-js's errors object: messages by field id, and by row index below it for fields in dynamic lists. */
function errorsObject(errors: readonly CaseError[], message: (error: CaseError) => string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const error of errors) {
    const path: (string | number)[] = [error.fieldId, ...(error.indexes ?? [])];
    let target: Record<string | number, unknown> = result;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string | number;
      target[key] ??= typeof path[i + 1] === 'number' ? [] : {};
      target = target[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1] as string | number;
    target[last] = [...((target[last] as string[] | undefined) ?? []), message(error)];
  }
  return result;
}

function findField(schema: unknown, id: string): Record<string, unknown> | undefined {
  if (!isRecord(schema)) {
    return undefined;
  }
  if (schema['id'] === id) {
    return schema;
  }
  const components = schema['components'];
  return Array.isArray(components) ? components.map((c) => findField(c, id)).find((f) => f !== undefined) : undefined;
}

const entries = Object.entries(files);

it('finds the shared cases', () => {
  expect(entries.length).toBeGreaterThanOrEqual(8);
  expect(entries.flatMap(([, file]) => file.cases).length).toBeGreaterThanOrEqual(50);
});

for (const [path, file] of entries) {
  const [year = 0, month = 1, day = 1] = file.today.split('-').map(Number);
  const today = new Date(year, month - 1, day, 12);

  describe(path.split('/').pop() ?? path, () => {
    for (const item of file.cases) {
      const schema = typeof item.schema === 'string' ? file.schemas[item.schema] : item.schema;
      const data = merge(item.variables ?? {}, item.submitted) as Record<string, unknown>;
      const browser = item.browser ?? 'same';

      if (browser === 'same') {
        it(`${item.name}: form-js reports the same errors and submits the same data`, async () => {
          expect(item.errors.every((error) => taskFormCodes.has(error.code))).toBe(true);
          const form = await open(new Form({ container: container() }), schema, data);

          const result = form.submit();

          expect(result.errors).toEqual(
            errorsObject(
              item.errors.filter((error) => formJsCodes.has(error.code)),
              (error) => error.en,
            ),
          );
          if (item.submits) {
            expect(result.data).toEqual(item.submits);
          }
        });

        it(`${item.name}: the task list's form says it in German and in English`, async () => {
          for (const language of ['de', 'en'] as const) {
            const form = await open(
              createTaskForm({ container: container(), language: () => language, today: () => today }),
              schema,
              data,
            );

            const result = form.submit();

            expect(result.errors).toEqual(
              errorsObject(item.errors, (error) => (language === 'de' ? error.de : error.en)),
            );
            if (item.submits) {
              expect(result.data).toEqual(item.submits);
            }
          }
        });
      } else if (browser === 'cannotSend') {
        it(`${item.name}: form-js cannot send it, it cleans the value or refuses to open it`, async () => {
          const form = new Form({ container: container() });
          forms.push(form);
          const opened = await form.importSchema(schema, data).then(
            () => true,
            () => false,
          );
          if (!opened) {
            return;
          }

          // Some fields clean a value once they have drawn their options (an effect after rendering).
          await vi.waitFor(() => {
            const sent = form.submit().data;
            for (const error of item.errors) {
              expect(valueAt(sent, error.path), error.path).not.toEqual(valueAt(item.submitted, error.path));
            }
          });
        });
      } else {
        it(`${item.name}: form-js's input does not allow it (${item.reason ?? ''})`, async () => {
          const element = container();
          await open(new Form({ container: element }), schema, item.variables ?? {});

          for (const error of item.errors) {
            const field = findField(schema, error.fieldId);
            expect(field, error.fieldId).toBeDefined();
            if (field?.['type'] === 'dynamiclist') {
              expect(field['allowAddRemove']).toBe(false);
              expect(element.querySelector('.fjs-repeat-render-add')).toBeNull();
            } else {
              const input = element.querySelector<HTMLInputElement>(`[id$="-${error.fieldId}"]`);
              expect(input, error.fieldId).not.toBeNull();
              expect(input?.readOnly === true || input?.disabled === true).toBe(true);
            }
          }
        });
      }
    }
  });
}
