using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Routing.RoutingModels;

namespace ProzessEngine.Core.Tests.Routing;

public sealed class CallActivityRoutingTests
{
    private static readonly ParentLink Parent = new(1, 2, "call", [], false);

    private static ChildInstanceRequested Request(CallBinding binding, string? versionTag = null) =>
        new(99, 2, "call", "kind", binding, versionTag, [], Parent, 1);

    [Fact]
    public void The_newest_version_is_called_or_the_newest_with_the_version_tag()
    {
        var tagged = StartedBy("kind", versionTag: "2026-1", noneStart: true) with { Version = 1 };
        var newest = StartedBy("kind", noneStart: true) with { Version = 2 };

        Assert.Same(newest, CallActivityRouting.Resolve(Request(CallBinding.Latest), [newest, tagged]).Process);
        Assert.Same(tagged, CallActivityRouting.Resolve(Request(CallBinding.VersionTag, "2026-1"), [newest, tagged]).Process);
    }

    [Theory]
    [InlineData(CallBinding.Latest, "No process 'kind' is deployed.")]
    [InlineData(CallBinding.Deployment, "No process 'kind' is deployed in the deployment of the calling process.")]
    [InlineData(CallBinding.VersionTag, "No process 'kind' is deployed with version tag 'v9'.")]
    public void A_call_that_finds_no_version_names_what_it_looked_for(CallBinding binding, string problem)
    {
        var resolved = CallActivityRouting.Resolve(Request(binding, "v9"), binding == CallBinding.VersionTag ? [StartedBy("kind", noneStart: true)] : []);

        Assert.Null(resolved.Process);
        Assert.Equal(problem, resolved.Problem);
    }

    [Fact]
    public void A_process_without_a_none_start_event_cannot_be_called()
    {
        var resolved = CallActivityRouting.Resolve(Request(CallBinding.Latest), [StartedBy("kind", message: "m")]);

        Assert.Equal("Process 'kind' has no none start event and cannot be called.", resolved.Problem);
    }

    [Fact]
    public void A_child_answers_its_parent_and_a_parent_cancels_its_child_but_an_ended_instance_takes_nothing()
    {
        var completed = ParentChildWork.From(new ChildInstanceCompleted(1, 2, [], 99, "kind"))!;
        var error = ParentChildWork.From(new ErrorPropagatedToParent(1, 2, "E1", "kaputt", [], 99, "kind"))!;
        var cancel = ParentChildWork.From(new ChildInstanceCancelRequested(99, 2, "call"))!;
        var engine = new InMemoryEngine();
        var kind = engine.Deploy(Xml("kind", noneStart: true));
        var ended = engine.Start("kind");

        Assert.Equal((ParentChildWorkKind.ChildCompleted, 1L, 2L), (completed.Kind, completed.TargetInstanceKey, completed.CallActivityInstanceKey));
        Assert.Equal((ParentChildWorkKind.ChildError, "E1", "kaputt"), (error.Kind, error.Code, error.ErrorMessage));
        Assert.Equal((ParentChildWorkKind.CancelChild, 99L), (cancel.Kind, cancel.TargetInstanceKey));
        Assert.Null(ParentChildWork.From(new UserTaskCompleted(1, 2, "task")));
        Assert.Equal(InstanceStatus.Completed, ended.Status);
        Assert.Null(cancel.ApplyTo(engine.Runtime, kind, ended));
        Assert.Null(completed.ApplyTo(engine.Runtime, kind, ended));
    }
}
