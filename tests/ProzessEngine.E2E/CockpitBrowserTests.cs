using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ProzessEngine.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ProzessEngine.E2E;

/// <summary>
/// The designer's operator and form pages end to end: an operator finds an instance stuck at a gateway in the Cockpit,
/// sees where and why, and cancels it; a process owner builds a form in Formulare and deploys it.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class CockpitBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string ProcessId = "cockpit_betrag";
    private const string Gateway = "Betrag_pruefen";

    // The gateway's conditions read the variable "betrag"; an instance started without it stops there with an incident.
    private static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Assets", "cockpit-betrag.bpmn");

    [Fact]
    public async Task An_operator_finds_the_instance_with_an_incident_sees_the_gateway_marked_and_cancels_it()
    {
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(An_operator_finds_the_instance_with_an_incident_sees_the_gateway_marked_and_cancels_it));
        using var api = server.Api();
        await DeployAsync(api, Model);
        var finished = await StartAsync(api, new { betrag = 500 });
        var stuck = await StartAsync(api, new { });
        var incidentMessage = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{stuck}"))!["incidents"]![0]!["errorMessage"]!.GetValue<string>();

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "olga", "Betrieb");
            await page.GetByTestId("nav-cockpit").ClickAsync();
            var rows = page.GetByTestId("instance-row");
            await rows.Filter(new() { HasText = finished }).WaitForAsync();

            await page.GetByTestId("instance-process-filter").SelectOptionAsync(ProcessId);
            await page.GetByTestId("instance-incident-filter").CheckAsync();
            await rows.Filter(new() { HasText = finished }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Equal(1, await rows.CountAsync());
            Assert.Equal("Störung", (await rows.GetByTestId("incident-marker").InnerTextAsync()).Trim('⚠', ' '));

            await rows.Filter(new() { HasText = stuck }).GetByTestId("instance-link").ClickAsync();
            var incident = page.GetByTestId("incident");
            await incident.GetByTestId("incident-message").Filter(new() { HasText = incidentMessage }).WaitForAsync();
            Assert.Equal(Gateway, await incident.GetAttributeAsync("data-element-id"));
            await page.Locator($".djs-element[data-element-id='{Gateway}'].cockpit-incident").WaitForAsync();
            Assert.Equal(0, await page.Locator($".djs-element.cockpit-incident:not([data-element-id='{Gateway}'])").CountAsync());
            Assert.EndsWith($"#/cockpit/{stuck}", page.Url, StringComparison.Ordinal);
            await page.GetByTestId("journal-entry").Locator("li[data-kind='IncidentRaised']")
                .Filter(new() { HasText = "Störung an Betrag über 1000 €?" }).WaitForAsync();

            await page.GetByTestId("cancel-instance").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Vorgang abbrechen?" });
            await dialog.WaitForAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Ja, Vorgang abbrechen" }).ClickAsync();
            await page.GetByText($"Vorgang {stuck} wurde abgebrochen.").WaitForAsync();
            await page.GetByTestId("instance-detail").Locator(".state[data-state='TERMINATED']").WaitForAsync();
            Assert.Equal("Abgebrochen", await page.GetByTestId("instance-detail").Locator(".state").InnerTextAsync());
            Assert.Contains("olga", await page.GetByTestId("journal-entry").Filter(new() { Has = page.Locator("[data-kind='InstanceCanceled']") }).InnerTextAsync(),
                StringComparison.Ordinal);
        });

        var canceled = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{stuck}"))!;
        Assert.Equal("TERMINATED", canceled["state"]!.GetValue<string>());
        var untouched = JsonNode.Parse(await api.GetStringAsync($"v2/process-instances/{finished}"))!;
        Assert.Equal("COMPLETED", untouched["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_process_owner_builds_a_form_in_Formulare_and_deploys_it()
    {
        const string formId = "cockpit-e2e-antrag";
        await using var server = EngineServer.Start();
        await using var session = await chromium.NewSessionAsync(output, nameof(A_process_owner_builds_a_form_in_Formulare_and_deploys_it));
        using var api = server.Api();

        await session.RunAsync(async page =>
        {
            await LogInAsync(page, server, "paula", "Modellierung");
            await page.GetByTestId("nav-formulare").ClickAsync();
            await page.Locator(".fjs-editor-container").WaitForAsync();

            await page.GetByTestId("new-form").ClickAsync();
            var idField = page.GetByLabel("Formular-ID", new() { Exact = true });
            await idField.FillAsync(formId);
            await idField.PressAsync("Enter");
            await page.Locator(".fjs-properties-container").GetByText(formId, new() { Exact = true }).WaitForAsync();

            // form-js adds a palette entry's field on Enter: the keyboard way to build a form.
            var textField = page.Locator(".fjs-palette-field[data-field-type='textfield']");
            await textField.FocusAsync();
            await textField.PressAsync("Enter");
            await page.Locator(".fjs-form-container .fjs-form-field-textfield").WaitForAsync();

            await page.GetByTestId("deploy-form").ClickAsync();
            await page.GetByText($"Version 1 von {formId} deployt.").WaitForAsync();
        });

        var search = await api.PostAsJsonAsync("v2/forms/search", new { filter = new { formId } });
        search.EnsureSuccessStatusCode();
        var items = JsonNode.Parse(await search.Content.ReadAsStringAsync())!["items"]!.AsArray();
        var deployed = Assert.Single(items)!;
        Assert.Equal(1, deployed["version"]!.GetValue<int>());
        Assert.Equal($"{formId}.form", deployed["resourceName"]!.GetValue<string>());
        var schema = JsonNode.Parse(JsonNode.Parse(await api.GetStringAsync($"v2/forms/{deployed["formKey"]!.GetValue<string>()}"))!["schema"]!.GetValue<string>())!;
        Assert.Equal(formId, schema["id"]!.GetValue<string>());
        Assert.Equal("Camunda Cloud", schema["executionPlatform"]!.GetValue<string>());
        Assert.Equal("textfield", Assert.Single(schema["components"]!.AsArray())!["type"]!.GetValue<string>());
    }

    /// <summary>Signs in through the login form with the role ticked (by its German label) besides Sachbearbeitung.</summary>
    private static async Task LogInAsync(IPage page, EngineServer server, string userId, string role)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, "#/login").ToString());
        await page.Locator("#login-user").FillAsync(userId);
        await page.GetByLabel(role).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.GetByText($"Angemeldet als {userId}").WaitForAsync();
    }

    private static async Task DeployAsync(HttpClient api, string file)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "resources", Path.GetFileName(file));
        using var response = await api.PostAsync(new Uri("v2/deployments", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> StartAsync(HttpClient api, object variables)
    {
        using var response = await api.PostAsJsonAsync("v2/process-instances", new { processDefinitionId = ProcessId, variables });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["processInstanceKey"]!.GetValue<string>();
    }
}
