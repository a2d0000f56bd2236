using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence;

/// <summary>
/// Deployed versions never change, so each is parsed once per host and kept; instances are never cached. The latest
/// version of each process is remembered too: a start checks in its own write that no newer version exists (another
/// node may have deployed one) and comes back here to forget the stale entry. Model texts are parsed through
/// <see cref="Models"/>, which deployments share, so that one text is parsed once however many requests bring it.
/// </summary>
public sealed class DefinitionCache(EngineDatabase database, BpmnParser parser)
{
    public ParsedModelCache Models { get; } = new(parser);

    /// <summary>The FEEL engine the models are compiled with; their forms are read with it too.</summary>
    public FeelEngine Feel => parser.Feel;

    private readonly ConcurrentDictionary<long, DeployedProcess> _byKey = new();
    private readonly ConcurrentDictionary<(string TenantId, string ProcessId), long> _latest = new();

    public async Task<DeployedProcess> GetAsync(long definitionKey, CancellationToken cancellationToken = default)
    {
        if (_byKey.TryGetValue(definitionKey, out var cached))
        {
            return cached;
        }

        await using var context = database.CreateContext();
        var entity = await context.ProcessDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Key == definitionKey, cancellationToken)
            ?? throw new EngineNotFoundException($"Process definition {definitionKey} does not exist.");
        var result = await Models.ParseStoredAsync(entity.Xml, cancellationToken);
        var model = result.Processes.FirstOrDefault(p => p.Id == entity.ProcessId)
            ?? throw new InvalidOperationException(
                $"Stored process definition {definitionKey} ({entity.ProcessId} v{entity.Version}) no longer parses: {string.Join("; ", result.Errors)}");
        var deployed = new DeployedProcess(entity.Key, entity.ProcessId, entity.Version, entity.TenantId, model);
        return _byKey.GetOrAdd(definitionKey, deployed);
    }

    /// <summary>The latest version of a process as this node knows it (read from the database the first time).</summary>
    public async Task<DeployedProcess> GetLatestAsync(string tenantId, string processId, CancellationToken cancellationToken = default)
    {
        if (_latest.TryGetValue((tenantId, processId), out var key))
        {
            return await GetAsync(key, cancellationToken);
        }

        await using var context = database.CreateContext();
        var found = await context.ProcessDefinitions.AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.ProcessId == processId)
            .OrderByDescending(d => d.Version)
            .Select(d => (long?)d.Key)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new EngineNotFoundException($"No process with id '{processId}' is deployed.");
        var process = await GetAsync(found, cancellationToken);
        RememberLatest(process);
        return process;
    }

    public async Task<DeployedProcess> GetVersionAsync(string tenantId, string processId, int version, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var found = await context.ProcessDefinitions.AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.ProcessId == processId && d.Version == version)
            .Select(d => (long?)d.Key)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new EngineNotFoundException($"Process '{processId}' has no version {version}.");
        return await GetAsync(found, cancellationToken);
    }

    internal void ForgetLatest(string tenantId, string processId) => _latest.TryRemove((tenantId, processId), out _);

    internal void Add(DeployedProcess process)
    {
        _byKey.TryAdd(process.Key, process);
        RememberLatest(process);
    }

    private void RememberLatest(DeployedProcess process) =>
        _latest.AddOrUpdate((process.TenantId, process.ProcessId), process.Key,
            (_, known) => _byKey.TryGetValue(known, out var knownProcess) && knownProcess.Version > process.Version ? known : process.Key);
}
