import { t } from '../i18n';
import { isRecord } from '../json';

/** RFC 7807 problem details as the Host sends them (docs/api.md). */
export interface ProblemDetails {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly elementId?: string;
  /** Either a list of problems (deployments) or field → messages (validation). */
  readonly errors?: unknown;
}

/** One line of what went wrong, normalised from the different shapes of `errors`. */
export interface ProblemEntry {
  readonly message: string;
  readonly elementId?: string;
  readonly resource?: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ? `${problem.title ?? ''}: ${problem.detail}` : (problem.title ?? `HTTP ${status}`));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get entries(): ProblemEntry[] {
    return problemEntries(this.problem);
  }
}

export function problemEntries(problem: ProblemDetails): ProblemEntry[] {
  const entries: ProblemEntry[] = [];
  const { errors } = problem;
  if (Array.isArray(errors)) {
    for (const error of errors) {
      const entry = toEntry(error);
      if (entry) {
        entries.push(entry);
      }
    }
  } else if (isRecord(errors)) {
    for (const [field, messages] of Object.entries(errors)) {
      const list = Array.isArray(messages) ? messages : [messages];
      for (const message of list) {
        if (typeof message === 'string' && message.length > 0) {
          entries.push({ field, message });
        }
      }
    }
  }
  if (entries.length === 0 && problem.elementId && problem.detail) {
    entries.push({ elementId: problem.elementId, message: problem.detail });
  }
  return entries;
}

function toEntry(error: unknown): ProblemEntry | undefined {
  if (typeof error === 'string') {
    return error.length > 0 ? { message: error } : undefined;
  }
  if (!isRecord(error)) {
    return undefined;
  }
  const message = stringOf(error['message']) ?? stringOf(error['detail']) ?? stringOf(error['title']);
  if (message === undefined) {
    return undefined;
  }
  return {
    message,
    ...optional('elementId', stringOf(error['elementId'])),
    ...optional('resource', stringOf(error['resource'])),
    // A form's field error names the field by the label the person saw (docs/api.md, "Form data").
    ...optional('field', stringOf(error['label']) ?? stringOf(error['field'])),
    ...optional('line', numberOf(error['line'])),
    ...optional('column', numberOf(error['column'])),
  };
}

/**
 * Reads a failed response as a problem. A body that is not a problem (a proxy's HTML page, an empty 500)
 * still yields a German title, so the user never sees a bare status code.
 */
export async function readProblem(response: Response): Promise<ProblemDetails> {
  let body: unknown;
  const text = await response.text().catch(() => '');
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  const fallbackTitle = titleForStatus(response.status);
  if (!isRecord(body)) {
    return { status: response.status, title: fallbackTitle };
  }
  const title = stringOf(body['title']) ?? fallbackTitle;
  return {
    ...(body as ProblemDetails),
    status: numberOf(body['status']) ?? response.status,
    title,
  };
}

export function networkProblem(): ProblemDetails {
  return { status: 0, title: t('error.network'), detail: t('error.networkDetail') };
}

export function titleForStatus(status: number): string {
  switch (status) {
    case 401:
      return t('error.unauthorized');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return t('error.conflict');
    case 413:
      return t('error.payloadTooLarge');
    default:
      return t('error.unexpected', { status });
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
