import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';

import { FormEditor, schemaVersion } from '@bpmn-io/form-js';

import type { FormSummary } from '../../shared/api';
import { downloadFile, h, replaceChildren, setText, type Text } from '../../shared/dom';
import { messageOf } from '../../shared/format';
import { DraftStore } from '../../shared/draft-store';
import { formatDateTime } from '../../shared/format';
import { t } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import {
  exporter,
  formFileContent,
  formFileName,
  formIdOf,
  formIdProblem,
  newFormSchema,
  parseFormSchema,
  type FormSchema,
} from './form-schema';

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

const draftDelayMs = 300;

/**
 * Formulare: the form-js editor for user-task and start forms. Works like the Modeler: the form is kept in the
 * browser after each change and restored on the next visit; a failed open or deploy never replaces what is shown.
 */
export function createFormEditorView(context: ViewContext): View {
  const drafts = new DraftStore('prozessengine.forms.draft');
  const notices = new NoticeArea();
  const editorElement = h('div', {
    class: 'form-editor-canvas',
    role: 'region',
    attrs: { 'aria-label': 'forms.editor' },
  });
  const fileInput = h('input', {
    id: 'forms-open-file',
    type: 'file',
    accept: '.form,.json,application/json',
    class: 'visually-hidden',
    'data-testid': 'open-form-file',
    onchange: () => void openFile(),
  });
  const deployButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    text: 'forms.deploy',
    'data-testid': 'deploy-form',
    onclick: () => void deploy(),
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
  const openDialog = createOpenDialog();

  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', attrs: { 'aria-label': 'forms.toolbar' } },
    h('button', {
      type: 'button',
      class: 'button',
      text: 'forms.new',
      'data-testid': 'new-form',
      onclick: () => void newForm(true),
    }),
    h('button', {
      type: 'button',
      class: 'button',
      text: 'forms.open',
      'aria-haspopup': 'dialog',
      'data-testid': 'open-deployed-form',
      onclick: () => void openDialog.open(),
    }),
    h(
      'span',
      { class: 'file-button' },
      fileInput,
      h('label', { for: 'forms-open-file', class: 'button', text: 'forms.openFile' }),
    ),
    h('button', {
      type: 'button',
      class: 'button',
      text: 'forms.download',
      'data-testid': 'download-form',
      onclick: () => download(),
    }),
    deployButton,
  );

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

  const element = h(
    'section',
    { class: 'forms', 'aria-labelledby': 'forms-heading' },
    h(
      'div',
      { class: 'modeler-head forms-head' },
      h('h1', { id: 'forms-heading', class: 'visually-hidden', tabindex: '-1', text: 'forms.heading' }),
      toolbar,
      idField,
    ),
    notices.element,
    editorElement,
    openDialog.element,
  );

  const editor = new FormEditor({ container: editorElement, exporter: { ...exporter } });

  let dirty = false;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let hasForm = false;
  let storageWarned = false;

  editor.on('commandStack.changed', () => {
    dirty = true;
    syncIdInput();
    scheduleDraft();
  });

  function scheduleDraft(): void {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => saveDraft(), draftDelayMs);
  }

  function saveDraft(): void {
    clearTimeout(draftTimer);
    const schema = currentSchema();
    if (schema !== undefined && !drafts.save({ content: JSON.stringify(schema), dirty }) && !storageWarned) {
      storageWarned = true;
      notices.warning('forms.storageFull');
    }
  }

  function currentSchema(): FormSchema | undefined {
    if (!hasForm) {
      return undefined;
    }
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

  /**
   * Shows `schema`, or keeps the current form when it cannot be read. A replaced form with unsaved changes can be
   * brought back from the notice.
   */
  async function importForm(schema: FormSchema, success: () => void): Promise<boolean> {
    const previous = currentSchema();
    const previousDirty = dirty;
    try {
      const { warnings } = await editor.importSchema(schema);
      hasForm = true;
      dirty = false;
      syncIdInput();
      saveDraft();
      if (warnings.length > 0) {
        notices.warning(
          warnings.length === 1
            ? 'forms.importWarningsOne'
            : { key: 'forms.importWarnings', params: { count: warnings.length } },
          warnings.map(messageOf),
        );
      } else if (previous !== undefined && previousDirty) {
        notices.info('forms.replaced', {
          label: 'forms.undoReplace',
          run: () =>
            void importForm(previous, () => undefined).then(() => {
              dirty = true;
              saveDraft();
            }),
        });
      } else {
        success();
      }
      return true;
    } catch (error) {
      if (previous !== undefined) {
        // form-js clears the editor before it reads the new schema.
        await editor.importSchema(previous).catch(() => undefined);
        dirty = previousDirty;
        syncIdInput();
      }
      notices.error(error, 'forms.importFailed', previous !== undefined ? { hint: 'forms.importFailedKept' } : {});
      return false;
    }
  }

  /** Parses first, so that a file that is no form never reaches the editor. */
  async function importText(text: string, success: () => void): Promise<boolean> {
    let schema: FormSchema;
    try {
      schema = parseFormSchema(text);
    } catch (error) {
      notices.error(error, 'forms.importFailed', hasForm ? { hint: 'forms.importFailedKept' } : {});
      return false;
    }
    return importForm(schema, success);
  }

  async function newForm(focusId: boolean): Promise<void> {
    const ok = await importForm(newFormSchema(schemaVersion), () => notices.success('forms.created'));
    if (ok && focusId) {
      // The generated id is a placeholder; the user usually names the form first.
      idInput.focus();
      idInput.select();
    }
  }

  async function openFile(): Promise<void> {
    const file = fileInput.files?.[0];
    if (!file) {
      return;
    }
    try {
      const text = await file.text();
      await importText(text, () => notices.success({ key: 'forms.opened', params: { name: file.name } }));
    } finally {
      // Picking the same file again must fire `change` again.
      fileInput.value = '';
    }
  }

  /** The schema to save, with the id field applied; undefined (and a notice) when it cannot be saved. */
  function schemaToSave(): FormSchema | undefined {
    if (!applyFormId(idInput.value)) {
      idInput.focus();
      return undefined;
    }
    const schema = currentSchema();
    if (schema === undefined) {
      notices.error(new Error(t('forms.exportFailed')));
      return undefined;
    }
    return schema;
  }

  function download(): void {
    const schema = schemaToSave();
    if (schema === undefined) {
      return;
    }
    const fileName = formFileName(formIdOf(schema));
    downloadFile(fileName, formFileContent(schema), 'application/json');
    dirty = false;
    saveDraft();
    notices.success({ key: 'forms.downloaded', params: { fileName } });
  }

  async function deploy(): Promise<void> {
    const schema = schemaToSave();
    if (schema === undefined) {
      return;
    }
    const formId = formIdOf(schema);
    deployButton.disabled = true;
    element.setAttribute('aria-busy', 'true');
    notices.info('forms.deploying');
    try {
      const result = await context.api.deploy([
        { fileName: formFileName(formId), content: formFileContent(schema), contentType: 'application/json' },
      ]);
      const deployed =
        result.deployments.find((entry) => entry.form?.formId === formId)?.form ??
        result.deployments.find((entry) => entry.form)?.form;
      dirty = false;
      saveDraft();
      notices.success({
        key: 'forms.deployed',
        params: { version: deployed?.version ?? '?', formId: deployed?.formId ?? formId },
      });
    } catch (error) {
      notices.error(error, 'forms.deployFailed');
    } finally {
      deployButton.disabled = false;
      element.removeAttribute('aria-busy');
    }
  }

  function createOpenDialog(): { element: HTMLDialogElement; open: () => Promise<void> } {
    const list = h('div', { class: 'process-list' });
    const dialogNotices = new NoticeArea();
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'open-form-dialog-heading' },
      h('h2', { id: 'open-form-dialog-heading', text: 'forms.openDialogTitle' }),
      dialogNotices.element,
      list,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', text: 'forms.cancel', onclick: () => dialog.close() }),
      ),
    );

    async function open(): Promise<void> {
      dialogNotices.clear();
      replaceChildren(list, h('p', { text: 'forms.openDialogLoading' }));
      dialog.showModal();
      let forms: readonly FormSummary[];
      try {
        forms = (await context.api.searchForms({ isLatestVersion: true }, { from: 0, limit: 1000 })).items;
      } catch (error) {
        list.replaceChildren();
        dialogNotices.error(error);
        return;
      }
      if (forms.length === 0) {
        replaceChildren(list, h('p', { text: 'forms.openDialogEmpty' }));
        return;
      }
      const sorted = [...forms].sort((a, b) => a.formId.localeCompare(b.formId));
      replaceChildren(
        list,
        h(
          'ul',
          {},
          ...sorted.map((form) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'process-choice',
                  'data-testid': 'open-form',
                  'data-form-id': form.formId,
                  onclick: () => void load(form),
                },
                h('span', { class: 'process-name' }, form.formId),
                h('span', { class: 'process-meta' }, formMeta(form)),
              ),
            ),
          ),
        ),
      );
      list.querySelector<HTMLButtonElement>('button')?.focus();
    }

    async function load(form: FormSummary): Promise<void> {
      let schemaText: string;
      try {
        schemaText = (await context.api.form(form.formKey)).schema;
      } catch (error) {
        dialogNotices.error(error);
        return;
      }
      dialog.close();
      await importText(schemaText, () => notices.success({ key: 'forms.opened', params: { name: form.formId } }));
    }

    return { element: dialog, open };
  }

  return {
    element,
    show: () => {
      if (started) {
        return;
      }
      started = true;
      const draft = drafts.load();
      if (draft) {
        void importText(draft.content, () => undefined).then((ok) => {
          if (ok) {
            dirty = draft.dirty;
            notices.info('forms.restored');
          } else {
            void newForm(false);
          }
        });
      } else {
        void newForm(false);
      }
    },
    hide: () => {
      saveDraft();
    },
  };
}

function formMeta(form: FormSummary): string {
  const version = t('forms.version', { version: form.version });
  return form.createdAt ? `${version} · ${t('forms.deployedAt', { date: formatDateTime(form.createdAt) })}` : version;
}

/** form-js reports import warnings as Error objects. */
