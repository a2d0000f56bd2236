import { t } from '../../shared/i18n';

/** The engine's property: ids of the user tasks whose completers may not complete this one (docs/bpmn-coverage.md). */
export const fourEyesProperty = 'prozessengine:fourEyes';

/** The ids a property value names: trimmed, without empty entries or duplicates, in order. */
export function fourEyesIds(value: string | undefined): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  return [...new Set(ids)];
}

/** The first problem with a value, as the engine would report it at deployment; undefined when it is fine. */
export function fourEyesProblem(
  value: string | undefined,
  typeOf: (id: string) => string | undefined,
): string | undefined {
  for (const id of fourEyesIds(value)) {
    const type = typeOf(id);
    if (type === undefined) {
      return t('fourEyes.unknown', { id });
    }
    if (type !== 'bpmn:UserTask') {
      return t('fourEyes.notUserTask', { id });
    }
  }
  return undefined;
}
