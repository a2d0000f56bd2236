using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Bpmn;

namespace ProzessEngine.Persistence;

/// <summary>
/// Parses each model text once, however many requests bring it at the same time: the result is kept by the text's
/// SHA-256, and a request that finds the same text being parsed waits for that parse instead of starting its own. A
/// deployment that is sent again, a burst of identical uploads, and the definition cache reading a version just
/// deployed all share one parse. Rejections are kept too (their problems are what the next upload gets), except when
/// the parse stopped at its time limit, which depends on how busy the node was rather than on the model.
/// </summary>
/// <remarks>
/// Bounded by <see cref="Capacity"/> entries, the oldest dropped first. Deployed versions are kept apart, for as long
/// as the host runs, by <see cref="DefinitionCache"/>, so this cache only has to cover uploads close together in time.
/// </remarks>
public sealed class ParsedModelCache(BpmnParser parser, int capacity = ParsedModelCache.DefaultCapacity)
{
    public const int DefaultCapacity = 128;

    private readonly ConcurrentDictionary<Key, Task<BpmnParseResult>> _entries = new();
    private readonly ConcurrentQueue<Key> _order = new();
    private long _parses;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive.");

    /// <summary>How many parses ran (for tests and diagnostics): at most one per distinct text while it is cached.</summary>
    public long Parses => Interlocked.Read(ref _parses);

    /// <summary>The result of <see cref="BpmnParser.Parse(string)"/> for a new deployment.</summary>
    public Task<BpmnParseResult> ParseAsync(string xml, CancellationToken cancellationToken = default) =>
        GetAsync(xml, stored: false, cancellationToken);

    /// <summary>The result of <see cref="BpmnParser.ParseStored"/> for a version deployed before.</summary>
    public Task<BpmnParseResult> ParseStoredAsync(string xml, CancellationToken cancellationToken = default) =>
        GetAsync(xml, stored: true, cancellationToken);

    private async Task<BpmnParseResult> GetAsync(string xml, bool stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var key = new Key(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(xml))), stored);
        while (true)
        {
            if (_entries.TryGetValue(key, out var running))
            {
                return await running.WaitAsync(cancellationToken);
            }

            var parse = new TaskCompletionSource<BpmnParseResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_entries.TryAdd(key, parse.Task))
            {
                continue;
            }

            _order.Enqueue(key);
            Trim();
            return Run(key, xml, parse);
        }
    }

    private BpmnParseResult Run(Key key, string xml, TaskCompletionSource<BpmnParseResult> parse)
    {
        Interlocked.Increment(ref _parses);
        try
        {
            var result = key.Stored ? parser.ParseStored(xml) : parser.Parse(xml);
            if (result.TimedOut)
            {
                _entries.TryRemove(new KeyValuePair<Key, Task<BpmnParseResult>>(key, parse.Task));
            }

            parse.SetResult(result);
            return result;
        }
        catch (Exception ex)
        {
            _entries.TryRemove(new KeyValuePair<Key, Task<BpmnParseResult>>(key, parse.Task));
            parse.SetException(ex);
            throw;
        }
    }

    private void Trim()
    {
        while (_entries.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }

    private readonly record struct Key(string Sha256, bool Stored);
}
