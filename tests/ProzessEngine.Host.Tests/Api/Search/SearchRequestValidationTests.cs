using System.Text;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api.Search;

/// <summary>A search the engine cannot answer exactly is a 400 that names what it does not know, never a wrong list.</summary>
public sealed class SearchRequestValidationTests(SqliteSearchData data) : IClassFixture<SqliteSearchData>
{
    [Theory]
    [MemberData(nameof(SearchCases.Searches), MemberType = typeof(SearchCases))]
    public async Task An_unknown_filter_field_is_a_400_naming_it_and_the_filters_there_are(string search)
    {
        var problem = await ProblemAsync(search, """{ "filter": { "bpmnProcessId": "antrag" } }""");

        var message = Message(problem, "filter.bpmnProcessId");
        Assert.Contains("is not a filter", message, StringComparison.Ordinal);
        Assert.Contains(search == "variables" ? "name" : "tenantId", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SearchCases.Searches), MemberType = typeof(SearchCases))]
    public async Task An_unknown_sort_field_or_order_is_a_400_naming_each(string search)
    {
        var problem = await ProblemAsync(search, """{ "sort": [{ "field": "lieblingsfarbe" }, { "field": "tenantId", "order": "UP" }] }""");

        Assert.Contains("lieblingsfarbe", Message(problem, "sort[0].field"), StringComparison.Ordinal);
        Assert.Contains("ASC or DESC", Message(problem, "sort[1].order"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SearchCases.Searches), MemberType = typeof(SearchCases))]
    public async Task An_unknown_property_anywhere_in_a_search_is_a_400_naming_it(string search)
    {
        Assert.Contains("unknown properties are rejected", Message(await ProblemAsync(search, """{ "filters": { } }"""), "filters"),
            StringComparison.Ordinal);
        Message(await ProblemAsync(search, """{ "sort": [{ "field": "name", "direction": "DESC" }] }"""), "sort[0].direction");
        Message(await ProblemAsync(search, """{ "page": { "from": 0, "size": 10 } }"""), "page.size");
    }

    [Theory]
    [InlineData("process-instances", """{ "processDefinitionVersion": { "$like": "1*" } }""", "filter.processDefinitionVersion.$like", "$gte")]
    [InlineData("process-instances", """{ "state": { "$gt": "ACTIVE" } }""", "filter.state.$gt", "$in")]
    [InlineData("process-instances", """{ "processDefinitionId": { "$regex": "a.*" } }""", "filter.processDefinitionId.$regex", "not a filter operator")]
    [InlineData("process-instances", """{ "processDefinitionId": { } }""", "filter.processDefinitionId", "names no operator")]
    [InlineData("process-instances", """{ "processInstanceKey": { "$like": "1*" } }""", "filter.processInstanceKey.$like", "$notIn")]
    [InlineData("process-definitions", """{ "version": { "$gt": 1 } }""", "filter.version", "no operators")]
    [InlineData("user-tasks", """{ "processInstanceKey": { "$in": ["1"] } }""", "filter.processInstanceKey", "no operators")]
    [InlineData("incidents", """{ "creationTime": { "$like": "2026*" } }""", "filter.creationTime.$like", "$lte")]
    public async Task An_operator_the_field_does_not_offer_is_a_400_naming_field_and_operator(string search, string filter, string field, string hint)
    {
        Assert.Contains(hint, Message(await ProblemAsync(search, $$"""{ "filter": {{filter}} }"""), field), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("process-instances", """{ "hasIncident": "yes" }""", "filter.hasIncident")]
    [InlineData("process-instances", """{ "processInstanceKey": "zwei" }""", "filter.processInstanceKey")]
    [InlineData("process-instances", """{ "processDefinitionVersion": 1.5 }""", "filter.processDefinitionVersion")]
    [InlineData("process-instances", """{ "startDate": { "$gt": "2026-11-23T08:00:00" } }""", "filter.startDate.$gt")]
    [InlineData("process-instances", """{ "state": "RUNNING" }""", "filter.state")]
    [InlineData("process-instances", """{ "state": { "$in": ["ACTIVE", "active"] } }""", "filter.state.$in[1]")]
    [InlineData("process-instances", """{ "endDate": { "$exists": "no" } }""", "filter.endDate.$exists")]
    [InlineData("user-tasks", """{ "assignee": null }""", "filter.assignee")]
    [InlineData("user-tasks", """{ "candidateGroup": { "$in": "fachamt" } }""", "filter.candidateGroup.$in")]
    [InlineData("incidents", """{ "errorType": "IO_MAPPING_ERROR" }""", "filter.errorType")]
    [InlineData("process-definitions", """{ "isLatestVersion": 1 }""", "filter.isLatestVersion")]
    public async Task A_filter_value_of_the_wrong_kind_is_a_400_naming_where(string search, string filter, string field)
    {
        Message(await ProblemAsync(search, $$"""{ "filter": {{filter}} }"""), field);
    }

    [Theory]
    [InlineData("process-instances", "variables")]
    [InlineData("process-instances", "parentProcessInstanceKey")]
    [InlineData("process-instances", "$or")]
    [InlineData("process-definitions", "versionTag")]
    [InlineData("user-tasks", "localVariables")]
    public async Task A_camunda_filter_the_engine_cannot_answer_is_a_400_saying_so(string search, string field)
    {
        var problem = await ProblemAsync(search, $$"""{ "filter": { "{{field}}": [] } }""");

        Assert.Contains("not supported", Message(problem, $"filter.{field}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_of_a_search_is_named_at_once()
    {
        var problem = await ProblemAsync("process-instances",
            """{ "filter": { "foo": 1, "state": "RUNNING" }, "sort": [{ "field": "bar" }], "page": { "limit": 0, "after": "WzEwXQ==" } }""");

        foreach (var field in new[] { "filter.foo", "filter.state", "sort[0].field", "page.limit", "page.after" })
        {
            Message(problem, field);
        }
    }

    [Fact]
    public async Task A_search_without_a_body_lists_everything()
    {
        var response = await data.Admin.PostAsync("/v2/process-instances/search", null);

        Assert.Equal(6, (await EngineApp.JsonAsync(response))["page"]!["totalItems"]!.GetValue<int>());
    }

    private async Task<JsonObject> ProblemAsync(string search, string body)
    {
        var path = search == "variables" ? $"/v2/user-tasks/{data.Key("t2")}/variables/search" : $"/v2/{search}/search";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await EngineApp.ProblemAsync(await data.Admin.PostAsync(path, content), 400);
    }

    /// <summary>The problem's message for the field; fails when the problem does not name the field.</summary>
    private static string Message(JsonObject problem, string field)
    {
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors?.ContainsKey(field) == true, $"The problem does not name '{field}': {problem.ToJsonString()}");
        return string.Join(" ", errors![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }
}
