import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import {
  FormFileError,
  formFileContent,
  formFileName,
  formIdOf,
  formIdProblem,
  newFormSchema,
  parseFormSchema,
} from './form-schema';

describe('form schema handling', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('makes an empty Camunda 8 form with a generated id', () => {
    const schema = newFormSchema(18, () => 0);

    expect(schema).toEqual({
      components: [],
      type: 'default',
      id: 'Form_aaaaaaa',
      executionPlatform: 'Camunda Cloud',
      executionPlatformVersion: '8.6.0',
      exporter: { name: 'ProzessEngine Designer', version: '0.1.0' },
      schemaVersion: 18,
    });
    expect(formIdProblem(formIdOf(schema))).toBeUndefined();
    expect(formIdOf(newFormSchema(18))).not.toBe(formIdOf(newFormSchema(18)));
  });

  it('reads a form file, also with a byte order mark, and keeps unknown properties', () => {
    const schema = parseFormSchema('\uFEFF{"id":"antrag","components":[{"type":"textfield","key":"name"}],"x":1}');

    expect(formIdOf(schema)).toBe('antrag');
    expect(schema.components).toHaveLength(1);
    expect(schema['x']).toBe(1);
  });

  it('refuses what is not a form, with a German message', () => {
    expect(() => parseFormSchema('{kein json')).toThrow(FormFileError);
    expect(() => parseFormSchema('{kein json')).toThrow(/^Die Datei ist kein gültiges JSON: /);
    expect(() => parseFormSchema('[]')).toThrow(
      'Die Datei ist kein form-js-Formular: Es fehlt die Liste „components“.',
    );
    expect(() => parseFormSchema('{"id":"a","components":{}}')).toThrow(FormFileError);
    expect(() => parseFormSchema('null')).toThrow(FormFileError);
  });

  it('accepts XML-name ids and says what is wrong with others', () => {
    expect(formIdProblem('antrag-wohngeld_v2.1')).toBeUndefined();
    expect(formIdProblem('_intern')).toBeUndefined();
    expect(formIdProblem('')).toEqual({ key: 'forms.idRequired' });
    expect(formIdProblem('   ')).toEqual({ key: 'forms.idRequired' });
    expect(formIdProblem('1antrag')).toEqual({ key: 'forms.idInvalid' });
    expect(formIdProblem('antrag wohngeld')).toEqual({ key: 'forms.idInvalid' });
    expect(formIdProblem('ns:antrag')).toEqual({ key: 'forms.idInvalid' });
    expect(formIdProblem('a'.repeat(256))).toEqual({ key: 'forms.idTooLong', params: { max: 255 } });
  });

  it('reads the id only when it is a string', () => {
    expect(formIdOf({ id: 'antrag' })).toBe('antrag');
    expect(formIdOf({ id: 7 })).toBe('');
    expect(formIdOf(null)).toBe('');
  });

  it('names the file after the form id and keeps it a plain file name', () => {
    expect(formFileName('sachlich-richtig')).toBe('sachlich-richtig.form');
    expect(formFileName('../a b"c')).toBe('.._a_b_c.form');
    expect(formFileName('')).toBe('form.form');
  });

  it('writes indented JSON with a final newline', () => {
    expect(formFileContent({ id: 'a', components: [] })).toBe('{\n  "id": "a",\n  "components": []\n}\n');
  });
});
