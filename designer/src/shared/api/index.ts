export { ApiClient, parseVariables, type ApiClientOptions } from './client';
export { ApiError, problemEntries, readProblem, type ProblemDetails, type ProblemEntry } from './problem';
export type * from './types';
