using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>
/// What Camunda 8 decides when a task is created rather than at deployment: the linked form's version (an incident
/// while it is missing) and the job's retries (an incident when they are no number).
/// </summary>
public sealed class FormAndJobDefinitionTests
{
    /// <summary>A form store that the test fills while an instance waits.</summary>
    private sealed class Forms : IFormCatalog
    {
        public Dictionary<string, long?> Deployed { get; } = new(StringComparer.Ordinal);
        public List<FormReference> Asked { get; } = [];

        public bool TryResolve(DeployedProcess process, FormReference form, out long? formKey)
        {
            Asked.Add(form);
            return Deployed.TryGetValue(form.FormId!, out formKey);
        }
    }

    private static string WithForm(string formDefinition) => Process("antrag", $"""
        <bpmn:startEvent id="start" />
        {Flow("f1", "start", "pruefen")}
        {UserTask("pruefen", extra: formDefinition)}
        {Flow("f2", "pruefen", "end")}
        <bpmn:endEvent id="end" />
        """);

    [Fact]
    public void A_linked_form_deployed_after_the_process_is_found_when_the_task_is_created()
    {
        var forms = new Forms();
        var engine = new InMemoryEngine(forms: forms);
        engine.Deploy(WithForm("""<zeebe:formDefinition formId="antragsformular" />"""));
        forms.Deployed["antragsformular"] = null;

        var instance = engine.Start("antrag");

        var task = engine.SingleOpenTask(instance.Key);
        Assert.Equal(("antragsformular", null), (task.FormId, task.FormKey));
    }

    [Fact]
    public void A_linked_form_still_missing_is_an_incident_and_resolving_it_looks_again()
    {
        var forms = new Forms();
        var engine = new InMemoryEngine(forms: forms);
        engine.Deploy(WithForm("""<zeebe:formDefinition formId="antragsformular" bindingType="versionTag" versionTag="2026" />"""));

        var instance = engine.Start("antrag");

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.FormNotFound, incident.ErrorType);
        Assert.Contains("'antragsformular'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("version tag '2026'", incident.Message, StringComparison.Ordinal);
        Assert.Empty(engine.OpenTasks(instance.Key));

        forms.Deployed["antragsformular"] = 4711;
        instance = engine.ResolveIncident(instance.Key, incident.Key);

        var task = engine.SingleOpenTask(instance.Key);
        Assert.Equal(4711, task.FormKey);
        Assert.Equal(2, forms.Asked.Count);
        Assert.All(forms.Asked, f => Assert.Equal((BindingType.VersionTag, "2026"), (f.Binding, f.VersionTag)));
    }

    [Theory]
    [InlineData("""<zeebe:formDefinition formKey="react:antrag" />""", "react:antrag", null)]
    [InlineData("""<zeebe:formDefinition externalReference="https://formulare.example/antrag" />""", null, "https://formulare.example/antrag")]
    public void A_custom_form_key_or_external_reference_is_carried_by_the_task_without_asking_the_forms(string formDefinition, string? key, string? reference)
    {
        var forms = new Forms();
        var engine = new InMemoryEngine(forms: forms);
        engine.Deploy(WithForm(formDefinition));

        var task = engine.SingleOpenTask(engine.Start("antrag").Key);

        Assert.Equal((key, reference, null), (task.CustomFormKey, task.ExternalFormReference, task.FormId));
        Assert.Empty(forms.Asked);
    }

    [Fact]
    public void Retries_that_are_no_number_are_an_incident_on_the_task_not_a_crash()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Process("versand", $"""
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "senden")}
            <bpmn:serviceTask id="senden"><bpmn:extensionElements><zeebe:taskDefinition type="post" retries="drei" /></bpmn:extensionElements></bpmn:serviceTask>
            {Flow("f2", "senden", "end")}
            <bpmn:endEvent id="end" />
            """));

        var instance = engine.Start("versand");

        var element = Assert.Single(instance.Elements);
        Assert.Equal("senden", element.ElementId);
        Assert.Equal(IncidentErrorType.ExpressionEvaluation, element.Incident!.ErrorType);
        Assert.Contains("'drei'", element.Incident.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Intents.OfType<JobCreated>());
    }
}
