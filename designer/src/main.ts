import './styles.css';

import { AppShell } from './features/app-shell';
import { createLoginView } from './features/login';
import { ApiClient } from './shared/api';

const root = document.getElementById('app');
if (!root) {
  throw new Error('index.html has no #app element.');
}

// The client's 401 handler needs the shell, which needs the client: the handler runs only after both exist.
const api = new ApiClient({ onUnauthorized: () => shell.requireLogin() });
const shell = new AppShell(root, api, {
  login: createLoginView,
  // bpmn-js and form-js are large: each page loads its own on first visit.
  modeler: async (context) => (await import('./features/modeler')).createModelerView(context),
  entscheidungen: async (context) => (await import('./features/decisions')).createDecisionsView(context),
  formulare: async (context) => (await import('./features/form-editor')).createFormEditorView(context),
  aufgaben: async (context) => (await import('./features/task-list')).createTaskListView(context),
  vertretungen: async (context) => (await import('./features/substitutions')).createSubstitutionsView(context),
  cockpit: async (context) => (await import('./features/cockpit')).createCockpitView(context),
});
void shell.start();
