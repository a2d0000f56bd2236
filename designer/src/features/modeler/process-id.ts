/** The part of a moddle element we read; bpmn-js types it loosely as well. */
export interface ModdleLike {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly isExecutable?: boolean;
  readonly rootElements?: readonly ModdleLike[];
  readonly participants?: readonly ModdleLike[];
  readonly processRef?: ModdleLike;
}

/**
 * The id of the process to deploy: the executable process, else the first one. A collaboration's
 * processes are root elements too, so participants need no special case.
 */
export function mainProcess(definitions: ModdleLike | undefined): ModdleLike | undefined {
  const processes = (definitions?.rootElements ?? []).filter((element) => element.$type === 'bpmn:Process');
  return processes.find((process) => process.isExecutable === true) ?? processes[0];
}

/** A file name that cannot escape a folder or break a multipart header. */
export function bpmnFileName(processId: string): string {
  const safe = processId.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe.length > 0 ? safe : 'diagram'}.bpmn`;
}
