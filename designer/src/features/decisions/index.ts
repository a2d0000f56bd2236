import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './decisions.css';

import DmnModeler, { type DmnView } from 'dmn-js/lib/Modeler';

import { ApiError } from '../../shared/api';
import { h, replaceChildren, uniqueId } from '../../shared/dom';
import { onLanguageChange, t, type MessageKey } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { createEditorPage, deploymentWarnings, xmlEditor } from '../editor-page';
import { deployedDecisions, graphLabel, latestVersions, type DecisionRequirements, type DeployedDecision } from './api';
import { deploymentDiagnostics, type Diagnostic } from './diagnostics';
import { buildEvaluationRequest, describeEvaluation, type EvaluationView } from './evaluation';
import { applyMarks, labelRuleNumberColumn } from './marks';
import { decisionsOf, owningDrgElement, sampleVariables, type DmnElement } from './model';
import { dmnFileName, newDecisionXml } from './template';
import { dmnTranslationModule } from './translations';

interface Canvas {
  zoom(level: 'fit-viewport', center: 'auto'): number;
  resized(): void;
  scrollToElement(element: unknown): void;
}

/**
 * The Decisions page: DMN diagrams in dmn-js (decision requirements graph, decision tables, literal and boxed
 * expressions), deployed like processes, and a test bench that evaluates a deployed decision with sample inputs and
 * marks the rules that matched. The diagram is kept in the browser like the Modeler's.
 */
