/** The development login's group field: "fachamt, kasse" → ["fachamt", "kasse"], without blanks or repeats. */
export function parseGroups(input: string): string[] {
  const groups = input
    .split(/[,;\s]+/)
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
  return [...new Set(groups)];
}

/** Groups that exist in the shipped example processes, offered as suggestions. */
export const suggestedGroups: readonly string[] = ['fachamt', 'kasse'];
