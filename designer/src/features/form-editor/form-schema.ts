import type { Text } from '../../shared/dom';
import { messageOf } from '../../shared/format';
import { t } from '../../shared/i18n';
import { executionPlatform, executionPlatformVersion, randomIdSuffix } from '../../shared/camunda-platform';

/** The top level of a form-js schema, as far as we read it; everything else is kept as it is. */
export interface FormSchema {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly components: readonly unknown[];
  readonly [property: string]: unknown;
}

/** Written into every schema we save, as Camunda Modeler writes its own name. */
export const exporter = { name: 'ProzessEngine Designer', version: '0.1.0' } as const;

export const maxFormIdLength = 255;

/**
 * An empty form with a Camunda-style id, marked as a Camunda 8 form so that Camunda Modeler opens it as one and
 * our engine and Camunda read it the same way.
 */
export function newFormSchema(schemaVersion: number, random: () => number = Math.random): FormSchema {
  return {
    components: [],
    type: 'default',
    id: `Form_${randomIdSuffix(random)}`,
    executionPlatform,
    executionPlatformVersion,
    exporter: { ...exporter },
    schemaVersion,
  };
}

/** An error whose message is meant for the user as it is. */
export class FormFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormFileError';
  }
}

/**
 * Reads a `.form` file or a deployed schema. Only a JSON object with a `components` list is a form: anything else
 * is refused before the editor sees it, so the form on screen stays as it was.
 */
export function parseFormSchema(text: string): FormSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FormFileError(t('forms.notJson', { message: messageOf(error) }));
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Array.isArray((parsed as FormSchema).components)
  ) {
    throw new FormFileError(t('forms.notAForm'));
  }
  return parsed as FormSchema;
}

export function formIdOf(schema: { readonly id?: unknown } | null | undefined): string {
  return typeof schema?.id === 'string' ? schema.id : '';
}

/**
 * What is wrong with a form id, or undefined when it is fine. The rule is form-js's own for the form's id (an XML
 * name without a prefix), so a form accepted here also opens in Camunda Modeler.
 */
export function formIdProblem(id: string): Text | undefined {
  if (id.trim().length === 0) {
    return { key: 'forms.idRequired' };
  }
  if (id.length > maxFormIdLength) {
    return { key: 'forms.idTooLong', params: { max: maxFormIdLength } };
  }
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(id)) {
    return { key: 'forms.idInvalid' };
  }
  return undefined;
}

/** A file name that cannot escape a folder or break a multipart header. */
export function formFileName(formId: string): string {
  const safe = formId.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe.length > 0 ? safe : 'form'}.form`;
}

/** The schema as a `.form` file: indented like Camunda Modeler's, ending with a newline. */
export function formFileContent(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
