using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api.Search;

/// <summary>Every filter and sort field of every search, against the same data on SQLite and on PostgreSQL.</summary>
public abstract class SearchApiTests<TData>(TData data) : IClassFixture<TData> where TData : SearchData
{
    private static readonly HashSet<string> Instants = new(StringComparer.Ordinal)
    {
        "startDate", "endDate", "creationDate", "completionDate", "dueDate", "followUpDate", "creationTime", "createdAt",
    };

    [Theory]
    [MemberData(nameof(SearchCases.Filters), MemberType = typeof(SearchCases))]
    public async Task Each_filter_finds_exactly_what_it_names(string search, string filter, string expected)
    {
        var result = await SearchAsync(data.Admin, search, $$"""{ "filter": {{data.Resolve(filter)}}, "page": { "limit": 1000 } }""");

        var found = Labels(search, result.Items());
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(found.Count, result["page"]!["totalItems"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(SearchCases.SortFields), MemberType = typeof(SearchCases))]
    public async Task Each_sort_field_orders_both_ways_with_missing_values_last_and_ties_by_key(string search, string field)
    {
        foreach (var order in new[] { "ASC", "DESC", "asc", "desc" })
        {
            var result = await SearchAsync(data.Admin, search, $$"""{ "sort": [{ "field": "{{field}}", "order": "{{order}}" }] }""");
            var items = result.Items().Select(i => i!.AsObject()).ToList();
            Assert.True(items.Count >= 3, $"{search} has too few items to show an order");

            var descending = order.Equals("DESC", StringComparison.OrdinalIgnoreCase);
            var expected = items
                .OrderBy(i => i[field] is null)
                .ThenBy(i => SortValue(field, i[field]), descending ? Comparer<IComparable?>.Create((a, b) => Compare(b, a)) : Comparer<IComparable?>.Create(Compare))
                .ThenBy(i => SortValue(KeyField(search), i[KeyField(search)]), Comparer<IComparable?>.Create(Compare))
                .Select(i => Label(search, i))
                .ToList();
            Assert.Equal(expected, items.Select(i => Label(search, i)).ToList());
        }
    }

    [Fact]
    public async Task Sorting_by_several_fields_uses_them_in_turn()
    {
        var result = await SearchAsync(data.Admin, "process-instances",
            """{ "sort": [{ "field": "processDefinitionId" }, { "field": "startDate", "order": "DESC" }] }""");

        Assert.Equal(["i4", "i2", "i1", "i3", "i6", "i5"], Labels("process-instances", result.Items()));
    }

    [Fact]
    public async Task Without_sort_each_search_keeps_its_documented_default_order()
    {
        Assert.Equal(["i6", "i5", "i4", "i3", "i2", "i1"], Labels("process-instances", (await SearchAsync(data.Admin, "process-instances", "{}")).Items()));
        Assert.Equal(["abruf", "antrag2", "antrag1", "meldung", "weiche"],
            Labels("process-definitions", (await SearchAsync(data.Admin, "process-definitions", "{}")).Items()));
        Assert.Equal(["fa2", "fa1", "fb1"], Labels("forms", (await SearchAsync(data.Admin, "forms", "{}")).Items()));
        Assert.Equal(["t2", "t3", "t1"], Labels("user-tasks", (await SearchAsync(data.Admin, "user-tasks", "{}")).Items()));
        Assert.Equal(["inc2", "inc1", "inc3"], Labels("incidents", (await SearchAsync(data.Admin, "incidents", "{}")).Items()));
        Assert.Equal(["faellig", "prio", "wiedervorlage"], Labels("variables", (await SearchAsync(data.Admin, "variables", "{}")).Items()));
    }

    [Theory]
    [MemberData(nameof(SearchCases.Searches), MemberType = typeof(SearchCases))]
    public async Task Pages_are_slices_of_one_stable_order_with_the_total_of_all_matches(string search)
    {
        // tenantId is the same for every item: the order is decided by the key alone.
        var sort = search switch { "variables" => "name", "user-tasks" => "priority", _ => "tenantId" };
        var all = Labels(search, (await SearchAsync(data.Admin, search, $$"""{ "sort": [{ "field": "{{sort}}" }] }""")).Items());

        var pages = new List<string>();
        for (var from = 0; from < all.Count; from += 2)
        {
            var page = await SearchAsync(data.Admin, search, $$"""{ "sort": [{ "field": "{{sort}}" }], "page": { "from": {{from}}, "limit": 2 } }""");
            Assert.Equal(all.Count, page["page"]!["totalItems"]!.GetValue<int>());
            pages.AddRange(Labels(search, page.Items()));
        }

        Assert.Equal(all, pages);
    }

    [Fact]
    public async Task The_hasIncident_filter_is_no_longer_ignored()
    {
        var withIncident = await SearchAsync(data.Admin, "process-instances", """{ "filter": { "hasIncident": true } }""");

        Assert.All(withIncident.Items(), i => Assert.True(i!["hasIncident"]!.GetValue<bool>()));
        Assert.Equal(["i4", "i6"], Labels("process-instances", withIncident.Items()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Process_instances_in_a_search_carry_their_process_name()
    {
        var result = await SearchAsync(data.Admin, "process-instances", $$"""{ "filter": { "processInstanceKey": "{{data.Key("i2")}}" } }""");

        Assert.Equal("Antrag auf Zuschuss", Assert.Single(result.Items())!["processDefinitionName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Incidents_name_the_process_of_their_instance()
    {
        var result = await SearchAsync(data.Admin, "incidents", $$"""{ "filter": { "incidentKey": "{{data.Key("inc1")}}" } }""");

        var incident = Assert.Single(result.Items())!;
        Assert.Equal("abruf", incident["processDefinitionId"]!.GetValue<string>());
        Assert.Equal(data.Key("abruf"), incident["processDefinitionKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_clerk_filters_only_within_the_tasks_they_may_see()
    {
        var otto = await data.App.ClerkAsync("otto", "meldeamt");

        Assert.Equal(["t3"], Labels("user-tasks", (await SearchAsync(otto, "user-tasks", "{}")).Items()));
        Assert.Empty((await SearchAsync(otto, "user-tasks", """{ "filter": { "candidateGroup": "fachamt" } }""")).Items());
        Assert.Empty((await SearchAsync(otto, "user-tasks", """{ "filter": { "candidateGroup": { "$neq": "meldeamt" } } }""")).Items());
    }

    [Fact]
    public async Task A_pattern_matches_wildcards_only_where_it_says_so()
    {
        // "_" and "%" are SQL wildcards, "[" is one for GLOB: here they are plain characters.
        Assert.Empty((await SearchAsync(data.Admin, "process-definitions", """{ "filter": { "processDefinitionId": { "$like": "a_trag" } } }""")).Items());
        Assert.Empty((await SearchAsync(data.Admin, "process-definitions", """{ "filter": { "processDefinitionId": { "$like": "%" } } }""")).Items());
        Assert.Empty((await SearchAsync(data.Admin, "process-definitions", """{ "filter": { "processDefinitionId": { "$like": "[a]ntrag" } } }""")).Items());
        Assert.Empty((await SearchAsync(data.Admin, "process-definitions", """{ "filter": { "processDefinitionId": { "$like": "antra\\*" } } }""")).Items());
        Assert.Equal(2, (await SearchAsync(data.Admin, "process-definitions", """{ "filter": { "processDefinitionId": { "$like": "antra?" } } }""")).Items().Count);
    }

    [Theory]
    [InlineData("process-definitions", """{ "tenantId": { "$like": "*" } }""")]
    [InlineData("forms", """{ "formId": "formular-a" }""")]
    [InlineData("process-instances", """{ "tenantId": { "$neq": "<default>" } }""")]
    [InlineData("process-instances", """{ "tenantId": { "$exists": true } }""")]
    [InlineData("process-instances", """{ "processInstanceKey": { "$in": ["{a1}", "{a2}"] } }""")]
    [InlineData("user-tasks", """{ "processInstanceKey": "{a1}" }""")]
    [InlineData("user-tasks", """{ "candidateGroup": "fachamt", "priority": 30 }""")]
    [InlineData("incidents", """{ "incidentKey": "{incA}" }""")]
    [InlineData("incidents", """{ "tenantId": { "$notIn": ["<default>"] } }""")]
    public async Task No_filter_reaches_into_another_tenant(string search, string filter)
    {
        var result = await SearchAsync(data.Admin, search, $$"""{ "filter": {{data.Resolve(filter)}}, "page": { "limit": 1000 } }""");

        Assert.All(result.Items(), i => Assert.Equal(SearchData.Default, i!["tenantId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("process-definitions", """{ "tenantId": "augsburg" }""")]
    [InlineData("forms", """{ "tenantId": "augsburg" }""")]
    [InlineData("process-instances", """{ "tenantId": { "$in": ["<default>", "augsburg"] } }""")]
    [InlineData("user-tasks", """{ "tenantId": "augsburg" }""")]
    [InlineData("incidents", """{ "tenantId": { "$eq": "augsburg" } }""")]
    public async Task Naming_a_tenant_the_caller_is_not_in_is_a_403(string search, string filter)
    {
        using var content = new StringContent($$"""{ "filter": {{filter}} }""", Encoding.UTF8, "application/json");
        var problem = await EngineApp.ProblemAsync(await data.Admin.PostAsync($"/v2/{search}/search", content), 403);

        Assert.Contains("augsburg", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("process-definitions", "antrag1 antrag2 meldung abruf weiche", "antragA weicheA")]
    [InlineData("forms", "fa1 fb1 fa2", "faA")]
    [InlineData("process-instances", "i1 i2 i3 i4 i5 i6", "a1 a2")]
    [InlineData("user-tasks", "t1 t2 t3", "ta1")]
    [InlineData("incidents", "inc1 inc2 inc3", "incA")]
    public async Task A_caller_in_two_tenants_searches_their_own_unless_the_filter_names_tenants(string search, string own, string augsburg)
    {
        async Task<IEnumerable<string>> Found(string filter) =>
            Labels(search, (await SearchAsync(data.MultiTenant, search, $$"""{ "filter": {{filter}}, "page": { "limit": 1000 } }""")).Items())
                .Order(StringComparer.Ordinal);
        static IEnumerable<string> Split(string labels) => labels.Split(' ').Order(StringComparer.Ordinal);

        Assert.Equal(Split(own), await Found("{}"));
        Assert.Equal(Split(augsburg), await Found("""{ "tenantId": "augsburg" }"""));
        Assert.Equal(Split(own + " " + augsburg), await Found("""{ "tenantId": { "$in": ["<default>", "augsburg"] } }"""));
        if (search is "process-instances" or "incidents")
        {
            Assert.Equal(Split(augsburg), await Found("""{ "tenantId": { "$neq": "<default>" } }"""));
        }
    }

    [Theory]
    [InlineData("/v2/process-definitions/{antragA}")]
    [InlineData("/v2/process-definitions/{antragA}/xml")]
    [InlineData("/v2/forms/{faA}")]
    [InlineData("/v2/process-instances/{a1}")]
    [InlineData("/v2/process-instances/{a1}/journal")]
    [InlineData("/v2/user-tasks/{ta1}")]
    public async Task A_key_of_another_tenant_is_not_found_and_found_by_a_caller_in_that_tenant(string path)
    {
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await data.Admin.GetAsync(data.Resolve(path))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await data.MultiTenant.GetAsync(data.Resolve(path))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await data.AugsburgAdmin.GetAsync(data.Resolve(path))).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_incident_cannot_be_resolved_and_its_task_variables_cannot_be_read()
    {
        await EngineApp.ProblemAsync(await data.Admin.PostAsync($"/v2/incidents/{data.Key("incA")}/resolution", null), 404);
        await EngineApp.ProblemAsync(await data.Admin.PostAsJsonAsync($"/v2/user-tasks/{data.Key("ta1")}/variables/search", new { }), 404);
    }

    private async Task<JsonObject> SearchAsync(HttpClient client, string search, string body)
    {
        var path = search == "variables" ? $"/v2/user-tasks/{data.Key("t2")}/variables/search" : $"/v2/{search}/search";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await EngineApp.JsonAsync(await client.PostAsync(path, content));
    }

    private List<string> Labels(string search, JsonArray items) => [.. items.Select(i => Label(search, i!.AsObject()))];

    private string Label(string search, JsonObject item) => data.Label(item[KeyField(search)]!.GetValue<string>());

    private static string KeyField(string search) => search switch
    {
        "process-definitions" => "processDefinitionKey",
        "forms" => "formKey",
        "process-instances" => "processInstanceKey",
        "user-tasks" => "userTaskKey",
        "incidents" => "incidentKey",
        _ => "name",
    };

    /// <summary>How the API's value of a field orders: keys as numbers, instants as instants, text by code point.</summary>
    private static IComparable? SortValue(string field, JsonNode? value) => value switch
    {
        null => null,
        _ when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => value.GetValue<decimal>(),
        _ when value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.GetValue<bool>(),
        _ when field.EndsWith("Key", StringComparison.Ordinal) => long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
        _ when Instants.Contains(field) => DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => new OrdinalText(value.GetValue<string>()),
    };

    private static int Compare(IComparable? a, IComparable? b) => a is null ? (b is null ? 0 : 1) : b is null ? -1 : a.CompareTo(b);

    private sealed record OrdinalText(string Text) : IComparable
    {
        public int CompareTo(object? obj) => string.CompareOrdinal(Text, ((OrdinalText)obj!).Text);
    }
}

public sealed class SqliteSearchApiTests(SqliteSearchData data) : SearchApiTests<SqliteSearchData>(data);

public sealed class PostgresSearchApiTests(PostgresSearchData data) : SearchApiTests<PostgresSearchData>(data);
