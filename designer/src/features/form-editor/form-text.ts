import type { TextEditor } from '../editor-page';
import { formFileContent, parseFormSchema, type FormSchema } from './form-schema';

/** The parts of form-js's FormEditor the page frame reads and writes through. */
export interface SchemaEditor {
  importSchema(schema: FormSchema): Promise<{ readonly warnings: readonly unknown[] }>;
  getSchema(): unknown;
}

/**
 * form-js's editor as the text of a `.form` file. A text that is no form is refused before form-js sees it: form-js
 * clears the editor before it reads a schema.
 */
export function formTextEditor(editor: SchemaEditor): TextEditor {
  return {
    check: (text) => void parseFormSchema(text),
    importText: async (text) => editor.importSchema(parseFormSchema(text)),
    // form-js throws rather than rejects: made a rejection, as the frame expects.
    exportText: () => Promise.resolve().then(() => formFileContent(editor.getSchema())),
    contentType: 'application/json',
  };
}
