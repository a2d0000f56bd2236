using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;

namespace ProzessEngine.Persistence;

/// <summary>
/// Deployed versions never change, so each is parsed once per host and kept; instances are never cached.
/// </summary>
public sealed class DefinitionCache(EngineDatabase database, BpmnParser parser)
{
    private readonly ConcurrentDictionary<long, DeployedProcess> _byKey = new();

    public async Task<DeployedProcess> GetAsync(long definitionKey, CancellationToken cancellationToken = default)
    {
        if (_byKey.TryGetValue(definitionKey, out var cached))
        {
            return cached;
        }

        await using var context = database.CreateContext();
        var entity = await context.ProcessDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Key == definitionKey, cancellationToken)
            ?? throw new EngineNotFoundException($"Process definition {definitionKey} does not exist.");
        var result = parser.Parse(entity.Xml);
        var model = result.Processes.FirstOrDefault(p => p.Id == entity.ProcessId)
            ?? throw new InvalidOperationException(
                $"Stored process definition {definitionKey} ({entity.ProcessId} v{entity.Version}) no longer parses: {string.Join("; ", result.Errors)}");
        var deployed = new DeployedProcess(entity.Key, entity.ProcessId, entity.Version, entity.TenantId, model);
        return _byKey.GetOrAdd(definitionKey, deployed);
    }

    internal void Add(DeployedProcess process) => _byKey.TryAdd(process.Key, process);
}
