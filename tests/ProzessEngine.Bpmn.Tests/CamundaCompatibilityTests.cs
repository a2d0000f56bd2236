using System.Text.Json.Nodes;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// Models written for Camunda 8: deployed where Camunda 8 deploys them (with a warning where the engine does less than
/// the modeller may expect), rejected with the element and the reason where the engine would not honour them.
/// </summary>
public sealed class CamundaCompatibilityTests
{
    private readonly BpmnParser _parser = new(new FeelEngine(), new BpmnParserOptions { KnownCalendarIds = ["BY", "BE"] });

    private static string Model(string body, string roots = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          {roots}
          <bpmn:process id="p" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>start → element "x" → end.</summary>
    private static string Around(string element, string roots = "") => Model($"""
        <bpmn:startEvent id="s" />
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
        {element}
        <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e" />
        <bpmn:endEvent id="e" />
        """, roots);

    private static string Task(string extensions, string attributes = "") =>
        $"""<bpmn:serviceTask id="x" {attributes}><bpmn:extensionElements>{extensions}</bpmn:extensionElements></bpmn:serviceTask>""";

    private static string UserTask(string extensions) =>
        $"""<bpmn:userTask id="x"><bpmn:extensionElements>{extensions}</bpmn:extensionElements></bpmn:userTask>""";

    private ProcessModel Deploys(string xml)
    {
        var result = _parser.Parse(xml);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        return Assert.Single(result.Processes);
    }

    private BpmnDiagnostic RejectedAt(string xml, string elementId)
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success);
        return Assert.Single(result.Errors, e => e.ElementId == elementId);
    }

    private BpmnDiagnostic WarnedAt(string xml, string elementId)
    {
        var result = _parser.Parse(xml);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        return Assert.Single(result.Warnings, w => w.ElementId == elementId);
    }

    [Fact]
    public void An_element_without_incoming_flow_deploys_with_a_warning()
    {
        var xml = Around("""<bpmn:manualTask id="x" />""").Replace("</bpmn:process>", """<bpmn:task id="verwaist" /></bpmn:process>""", StringComparison.Ordinal);

        var warning = WarnedAt(xml, "verwaist");

        Assert.Contains("no incoming sequence flow", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(warning.Line);
    }

    [Fact]
    public void A_job_type_on_a_user_task_is_ignored_with_a_warning()
    {
        var xml = Around(UserTask("""<zeebe:taskDefinition type="io.camunda.zeebe:userTask" />"""));

        var warning = WarnedAt(xml, "x");

        Assert.Contains("zeebe:taskDefinition on a user task is ignored", warning.Message, StringComparison.Ordinal);
        Assert.IsType<UserTask>(Deploys(xml).Nodes["x"]);
    }

    [Fact]
    public void An_empty_zeebe_property_deploys_and_a_value_without_name_warns()
    {
        var xml = Around(Task("""
            <zeebe:taskDefinition type="a" />
            <zeebe:properties><zeebe:property /><zeebe:property name="" value="" /><zeebe:property value="verloren" /></zeebe:properties>
            """));

        var process = Deploys(xml);

        Assert.Empty(process.Nodes["x"].Properties);
        Assert.Contains("verloren", WarnedAt(xml, "x").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_task_header_is_dropped_and_a_key_given_twice_is_rejected()
    {
        var empty = Deploys(Around(Task("""<zeebe:taskDefinition type="a" /><zeebe:taskHeaders><zeebe:header /><zeebe:header key="k" value="v" /></zeebe:taskHeaders>""")));
        var twice = RejectedAt(Around(Task("""<zeebe:taskDefinition type="a" /><zeebe:taskHeaders><zeebe:header key="k" value="1" /><zeebe:header key="k" value="2" /></zeebe:taskHeaders>""")), "x");

        var header = Assert.Single(empty.Nodes["x"].Job!.Headers);
        Assert.Equal(("k", "v"), (header.Key, header.Value));
        Assert.Contains("'k' is given twice", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_that_are_no_number_deploy_and_fail_when_the_job_is_created()
    {
        var process = Deploys(Around(Task("""<zeebe:taskDefinition type="a" retries="drei" />""")));

        Assert.Equal("drei", process.Nodes["x"].Job!.Definition.Retries.Text);
    }

    [Theory]
    [InlineData("PT30s")]
    [InlineData("pt1h")]
    [InlineData("+PT5M")]
    public void A_duration_in_lower_case_or_with_a_plus_sign_deploys_as_in_Camunda_8(string duration)
    {
        Deploys(Around($"""<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"""));
    }

    [Fact]
    public void A_custom_form_key_is_carried_by_the_task()
    {
        var task = (UserTask)Deploys(Around(UserTask("""<zeebe:formDefinition formKey="react:antrag" />"""))).Nodes["x"];

        Assert.Equal("react:antrag", task.Form!.CustomFormKey);
        Assert.Null(task.Form.FormId);
        Assert.Null(task.Form.EmbeddedFormKey);
    }

    [Fact]
    public void A_form_key_naming_an_embedded_form_uses_it()
    {
        var xml = Model("""
            <bpmn:extensionElements><zeebe:userTaskForm id="antrag">{"components":[]}</zeebe:userTaskForm></bpmn:extensionElements>
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
            <bpmn:userTask id="x"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:antrag" /></bpmn:extensionElements></bpmn:userTask>
            """);

        var task = (UserTask)Deploys(xml).Nodes["x"];

        Assert.Equal("antrag", task.Form!.EmbeddedFormKey);
        Assert.Null(task.Form.CustomFormKey);
    }

    [Fact]
    public void An_embedded_form_key_without_its_embedded_form_is_rejected()
    {
        var error = RejectedAt(Around(UserTask("""<zeebe:formDefinition formKey="camunda-forms:bpmn:fehlt" />""")), "x");

        Assert.Contains("no zeebe:userTaskForm with that id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_form_reference_is_carried_by_the_task()
    {
        var task = (UserTask)Deploys(Around(UserTask("""<zeebe:formDefinition externalReference="https://formulare.example/antrag" />"""))).Nodes["x"];

        Assert.Equal("https://formulare.example/antrag", task.Form!.ExternalReference);
    }

    [Theory]
    [InlineData("""bindingType="deployment" """, BindingType.Deployment, null)]
    [InlineData("""bindingType="versionTag" versionTag="v2" """, BindingType.VersionTag, "v2")]
    [InlineData("", BindingType.Latest, null)]
    public void A_linked_form_keeps_its_binding(string attributes, BindingType binding, string? versionTag)
    {
        var task = (UserTask)Deploys(Around(UserTask($"""<zeebe:formDefinition formId="antrag" {attributes}/>"""))).Nodes["x"];

        Assert.Equal(("antrag", binding, versionTag), (task.Form!.FormId, task.Form.Binding, task.Form.VersionTag));
    }

    [Fact]
    public void A_version_tag_without_its_binding_type_is_ignored_with_a_warning()
    {
        var xml = Around(UserTask("""<zeebe:formDefinition formId="antrag" versionTag="v2" />"""));

        Assert.Contains("ignored", WarnedAt(xml, "x").Message, StringComparison.Ordinal);
        Assert.Null(((UserTask)Deploys(xml).Nodes["x"]).Form!.VersionTag);
    }

    [Theory]
    [InlineData("""formId="a" formKey="b" """, "formId and formKey")]
    [InlineData("", "needs one of formId")]
    [InlineData("""formKey="b" bindingType="latest" """, "apply to a linked form")]
    [InlineData("""formId="a" bindingType="neueste" """, "binding type 'neueste' is unknown")]
    [InlineData("""formId="a" bindingType="versionTag" """, "needs a versionTag")]
    public void A_form_definition_that_says_too_much_or_too_little_is_rejected(string attributes, string reason)
    {
        var error = RejectedAt(Around(UserTask($"""<zeebe:formDefinition {attributes}/>""")), "x");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_form_on_the_none_start_event_is_the_form_a_start_is_checked_against()
    {
        var xml = Model("""
            <bpmn:startEvent id="s"><bpmn:extensionElements><zeebe:formDefinition formId="antrag" bindingType="deployment" /></bpmn:extensionElements></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);

        var result = _parser.Parse(xml);

        Assert.Empty(result.Warnings);
        var start = Assert.IsType<StartEvent>(Assert.Single(result.Processes).Nodes["s"]);
        Assert.Equal(("antrag", BindingType.Deployment), (start.Form?.FormId, start.Form?.Binding));
    }

    [Fact]
    public void A_start_form_on_a_message_start_event_is_rejected_and_only_warned_about_in_a_stored_version()
    {
        var xml = Model("""
            <bpmn:startEvent id="s">
              <bpmn:extensionElements><zeebe:formDefinition formId="antrag" /></bpmn:extensionElements>
              <bpmn:messageEventDefinition messageRef="m" />
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """, """<bpmn:message id="m" name="Antrag" />""");

        Assert.Contains("belongs on the process's none start event", RejectedAt(xml, "s").Message, StringComparison.Ordinal);
        var stored = _parser.ParseStored(xml);
        Assert.True(stored.Success);
        Assert.Contains("not offered or checked", Assert.Single(stored.Warnings, w => w.ElementId == "s").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linked_resources_reach_the_job_as_Camundas_linkedResources_header()
    {
        var process = Deploys(Around(Task("""
            <zeebe:taskDefinition type="rpa" />
            <zeebe:taskHeaders><zeebe:header key="modus" value="schnell" /></zeebe:taskHeaders>
            <zeebe:linkedResources>
              <zeebe:linkedResource resourceId="skript" resourceType="RPA" linkName="RPAScript" bindingType="versionTag" versionTag="v1" />
            </zeebe:linkedResources>
            """)));

        var headers = process.Nodes["x"].Job!.Headers.ToDictionary();
        Assert.Equal("schnell", headers["modus"]);
        var linked = Assert.Single(JsonNode.Parse(headers["linkedResources"])!.AsArray())!;
        Assert.Equal(("skript", "RPA", "RPAScript", "versionTag", "v1"),
            ((string?)linked["resourceId"], (string?)linked["resourceType"], (string?)linked["linkName"], (string?)linked["bindingType"], (string?)linked["versionTag"]));
    }

    [Fact]
    public void A_linked_resource_without_id_is_rejected()
    {
        var error = RejectedAt(Around(Task("""<zeebe:taskDefinition type="rpa" /><zeebe:linkedResources><zeebe:linkedResource resourceType="RPA" /></zeebe:linkedResources>""")), "x");

        Assert.Contains("resourceId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outbound_connector_the_engine_does_not_run_deploys_as_a_job_with_a_warning()
    {
        var xml = Around(Task("""<zeebe:taskDefinition type="io.camunda:slack:1" />""", """zeebe:modelerTemplate="io.camunda.connectors.Slack.v1" zeebe:modelerTemplateVersion="3" """));

        Assert.Contains("connector", WarnedAt(xml, "x").Message, StringComparison.Ordinal);
        Assert.Equal("io.camunda:slack:1", Deploys(xml).Nodes["x"].Job!.Definition.Type.Text);
    }

    [Theory]
    [InlineData("retentionDays", "prozessengine:retentionDays")]
    [InlineData("businessCalendar", "prozessengine:calendar")]
    public void An_engine_property_under_another_spelling_is_rejected_with_the_name_to_write(string spelling, string meant)
    {
        var xml = Model($"""
            <bpmn:extensionElements><zeebe:properties><zeebe:property name="{spelling}" value="BE" /></zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="s" />
            """);

        var error = RejectedAt(xml, "p");

        Assert.Contains($"write '{meant}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_engine_property_is_rejected_with_the_known_ones()
    {
        var error = RejectedAt(Around(Task("""<zeebe:taskDefinition type="a" /><zeebe:properties><zeebe:property name="prozessengine:kalender" value="BE" /></zeebe:properties>""")), "x");

        Assert.Contains("'prozessengine:kalender' is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains(EngineProperties.Calendar, error.Message, StringComparison.Ordinal);
        Assert.Contains(EngineProperties.RetentionDays, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retention_of_zero_days_deploys_as_the_operations_guide_describes()
    {
        var process = Deploys(Model("""
            <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:retentionDays" value="0" /></zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="s" />
            """));

        Assert.Equal("0", process.Property(EngineProperties.RetentionDays));
    }

    [Theory]
    [InlineData("""<zeebe:taskDefinition type="a" retryBackoff="PT1M" />""", "'retryBackoff'")]
    [InlineData("""<zeebe:taskDefinition type="a" /><zeebe:taskHeaders><zeebe:property name="k" value="v" /></zeebe:taskHeaders>""", "takes zeebe:header")]
    [InlineData("""<zeebe:taskDefinition type="a" /><zeebe:ioMapping><zeebe:input source="=1" target="a" default="2" /></zeebe:ioMapping>""", "'default'")]
    public void An_attribute_or_child_the_engine_does_not_run_is_rejected(string extensions, string reason)
    {
        var error = RejectedAt(Around(Task(extensions)), "x");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zeebe_extension_a_message_does_not_take_is_rejected_naming_the_message()
    {
        var roots = """<bpmn:message id="m" name="eingang"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /><zeebe:taskHeaders /></bpmn:extensionElements></bpmn:message>""";

        var error = RejectedAt(Around("""<bpmn:receiveTask id="x" messageRef="m" />""", roots), "m");

        Assert.Contains("zeebe:taskHeaders is not supported on a message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zeebe_attribute_on_a_bpmn_element_is_rejected_unless_it_is_the_modellers_template_bookkeeping()
    {
        var error = RejectedAt(Around(Task("""<zeebe:taskDefinition type="a" />""", """zeebe:retryCounter="3" zeebe:modelerTemplate="t" """)), "x");

        Assert.Contains("zeebe:retryCounter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_business_rule_task_decided_by_a_job_worker_or_by_a_DMN_decision_deploys()
    {
        var job = Deploys(Around("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="gebuehr" /></bpmn:extensionElements></bpmn:businessRuleTask>"""));
        var dmn = Deploys(Around("""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="gebuehr" resultVariable="g" /></bpmn:extensionElements></bpmn:businessRuleTask>"""));

        Assert.NotNull(Assert.IsType<BusinessRuleTask>(job.Nodes["x"]).Job);
        var decision = Assert.IsType<BusinessRuleTask>(dmn.Nodes["x"]).Decision!;
        Assert.Equal("gebuehr", decision.DecisionId.Text);
        Assert.False(decision.DecisionId.IsExpression);
        Assert.Equal("g", decision.ResultVariable);
        Assert.Equal(BindingType.Latest, decision.Binding);
    }

    [Theory]
    [InlineData("""bindingType="deployment" """, BindingType.Deployment, null)]
    [InlineData("""bindingType="versionTag" versionTag="2026" """, BindingType.VersionTag, "2026")]
    [InlineData("", BindingType.Latest, null)]
    public void A_called_decision_keeps_its_binding_as_Camunda_writes_it(string attributes, BindingType binding, string? versionTag)
    {
        var model = Deploys(Around($"""<bpmn:businessRuleTask id="x"><bpmn:extensionElements><zeebe:calledDecision decisionId="=art + &quot;_gebuehr&quot;" resultVariable="g" {attributes}/></bpmn:extensionElements></bpmn:businessRuleTask>"""));

        var decision = ((BusinessRuleTask)model.Nodes["x"]).Decision!;
        Assert.True(decision.DecisionId.IsExpression);
        Assert.Equal(binding, decision.Binding);
        Assert.Equal(versionTag, decision.VersionTag);
    }

    [Theory]
    [InlineData("""<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="r" /><zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:scriptTask>""", "zeebe:taskHeaders only reach a job worker")]
    [InlineData("""<bpmn:sendTask id="x" messageRef="m"><bpmn:extensionElements><zeebe:publishMessage correlationKey="=1" /><zeebe:linkedResources><zeebe:linkedResource resourceId="r" resourceType="RPA" /></zeebe:linkedResources></bpmn:extensionElements></bpmn:sendTask>""", "zeebe:linkedResources only reach a job worker")]
    [InlineData("""<bpmn:scriptTask id="x"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="r" /><zeebe:taskDefinition type="skript" /></bpmn:extensionElements></bpmn:scriptTask>""", "zeebe:script and zeebe:taskDefinition exclude each other")]
    public void Job_extensions_on_an_element_the_engine_runs_itself_are_rejected(string element, string extension)
    {
        var error = RejectedAt(Around(element, """<bpmn:message id="m" name="n" />"""), "x");

        Assert.Contains(extension, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_headers_on_a_user_task_without_listeners_are_kept_for_the_task_api()
    {
        var process = Deploys(Around(UserTask("""<zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>""")));

        var task = Assert.IsType<UserTask>(process.Nodes["x"]);
        Assert.Equal([new KeyValuePair<string, string>("k", "v")], task.TaskHeaders.ToArray());
        Assert.Empty(task.TaskListeners);
    }
}
