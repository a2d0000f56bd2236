using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>One engine node over a database: what the host wires up, without HTTP. A new node is a restart.</summary>
internal sealed class EngineNode
{
    public EngineNode(EngineDatabase database, FakeTimeProvider clock, IKeyGenerator keys, params ICommandListener[] listeners)
    {
        Database = database;
        var feel = new FeelEngine(new FeelEngineOptions { Clock = clock });
        var parser = new BpmnParser(feel);
        Definitions = new DefinitionCache(database, parser);
        Deployments = new DeploymentService(database, parser, Definitions, keys, clock);
        Commands = new InstanceCommands(database, Definitions, new ProcessRuntime(new RuntimeServices(clock, keys)), listeners,
            NullLogger<InstanceCommands>.Instance);
        Queries = new EngineQueries(database, Definitions);
    }

    public EngineDatabase Database { get; }
    public DefinitionCache Definitions { get; }
    public DeploymentService Deployments { get; }
    public InstanceCommands Commands { get; }
    public EngineQueries Queries { get; }

    public Task<DeploymentResult> DeployAsync(params (string Name, string Content)[] resources) =>
        Deployments.DeployAsync([.. resources.Select(r => new DeploymentResource(r.Name, System.Text.Encoding.UTF8.GetBytes(r.Content)))],
            DeploymentService.DefaultTenant, "test");

    public Task<StartedInstance> StartAsync(string processId, params (string Name, object? Value)[] variables) =>
        Commands.StartAsync(processId, null, null, DeploymentService.DefaultTenant, InMemoryEngine.ToFeel(variables), CommandActor.System("test"));
}
