import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';

import { FormEditor, schemaVersion } from '@bpmn-io/form-js';

import type { FormSummary } from '../../shared/api';
import { h, setText, type Text } from '../../shared/dom';
import { formatDateTime } from '../../shared/format';
import { t } from '../../shared/i18n';
import type { View, ViewContext } from '../../shared/view';
import { createEditorPage } from '../editor-page';
import {
  exporter,
  formFileContent,
  formFileName,
  formIdOf,
  formIdProblem,
  newFormSchema,
  type FormSchema,
} from './form-schema';
import { formTextEditor } from './form-text';

/** The parts of form-js's editor services we call; form-js types them as `any`. */
interface FormField {
  readonly id: string;
  readonly type: string;
}

interface FormFieldRegistry {
  get(id: string): FormField | undefined;
}

interface Modeling {
  editFormField(field: FormField, property: string, value: unknown): void;
}

/**
 * Formulare: the form-js editor for user-task and start forms, in the frame the editor pages share (toolbar, drafts,
 * open and deploy), with the form's id beside the toolbar.
 */
export function createFormEditorView(context: ViewContext): View {
  const editorElement = h('div', {
    class: 'form-editor-canvas',
    role: 'region',
    attrs: { 'aria-label': 'forms.editor' },
  });
  const idInput = h('input', {
    id: 'form-id',
    type: 'text',
    'data-testid': 'form-id',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'form-id-hint form-id-error',
    onchange: () => applyFormId(idInput.value),
  });
  const idError = h('p', { id: 'form-id-error', class: 'field-error', hidden: true });
  const idField = h(
    'form',
    {
      class: 'form-id-field',
      novalidate: true,
      onsubmit: (event: Event) => {
        // Enter in the id field applies it; there is nothing to send.
        event.preventDefault();
        applyFormId(idInput.value);
      },
    },
    h('label', { for: 'form-id', text: 'forms.formId' }),
    idInput,
    h('p', { id: 'form-id-hint', class: 'hint visually-hidden', text: 'forms.formIdHint' }),
    idError,
  );

  const editor = new FormEditor({ container: editorElement, exporter: { ...exporter } });

  const page = createEditorPage<FormSummary>({
    page: 'forms',
    className: 'forms',
    draftKey: 'prozessengine.forms.draft',
    accept: '.form,.json,application/json',
    testIds: {
      new: 'new-form',
      open: 'open-deployed-form',
      openFile: 'open-form-file',
      download: 'download-form',
      deploy: 'deploy-form',
    },
    editor: formTextEditor(editor),
    newDocument: () => formFileContent(newFormSchema(schemaVersion)),
    fileName: () => formFileName(formIdOf(currentSchema())),
    deployed: {
      search: async () =>
        [...(await context.api.searchForms({ isLatestVersion: true }, { from: 0, limit: 1000 })).items].sort((a, b) =>
          a.formId.localeCompare(b.formId),
        ),
      label: (form) => form.formId,
      meta: formMeta,
      content: async (form) => (await context.api.form(form.formKey)).schema,
      testId: 'open-form',
      dataAttribute: ['data-form-id', (form) => form.formId],
    },
    head: { className: 'forms-head', besideToolbar: [idField] },
    body: [editorElement],
    createdByUser: () => {
      // The generated id is a placeholder; the user usually names the form first.
      idInput.focus();
      idInput.select();
    },
    prepareSave: () => {
      if (applyFormId(idInput.value)) {
        return true;
      }
      idInput.focus();
      return false;
    },
    deploy,
  });
  const notices = page.notices;

  editor.on('commandStack.changed', () => {
    page.changed();
    syncIdInput();
  });
  // After every import, also one that failed and was undone: the id shown is the id of the form shown.
  editor.on('import.done', () => syncIdInput());

  function currentSchema(): FormSchema | undefined {
    try {
      return editor.getSchema() as FormSchema;
    } catch {
      return undefined;
    }
  }

  /** Shows the id of the form on screen, unless the user is typing a new one. */
  function syncIdInput(): void {
    if (document.activeElement !== idInput) {
      idInput.value = formIdOf(currentSchema());
      showIdProblem(undefined);
    }
  }

  function showIdProblem(problem: Text | undefined): void {
    idError.hidden = problem === undefined;
    if (problem === undefined) {
      idInput.removeAttribute('aria-invalid');
      idError.textContent = '';
    } else {
      idInput.setAttribute('aria-invalid', 'true');
      setText(idError, problem);
    }
  }

  /** Makes `value` the form's id through form-js's modeling, so it can be undone like any other edit. */
  function applyFormId(value: string): boolean {
    const id = value.trim();
    const problem = formIdProblem(id);
    if (problem) {
      showIdProblem(problem);
      return false;
    }
    const current = formIdOf(currentSchema());
    if (id === current) {
      showIdProblem(undefined);
      idInput.value = id;
      return true;
    }
    const registry = editor.get<FormFieldRegistry>('formFieldRegistry');
    const root = registry.get(current);
    if (registry.get(id)) {
      showIdProblem({ key: 'forms.idTaken', params: { id } });
      return false;
    }
    if (!root) {
      return false;
    }
    editor.get<Modeling>('modeling').editFormField(root, 'id', id);
    idInput.value = id;
    showIdProblem(undefined);
    return true;
  }

  async function deploy(content: string): Promise<void> {
    const formId = formIdOf(currentSchema());
    const result = await context.api.deploy([
      { fileName: formFileName(formId), content, contentType: 'application/json' },
    ]);
    const deployed =
      result.deployments.find((entry) => entry.form?.formId === formId)?.form ??
      result.deployments.find((entry) => entry.form)?.form;
    notices.success({
      key: 'forms.deployed',
      params: { version: deployed?.version ?? '?', formId: deployed?.formId ?? formId },
    });
  }

  return { element: page.element, show: page.show, hide: page.hide };
}

function formMeta(form: FormSummary): string {
  const version = t('forms.version', { version: form.version });
  return form.createdAt ? `${version} · ${t('forms.deployedAt', { date: formatDateTime(form.createdAt) })}` : version;
}
