using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Conflicts;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Every write path that can lose a race, made to lose it on every attempt (a phantom writer inserts the same row just
/// before it): each ends in <see cref="EngineConcurrencyException"/> (HTTP 409) after the retry policy's attempts and
/// leaves nothing half done. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class ConflictScenarios : DatabaseScenarios
{
    private const string Tenant = DeploymentService.DefaultTenant;

    [Fact]
    public async Task A_start_that_keeps_losing_is_a_concurrency_conflict_and_starts_nothing()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));

        await WhileLosingAsync("journal", () => Assert.ThrowsAsync<EngineConcurrencyException>(() => node.StartAsync("antrag")));

        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.ProcessInstances.CountAsync());
        Assert.Equal(0, await context.UserTasks.CountAsync());
    }

    [Fact]
    public async Task A_command_that_keeps_losing_is_a_concurrency_conflict_and_changes_nothing()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        var task = await OpenTaskAsync();

        var conflict = await WhileLosingAsync("journal",
            () => Assert.ThrowsAsync<EngineConcurrencyException>(() => node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("erika"))));
        Assert.Equal(task, await OpenTaskAsync());

        await node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("erika"));
        Assert.True(ConflictRetry.IsConflict(conflict.InnerException!));
        Assert.Contains("5 times", conflict.Message, StringComparison.Ordinal);
        Assert.True((await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey))!.Valid);
    }

    [Fact]
    public async Task An_assignment_that_keeps_losing_is_a_concurrency_conflict()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        await node.StartAsync("antrag");
        var task = await OpenTaskAsync();

        await WhileLosingAsync("journal", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.Commands.AssignUserTaskAsync(task, "erika", allowOverride: false, CommandActor.User("erika"))));

        Assert.Null((await node.Queries.GetUserTaskAsync(task, Tenant))!.Assignee);
    }

    [Fact]
    public async Task Publishing_a_message_that_keeps_losing_is_a_concurrency_conflict_whether_it_is_delivered_or_buffered()
    {
        var node = Node();
        await node.DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));

        await WhileLosingAsync("buffered_messages", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-1", TimeSpan.FromHours(1), null, null, Tenant)));
        await node.StartAsync("nachreichung", ("antragId", "A-1"));
        await WhileLosingAsync("outbox", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-1", TimeSpan.FromHours(1), null, null, Tenant)));

        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.BufferedMessages.CountAsync());
        Assert.Equal(InstanceStatuses.Active, (await context.ProcessInstances.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_signal_broadcast_that_keeps_losing_is_a_concurrency_conflict()
    {
        var node = Node();
        await node.DeployAsync(("stichtag.bpmn", RoutingModels.WaitForSignal));
        await node.StartAsync("stichtag");

        await WhileLosingAsync("outbox", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.Commands.BroadcastSignalAsync("Stichtag erreicht", null, Tenant)));

        await using var context = Database.CreateContext();
        Assert.Equal(InstanceStatuses.Active, (await context.ProcessInstances.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_conditional_start_that_keeps_losing_is_a_concurrency_conflict()
    {
        var node = Node();
        await node.DeployAsync(("bedingt.bpmn", ConditionalStart));

        await WhileLosingAsync("journal", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.Commands.EvaluateConditionalStartsAsync(InMemoryEngine.ToFeel([("betrag", 5000)]), null, Tenant, CommandActor.System("test"))));

        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.ProcessInstances.CountAsync());
    }

    [Fact]
    public async Task A_deployment_that_keeps_losing_its_version_number_is_a_concurrency_conflict_and_stores_nothing()
    {
        var node = Node();

        await WhileLosingAsync("process_definitions", () => Assert.ThrowsAsync<EngineConcurrencyException>(() =>
            node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()))));

        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.ProcessDefinitions.CountAsync());
        Assert.Equal(0, await context.Deployments.CountAsync());
    }

    /// <summary>Runs <paramref name="action"/> while every insert into <paramref name="table"/> collides with a phantom writer's.</summary>
    private async Task<T> WhileLosingAsync<T>(string table, Func<Task<T>> action)
    {
        var postgres = Provider == DatabaseProvider.PostgreSql;
        await using var connection = postgres ? (DbConnection)new NpgsqlConnection(Database.ConnectionString) : new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await PhantomWriter.InstallAsync(connection, postgres, table);
        try
        {
            return await action();
        }
        finally
        {
            await PhantomWriter.RemoveAsync(connection, postgres, table);
        }
    }

    private async Task<long> OpenTaskAsync()
    {
        await using var context = Database.CreateContext();
        return (await context.UserTasks.SingleAsync(t => t.State == UserTaskStates.Created)).Key;
    }

    private const string ConditionalStart = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="bedingt" isExecutable="true">
            <bpmn:startEvent id="start">
              <bpmn:conditionalEventDefinition><bpmn:condition>=betrag &gt; 1000</bpmn:condition></bpmn:conditionalEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}

public sealed class SqliteConflictScenarios : ConflictScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresConflictScenarios : ConflictScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
