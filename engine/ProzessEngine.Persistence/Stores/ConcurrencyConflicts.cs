namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// Recognises a lost race between two commands on one instance. Besides the revision check at the head of every write,
/// the journal's unique (instance, sequence) index catches two writers that read the same journal head.
/// </summary>
internal static class ConcurrencyConflicts
{
    public const string JournalSequenceIndex = "IX_journal_ProcessInstanceKey_Sequence";
}
