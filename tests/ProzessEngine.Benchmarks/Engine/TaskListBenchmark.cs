using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Testing;

namespace ProzessEngine.Benchmarks.Engine;

/// <summary>
/// The task list over many open tasks on PostgreSQL: bulk-loads N open invoice tasks (COPY, indexes built afterwards,
/// as the migration defines them), then runs the searches a clerk's list sends, through EngineQueries (EF Core and
/// the SQL it writes, as the API runs them), and prints p50 and p99 per query. The goal (issue 13): a filtered,
/// sorted first page over 1,000,000 open tasks answers with p99 ≤ 25 ms.
/// </summary>
internal static class TaskListBenchmark
{
    private const int Groups = 20;
    private const int Users = 500;
    private const string Tenant = DeploymentService.DefaultTenant;

    private static readonly string[] Suppliers = BuildSuppliers();

    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="rechnung" name="Rechnungsfreigabe" isExecutable="true">
            <bpmn:extensionElements><zeebe:properties>
              <zeebe:property name="prozessengine:taskTitle" value="&quot;Rechnung &quot; + rechnungsnummer + &quot; · &quot; + string(betrag) + &quot; €&quot;" />
              <zeebe:property name="prozessengine:taskColumns" value="rechnungsnummer, betrag, lieferant" />
            </zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Sachlich prüfen">
              <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="=gruppe" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static async Task RunAsync(int tasks, int runs, bool keep)
    {
        // A database loaded by an earlier run with --keep is measured again as it is (PROZESS_TASKLIST_DB).
        var loaded = Environment.GetEnvironmentVariable("PROZESS_TASKLIST_DB");
        var server = loaded is null ? await PostgresServer.GetAsync() : null;
        var connectionString = loaded ?? await server!.CreateDatabaseAsync("tasklist");
        try
        {
            await using var database = new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
            var definitions = new DefinitionCache(database, new BpmnParser(new FeelEngine()));
            Console.WriteLine();
            if (loaded is null)
            {
                await database.MigrateAsync();
                var deployments = new DeploymentService(database, definitions,
                    new SnowflakeKeyGenerator(1, TimeProvider.System, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
                var deployed = (await deployments.DeployAsync([new DeploymentResource("rechnung.bpmn", System.Text.Encoding.UTF8.GetBytes(Model))], Tenant, "bench"))
                    .Processes.Single();
                Console.WriteLine($"Task list on PostgreSQL: loading {tasks:N0} open tasks (COPY, then the migration's indexes) ...");
                var load = Stopwatch.StartNew();
                await LoadAsync(connectionString, deployed.Key, tasks);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded and indexed in {load.Elapsed.TotalSeconds:N0} s"));
            }
            else
            {
                Console.WriteLine($"Task list on PostgreSQL: the {tasks:N0} open tasks loaded before (PROZESS_TASKLIST_DB)");
            }

            var queries = new EngineQueries(database, definitions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{runs:N0} runs per query after 50 warm-up runs, page of 50, count up to {queries.UserTaskCountLimit:N0}; one client"));
            Console.WriteLine("query                                            | p50 ms | p99 ms | max ms | items | total");
            var random = new Random(7);
            foreach (var (name, make) in Queries(tasks))
            {
                for (var i = 0; i < 50; i++)
                {
                    var (q, v) = make(random);
                    await queries.SearchUserTasksAsync([Tenant], q with { Page = q.Page with { After = null } }, v);
                }

                var latencies = new long[runs];
                PagedResult<UserTaskView>? last = null;
                for (var i = 0; i < runs; i++)
                {
                    var (q, v) = make(random);
                    if (q.Page.After is not null)
                    {
                        // The second page follows the first page a clerk saw: its end cursor, found untimed.
                        var first = await queries.SearchUserTasksAsync([Tenant], q with { Page = q.Page with { After = null } }, v);
                        q = q with { Page = q.Page with { After = first.EndCursor } };
                    }

                    var started = Stopwatch.GetTimestamp();
                    last = await queries.SearchUserTasksAsync([Tenant], q, v);
                    latencies[i] = Stopwatch.GetTimestamp() - started;
                }

                Array.Sort(latencies);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-48} | {Millis(latencies, 0.50),6:N2} | {Millis(latencies, 0.99),6:N2} | {Millis(latencies, 1.0),6:N2} | {last!.Items.Count,5} | {last.TotalItems}{(last.HasMoreTotalItems ? "+" : "")}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT|tasklist-{Slug(name)}|tasks={tasks}|p50_ms={Millis(latencies, 0.50):F2}|p99_ms={Millis(latencies, 0.99):F2}"));
            }
        }
        finally
        {
            if (keep || server is null)
            {
                Console.WriteLine($"Kept for inspection: {connectionString}");
            }
            else
            {
                await server.DropDatabaseAsync(connectionString);
            }
        }
    }

    /// <summary>The searches of a clerk's list, each with parameters drawn anew per run so that no single plan or page is all cached.</summary>
    /// <summary>Marks the query that pages on from the first page; the runner puts the first page's end cursor in its place.</summary>
    private const string FirstPageCursor = "first-page";

    private static List<(string Name, Func<Random, (SearchQuery, TaskVisibility)> Make)> Queries(int tasks)
    {
        static FieldCondition Is(string field, object value) => new(field, FilterOperator.Equal, value);
        static TaskVisibility Clerk(Random r, out string group, out string other)
        {
            group = $"gruppe-{r.Next(Groups)}";
            other = $"gruppe-{r.Next(Groups)}";
            return new TaskVisibility($"user-{r.Next(Users)}", [group, other], SeesAll: false);
        }

        var open = Is("state", "CREATED");
        var notOnHold = Is("followUpPending", false);
        var byDue = new List<SortCriterion> { new("dueDate", false) };
        var page = new Page(Limit: 50);

        (SearchQuery, TaskVisibility) GroupTasks(Random r)
        {
            var clerk = Clerk(r, out var group, out var other);
            return (new SearchQuery([open, notOnHold, new("candidateGroup", FilterOperator.In, new List<object> { group, other })], byDue, page), clerk);
        }

        (SearchQuery, TaskVisibility) Everything(Random r) => (new SearchQuery([open, notOnHold], [], page), Clerk(r, out _, out _));

        (SearchQuery, TaskVisibility) Mine(Random r)
        {
            var clerk = Clerk(r, out _, out _);
            return (new SearchQuery([open, Is("assignee", clerk.UserId)], [new("creationDate", true)], page), clerk);
        }

        (SearchQuery, TaskVisibility) OneInvoice(Random r) =>
            (new SearchQuery([open, Is("processInstanceVariables", new[] { new VariableCondition("rechnungsnummer", $"\"R-{r.Next(tasks):D7}\"") })], byDue, page),
                new TaskVisibility("admin", [], SeesAll: true));

        (SearchQuery, TaskVisibility) OneSupplier(Random r)
        {
            var supplier = UserTaskSearchData.CanonicalValue(FeelValue.FromString(Suppliers[r.Next(Suppliers.Length)]))!;
            return (new SearchQuery([open, Is("processInstanceVariables", new[] { new VariableCondition("lieferant", supplier) })], byDue, page),
                Clerk(r, out _, out _));
        }

        (SearchQuery, TaskVisibility) SupplierText(Random r) =>
            (new SearchQuery([open, notOnHold, Is("text", Suppliers[r.Next(Suppliers.Length)].Split(' ')[0])], byDue, page), Clerk(r, out _, out _));

        (SearchQuery, TaskVisibility) NumberText(Random r) =>
            (new SearchQuery([open, Is("text", $"r-{r.Next(tasks):D7}"[..8])], byDue, page), Clerk(r, out _, out _));

        (SearchQuery, TaskVisibility) SecondPage(Random r)
        {
            var clerk = Clerk(r, out var group, out _);
            return (new SearchQuery([open, notOnHold, Is("candidateGroup", group)], byDue, page with { After = FirstPageCursor }), clerk);
        }

        return
        [
            ("groups (2) + due date, Wiedervorlage hidden", GroupTasks),
            ("all I may see (default sort: priority, creation)", Everything),
            ("assignee = me + creation desc", Mine),
            ("variable rechnungsnummer = one invoice", OneInvoice),
            ("variable lieferant = one of 200 + due date", OneSupplier),
            ("text: supplier name + due date", SupplierText),
            ("text: part of an invoice number", NumberText),
            ("groups + due date, second page (cursor)", SecondPage),
        ];
    }

    private static async Task LoadAsync(string connectionString, long definitionKey, int count)
    {
        // Loading and indexing a million rows takes minutes on a busy machine: no timeouts here.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var indexes = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT indexname, indexdef FROM pg_indexes
            WHERE tablename IN ('user_tasks', 'user_task_candidates', 'user_task_variables') AND indexname NOT LIKE 'PK_%'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(1));
            }
        }