export function createDecisionsView(context: ViewContext): View {
  const api = context.api;
  const canvasElement = h('div', {
    class: 'decisions-canvas',
    role: 'region',
    'data-testid': 'decisions-canvas',
    attrs: { 'aria-label': 'decisions.canvas' },
  });
  const viewList = h('ul', { class: 'decisions-view-list' });
  // Problems of the last deployment, beside the diagram.
  const problemsSection = h('section', {
    class: 'decisions-problems',
    'aria-labelledby': 'decisions-problems-heading',
    'data-testid': 'dmn-problems',
    hidden: true,
  });

  // The test bench.
  const decisionSelect = h('select', {
    id: 'decisions-test-decision',
    'data-testid': 'test-decision',
    onchange: () => decisionChosen(),
  });
  const inputsHintId = uniqueId('decisions-inputs-hint');
  const inputsErrorId = uniqueId('decisions-inputs-error');
  const inputsText = h('textarea', {
    id: 'decisions-test-inputs',
    class: 'decisions-inputs',
    rows: 8,
    spellcheck: 'false',
    'aria-describedby': `${inputsHintId} ${inputsErrorId}`,
    'data-testid': 'test-inputs',
    oninput: () => {
      inputsEdited = true;
      inputsError.replaceChildren();
      inputsText.removeAttribute('aria-invalid');
    },
  });
  const inputsError = h('p', { id: inputsErrorId, class: 'field-error', 'aria-live': 'polite' });
  const versionHint = h('p', { class: 'decisions-hint', 'data-testid': 'test-version-hint' });
  const evaluateButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    text: 'decisions.testEvaluate',
    'data-testid': 'evaluate-decision',
    onclick: () => void evaluate(),
  });
  const testNotices = new NoticeArea();
  const resultArea = h('div', { class: 'decisions-result', 'data-testid': 'evaluation-result' });
  const testForm = h(
    'div',
    { class: 'decisions-test-form' },
    h('label', { for: 'decisions-test-decision', text: 'decisions.testDecision' }),
    decisionSelect,
    h('label', { for: 'decisions-test-inputs', text: 'decisions.testInputs' }),
    inputsText,
    h('p', { id: inputsHintId, class: 'decisions-hint', text: 'decisions.testInputsHint' }),
    inputsError,
    versionHint,
    h(
      'div',
      { class: 'decisions-test-actions' },
      h('button', {
        type: 'button',
        class: 'button',
        text: 'decisions.testSample',
        'data-testid': 'test-sample',
        onclick: () => insertSample(),
      }),
      evaluateButton,
    ),
  );
  const noDecision = h('p', { text: 'decisions.testNoDecision', hidden: true });

  const modeler = new DmnModeler({
    container: canvasElement,
    drd: { additionalModules: [dmnTranslationModule] },
    decisionTable: { additionalModules: [dmnTranslationModule] },
    literalExpression: { additionalModules: [dmnTranslationModule] },
    boxedExpression: { additionalModules: [dmnTranslationModule] },
  });

  const page = createEditorPage<DecisionRequirements>({
    page: 'decisions',
    className: 'decisions',
    draftKey: 'prozessengine.decisions.draft',
    accept: '.dmn,.xml,application/xml,text/xml',
    testIds: {
      new: 'new-dmn',
      open: 'open-deployed-dmn',
      openFile: 'open-dmn-file',
      download: 'download-dmn',
      deploy: 'deploy-dmn',
    },
    editor: xmlEditor(modeler),
    newDocument: newDecisionXml,
    fileName,
    deployed: {
      search: async () => latestVersions((await api.searchDecisionRequirements()).items),
      label: graphLabel,
      meta: (graph) => `${graph.decisionRequirementsId} · ${t('decisions.version', { version: graph.version })}`,
      content: (graph) => api.decisionRequirementsXml(graph.decisionRequirementsKey),
      testId: 'open-drg',
      dataAttribute: ['data-drg-id', (graph) => graph.decisionRequirementsId],
    },
    body: [
      h('nav', { class: 'decisions-views', attrs: { 'aria-label': 'decisions.views' } }, viewList),
      h(
        'div',
        { class: 'decisions-body' },
        canvasElement,
        h(
          'aside',
          { class: 'decisions-side', attrs: { 'aria-label': 'decisions.side' } },
          problemsSection,
          h(
            'section',
            { class: 'decisions-test', 'aria-labelledby': 'decisions-test-heading' },
            h('h2', { id: 'decisions-test-heading', text: 'decisions.test' }),
            noDecision,
            testForm,
            testNotices.element,
            resultArea,
          ),
        ),
      ),
    ],
    imported: forgetPreviousDiagram,
    deploy,
    deployFailed,
    shownAgain: () => {
      // The canvas was measured while hidden.
      if (modeler.getActiveView()?.type === 'drd') {
        modeler.getActiveViewer()?.get<Canvas>('canvas').resized();
      }
    },
  });
  const notices = page.notices;

  let inputsEdited = false;
  let chosenDecisionId: string | undefined;
  /** What the last deployment from this page answered, per decision id; forgotten when another diagram is opened. */
  let deployed = new Map<string, DeployedDecision>();
  let changedSinceDeploy = false;
  let diagnostics: readonly Diagnostic[] = [];
  let evaluation: EvaluationView | undefined;

  modeler.on('viewer.created', (event) => {
    const { viewer } = event as { viewer: { on(name: string, callback: (event: unknown) => void): void } };
    viewer.on('elements.changed', () => refreshDecisions());
    // A change by the user; opening a view clears the stack ('clear'), which changes nothing in the model.
    viewer.on('commandStack.changed', (change) => {
      if ((change as { trigger?: string }).trigger === 'clear') {
        return;
      }
      changedSinceDeploy = deployed.size > 0;
      page.changed();
      updateVersionHint();
    });
  });
  modeler.on('views.changed', () => {
    renderViewList();
    refreshDecisions();
    scheduleMarks();
  });

  // dmn-js redraws a table after every change and on opening it: our marks go on again after each redraw.
  let marksFrame: number | undefined;
  const observer = new MutationObserver(() => scheduleMarks());
  observer.observe(canvasElement, { childList: true, subtree: true });

  function scheduleMarks(): void {
    if (marksFrame !== undefined) {
      return;
    }
    marksFrame = requestAnimationFrame(() => {
      marksFrame = undefined;
      const decisionId = modeler.getActiveView()?.element.id;
      labelRuleNumberColumn(canvasElement, t('decisions.ruleNumber'));
      applyMarks(canvasElement, {
        matchedRules: (decisionId ? evaluation?.matchedRuleIds.get(decisionId) : undefined) ?? new Set<string>(),
        problems: new Set(diagnostics.flatMap((diagnostic) => (diagnostic.elementId ? [diagnostic.elementId] : []))),
      });
    });
  }

  onLanguageChange(() => {
    // Labels of dmn-js are drawn once; opening the view again draws them in the new language.
    const active = modeler.getActiveView();
    if (active) {
      void modeler.open(active).catch(() => undefined);
    }
    renderViewList();
    refreshDecisions();
    renderProblems();
    renderResult();
    updateVersionHint();
  });

  function definitions(): DmnElement | undefined {
    const root = modeler.getDefinitions() as DmnElement | undefined;
    return root ?? undefined;
  }

  /** A diagram was opened: what was deployed, checked and evaluated belonged to the previous one. */
  function forgetPreviousDiagram(): void {
    deployed = new Map();
    changedSinceDeploy = false;
    diagnostics = [];
    evaluation = undefined;
    inputsEdited = false;
    chosenDecisionId = undefined;
    renderProblems();
    renderResult();
    refreshDecisions();
  }

  function fileName(): string {
    return dmnFileName(definitions()?.id ?? 'entscheidung');
  }

  async function deploy(xml: string): Promise<void> {
    const result = await api.deploy([{ fileName: fileName(), content: xml, contentType: 'application/xml' }]);
    const { requirements, decisions } = deployedDecisions(result.deployments);
    deployed = new Map(decisions.map((decision) => [decision.decisionDefinitionId, decision]));
    changedSinceDeploy = false;
    diagnostics = [];
    renderProblems();
    scheduleMarks();
    const graph = requirements[0];
    const listed = decisions
      .map((decision) =>
        t('decisions.deployedDecision', {
          name: decision.name?.trim() || decision.decisionDefinitionId,
          version: decision.version,
        }),
      )
      .join(', ');
    notices.successWithWarnings(
      {
        key: 'decisions.deployed',
        params: {
          version: graph?.version ?? decisions[0]?.version ?? '?',
          id: graph?.decisionRequirementsId ?? definitions()?.id ?? '?',
          decisions: listed,
        },
      },
      deploymentWarnings(result),
      { onElement: (elementId) => void showElement(elementId) },
    );
    updateVersionHint();
  }

  function deployFailed(error: unknown): void {
    diagnostics = deploymentDiagnostics(error, definitions());
    renderProblems();
    scheduleMarks();
    if (diagnostics.length > 0 && error instanceof ApiError) {
      // The list stands beside the diagram, where each problem leads to its element; the notice only heads it.
      notices.error(new ApiError(error.status, { ...error.problem, errors: undefined }), 'decisions.deployFailed', {
        hint: 'decisions.problemsBeside',
      });
    } else {
      notices.error(error, 'decisions.deployFailed');
    }
  }

  function renderProblems(): void {
    problemsSection.hidden = diagnostics.length === 0;
    replaceChildren(
      problemsSection,
      h('h2', { id: 'decisions-problems-heading', text: 'decisions.problems' }),
      h('p', { text: { key: 'decisions.problemsCount', params: { count: diagnostics.length } } }),
      h(
        'ul',
        { class: 'problem-list' },
        ...diagnostics.map((diagnostic) =>
          h(
            'li',
            {
              'data-testid': 'dmn-problem',
              ...(diagnostic.elementId ? { 'data-element-id': diagnostic.elementId } : {}),
            },
            diagnostic.elementId
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'link-button',
                    attrs: { title: { key: 'decisions.showProblem', params: { elementId: diagnostic.elementId } } },
                    onclick: () => void showElement(diagnostic.elementId ?? ''),
                  },
                  t('error.elementLabel', { elementId: diagnostic.elementId }),
                )
              : null,
            diagnostic.drgElementName && diagnostic.drgElementId !== diagnostic.elementId
              ? ` ${t('decisions.problemIn', { name: diagnostic.drgElementName })}`
              : '',
            diagnostic.line !== undefined
              ? ` (${t('error.position', { line: diagnostic.line, column: diagnostic.column ?? 1 })})`
              : '',
            diagnostic.elementId || diagnostic.line !== undefined ? ': ' : '',
            diagnostic.message,
          ),
        ),
      ),
    );
  }

  /** Opens the view that holds the element and points at it: selected in the graph, marked in a table. */
  async function showElement(elementId: string): Promise<void> {
    const owner = owningDrgElement(definitions(), elementId);
    const views = modeler.getViews();
    const ownView = owner && owner.id !== elementId ? views.find((view) => view.element.id === owner.id) : undefined;
    const target = ownView ?? views.find((view) => view.type === 'drd');
    if (!target) {
      return;
    }
    if (modeler.getActiveView() !== target) {
      await modeler.open(target).catch(() => undefined);
    }
    if (target.type === 'drd') {
      const viewer = modeler.getActiveViewer();
      const shape = viewer?.get<{ get(id: string): unknown }>('elementRegistry').get(owner?.id ?? elementId);
      if (viewer && shape) {
        viewer.get<{ select(element: unknown): void }>('selection').select(shape);
        viewer.get<Canvas>('canvas').scrollToElement(shape);
      }
      return;
    }
    scheduleMarks();
    const cell = canvasElement.querySelector<HTMLElement>(`[data-element-id="${elementId.replace(/["\\]/g, '\\$&')}"]`);
    cell?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  function renderViewList(): void {
    const active = modeler.getActiveView();
    replaceChildren(
      viewList,
      ...modeler.getViews().map((view) =>
        h(
          'li',
          {},
          h('button', {
            type: 'button',
            class: 'decisions-view-button',
            'data-testid': 'dmn-view',
            'data-view-id': view.id,
            'data-view-type': view.type,
            'aria-current': view === active ? 'true' : false,
            text: viewLabel(view),
            onclick: () => void modeler.open(view).catch((error: unknown) => notices.error(error)),
          }),
        ),
      ),
    );
  }

  function refreshDecisions(): void {
    const decisions = decisionsOf(definitions());
    noDecision.hidden = decisions.length > 0;
    testForm.hidden = decisions.length === 0;
    if (decisions.length === 0) {
      decisionSelect.replaceChildren();
      return;
    }
    const keep = decisions.some((decision) => decision.id === chosenDecisionId)
      ? chosenDecisionId
      : (
          decisions.find((decision) => decision.requiredDecisions.length === 0 && decision.kind === 'decisionTable') ??
          decisions[0]
        )?.id;
    replaceChildren(
      decisionSelect,
      ...decisions.map((decision) =>
        h(
          'option',
          { value: decision.id, selected: decision.id === keep },
          decision.name === decision.id ? decision.id : `${decision.name} (${decision.id})`,
        ),
      ),
    );
    decisionSelect.value = keep ?? '';
    if (keep !== chosenDecisionId) {
      chosenDecisionId = keep;
      if (!inputsEdited) {
        insertSample();
      }
    }
    updateVersionHint();
  }

  function decisionChosen(): void {
    chosenDecisionId = decisionSelect.value;
    if (!inputsEdited) {
      insertSample();
    }
    updateVersionHint();
  }

  function insertSample(): void {
    if (!chosenDecisionId) {
      return;
    }
    inputsText.value = JSON.stringify(sampleVariables(definitions(), chosenDecisionId), null, 2);
    inputsEdited = false;
    inputsError.replaceChildren();
    inputsText.removeAttribute('aria-invalid');
  }

  function updateVersionHint(): void {
    const deployedDecision = chosenDecisionId ? deployed.get(chosenDecisionId) : undefined;
    if (!deployedDecision) {
      replaceChildren(versionHint, t('decisions.testLatest'));
      return;
    }
    replaceChildren(
      versionHint,
      t('decisions.testDeployed', { version: deployedDecision.version }),
      changedSinceDeploy ? ` ${t('decisions.testChanged')}` : '',
    );
  }

  async function evaluate(): Promise<void> {
    if (!chosenDecisionId) {
      return;
    }
    const deployedDecision = deployed.get(chosenDecisionId);
    const built = buildEvaluationRequest(
      {
        decisionDefinitionId: chosenDecisionId,
        decisionDefinitionKey: deployedDecision?.decisionDefinitionKey,
      },
      inputsText.value,
    );
    if (!built.ok) {
      inputsText.setAttribute('aria-invalid', 'true');
      replaceChildren(
        inputsError,
        built.problem.kind === 'syntax'
          ? t('decisions.testSyntax', { message: built.problem.message })
          : t('decisions.testNotObject'),
      );
      inputsText.focus();
      return;
    }
    evaluateButton.disabled = true;
    resultArea.setAttribute('aria-busy', 'true');
    testNotices.info('decisions.evaluating');
    try {
      evaluation = describeEvaluation(await api.evaluateDecision(built.request));
      testNotices.clear();
    } catch (error) {
      evaluation = undefined;
      testNotices.error(error, 'decisions.evaluateFailed');
    } finally {
      evaluateButton.disabled = false;
      resultArea.removeAttribute('aria-busy');
    }
    renderResult();
    scheduleMarks();
  }

  function renderResult(): void {
    if (!evaluation) {
      resultArea.replaceChildren();
      return;
    }
    const result = evaluation;
    const decisionName = (id: string): string =>
      result.decisions.find((decision) => decision.decisionId === id)?.name ?? id;
    replaceChildren(
      resultArea,
      h('h3', {
        text: { key: 'decisions.result', params: { name: decisionName(result.decisionId), version: result.version } },
      }),
      h('p', { class: 'decisions-result-label', text: 'decisions.resultOutput' }),
      h('pre', { class: 'decisions-output', 'data-testid': 'evaluation-output' }, result.output),
      result.failure
        ? h('p', {
            class: 'field-error',
            role: 'alert',
            'data-testid': 'evaluation-failure',
            text: {
              key: 'decisions.resultFailed',
              params: { decision: decisionName(result.failure.decisionId), message: result.failure.message },
            },
          })
        : null,
      ...result.decisions.map((decision) =>
        h(
          'section',
          {
            class: 'decisions-evaluated',
            'data-testid': 'evaluated-decision',
            'data-decision-id': decision.decisionId,
          },
          h('h4', {
            text: {
              key: 'decisions.resultDecision',
              params: { name: decision.name, id: decision.decisionId },
            },
          }),
          decision.inputs.length > 0
            ? h(
                'dl',
                { class: 'decisions-inputs-list', attrs: { 'aria-label': 'decisions.resultInputs' } },
                ...decision.inputs.flatMap((input) => [h('dt', {}, input.name), h('dd', {}, input.value)]),
              )
            : null,
          decision.type === 'DECISION_TABLE' || decision.matchedRules.length > 0
            ? h('p', { class: 'decisions-result-label', text: 'decisions.resultRules' })
            : null,
          decision.matchedRules.length > 0
            ? h(
                'ul',
                { class: 'decisions-rules' },
                ...decision.matchedRules.map((rule) =>
                  h(
                    'li',
                    { 'data-testid': 'matched-rule', 'data-rule-id': rule.ruleId, 'data-rule-index': rule.ruleIndex },
                    h('strong', { text: { key: 'decisions.resultRule', params: { index: rule.ruleIndex } } }),
                    ` (${rule.ruleId})`,
                    rule.outputs.length > 0
                      ? `: ${rule.outputs.map((output) => `${output.name} = ${output.value}`).join(', ')}`
                      : '',
                  ),
                ),
              )
            : decision.type === 'DECISION_TABLE'
              ? h('p', { 'data-testid': 'no-rule-matched', text: 'decisions.resultNoRule' })
              : null,
          decision.matchedRules.length > 0 && modeler.getViews().some((view) => view.id === decision.decisionId)
            ? h('button', {
                type: 'button',
                class: 'button button-secondary',
                text: 'decisions.showRules',
                'data-testid': 'show-matched-rules',
                onclick: () => void showDecision(decision.decisionId),
              })
            : null,
        ),
      ),
    );
  }

  async function showDecision(decisionId: string): Promise<void> {
    const view = modeler.getViews().find((candidate) => candidate.id === decisionId);
    if (view && modeler.getActiveView() !== view) {
      await modeler.open(view).catch((error: unknown) => notices.error(error));
    }
    scheduleMarks();
  }

  return { element: page.element, show: page.show, hide: page.hide };
}

function viewLabel(view: DmnView): { key: MessageKey; params?: Record<string, string> } {
  const name = view.name?.trim() || view.id;
  switch (view.type) {
    case 'drd':
      return { key: 'decisions.view.drd' };
    case 'decisionTable':
      return { key: 'decisions.view.decisionTable', params: { name } };
    case 'literalExpression':
      return { key: 'decisions.view.literalExpression', params: { name } };
    case 'boxedExpression':
      return { key: 'decisions.view.boxedExpression', params: { name } };
  }
}
