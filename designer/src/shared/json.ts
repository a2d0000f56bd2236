/** A JSON object (not an array, not null), to read fields of a document the engine or a file sent. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