        foreach (var definition in indexes)
        {
            var name = definition.Split(' ')[2];
            await using var drop = new NpgsqlCommand($"DROP INDEX {name}", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        await using (var tasks = await connection.BeginBinaryImportAsync("""
            COPY user_tasks ("Key", "ProcessInstanceKey", "ElementInstanceKey", "DefinitionKey", "ProcessId", "ProcessVersion", "ElementId", "Name",
                "State", "Assignee", "CandidateGroups", "CandidateUsers", "DueDate", "FollowUpDate", "Priority", "CreatedAt", "TenantId",
                "Title", "Columns", "SearchText") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < count; i++)
            {
                var (number, amount, supplier, group) = Invoice(i);
                var title = $"Rechnung {number} · {amount.ToString(CultureInfo.InvariantCulture)} €";
                FeelValue[] values = [FeelValue.FromString(number), FeelValue.FromNumber(amount), FeelValue.FromString(supplier)];
                var columns = new KeyValuePair<string, FeelValue>[] { new("rechnungsnummer", values[0]), new("betrag", values[1]), new("lieferant", values[2]) };
                await tasks.StartRowAsync();
                await tasks.WriteAsync(Key(i), NpgsqlDbType.Bigint);
                await tasks.WriteAsync(Key(i) + 1, NpgsqlDbType.Bigint);
                await tasks.WriteAsync(Key(i) + 2, NpgsqlDbType.Bigint);
                await tasks.WriteAsync(definitionKey, NpgsqlDbType.Bigint);
                await tasks.WriteAsync("rechnung", NpgsqlDbType.Varchar);
                await tasks.WriteAsync(1, NpgsqlDbType.Integer);
                await tasks.WriteAsync("pruefen", NpgsqlDbType.Varchar);
                await tasks.WriteAsync("Sachlich prüfen", NpgsqlDbType.Varchar);
                await tasks.WriteAsync("CREATED", NpgsqlDbType.Varchar);
                await WriteNullable(tasks, random.Next(10) < 3 ? $"user-{random.Next(Users)}" : null, NpgsqlDbType.Varchar);
                await tasks.WriteAsync(group, NpgsqlDbType.Text);
                await tasks.WriteAsync("", NpgsqlDbType.Text);
                await WriteNullable(tasks, random.Next(10) < 8 ? now.AddHours(random.Next(-24 * 30, 24 * 60)).UtcDateTime : null, NpgsqlDbType.TimestampTz);
                await WriteNullable(tasks, random.Next(10) == 0 ? now.AddDays(random.Next(-10, 20)).UtcDateTime : null, NpgsqlDbType.TimestampTz);
                await tasks.WriteAsync(random.Next(10) < 8 ? 50 : random.Next(101), NpgsqlDbType.Integer);
                await tasks.WriteAsync(now.AddSeconds(-(count - i) * 20.0).UtcDateTime, NpgsqlDbType.TimestampTz);
                await tasks.WriteAsync(Tenant, NpgsqlDbType.Varchar);
                await tasks.WriteAsync(title, NpgsqlDbType.Varchar);
                await tasks.WriteAsync(UserTaskSearchData.ColumnsJson(columns)!, NpgsqlDbType.Text);
                await tasks.WriteAsync(UserTaskSearchData.SearchText(title, columns, "Sachlich prüfen")!, NpgsqlDbType.Varchar);
            }

            await tasks.CompleteAsync();
        }

        await using (var candidates = await connection.BeginBinaryImportAsync("""COPY user_task_candidates ("UserTaskKey", "Kind", "Name") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < count; i++)
            {
                await candidates.WriteRowAsync(default, Key(i), "group", Invoice(i).Group);
            }

            await candidates.CompleteAsync();
        }

        await using (var variables = await connection.BeginBinaryImportAsync("""COPY user_task_variables ("UserTaskKey", "Name", "Value") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < count; i++)
            {
                var (number, amount, supplier, group) = Invoice(i);
                foreach (var (name, value) in UserTaskSearchData.SearchableVariables(
                [
                    new("rechnungsnummer", FeelValue.FromString(number)), new("betrag", FeelValue.FromNumber(amount)),
                    new("lieferant", FeelValue.FromString(supplier)), new("gruppe", FeelValue.FromString(group)),
                ]))
                {
                    await variables.WriteRowAsync(default, Key(i), name, value);
                }
            }

            await variables.CompleteAsync();
        }

        foreach (var definition in indexes)
        {
            await using var create = new NpgsqlCommand(definition, connection) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync();
        }

        foreach (var table in new[] { "user_tasks", "user_task_candidates", "user_task_variables" })
        {
            // VACUUM runs one statement at a time: it sets the visibility map that index-only scans need.
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private static long Key(int i) => 10_000_000L + (i * 3L);

    private static (string Number, decimal Amount, string Supplier, string Group) Invoice(int i) =>
        ($"R-{i:D7}", ((i * 7919L) % 1_000_000) / 100m, Suppliers[Mix(i, 1) % Suppliers.Length], $"gruppe-{Mix(i, 2) % Groups}");

    /// <summary>A well-spread number per task and purpose, so that supplier and group do not follow from each other.</summary>
    private static int Mix(int i, int purpose) => (int)(((ulong)(i + 1) * (purpose == 1 ? 11400714819323198485UL : 0xD6E8FEB86659FD93UL)) >> 40);

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await importer.WriteNullAsync();
        }
        else
        {
            await importer.WriteAsync(value, type);
        }
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter importer, DateTime? value, NpgsqlDbType type)
    {
        if (value is { } v)
        {
            await importer.WriteAsync(v, type);
        }
        else
        {
            await importer.WriteNullAsync();
        }
    }

    private static string[] BuildSuppliers()
    {
        string[] names = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
            "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann"];
        string[] forms = ["GmbH", "KG", "AG", "& Söhne", "e.K.", "GbR", "OHG", "Bau GmbH", "Elektro", "Consulting"];
        return [.. names.SelectMany(n => forms.Select(f => $"{n} {f}"))];
    }

    /// <summary>A name for the RESULT line that tells the queries apart ("groups-2-due-date-wiedervorlage-hidden").</summary>
    private static string Slug(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    private static double Millis(long[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
