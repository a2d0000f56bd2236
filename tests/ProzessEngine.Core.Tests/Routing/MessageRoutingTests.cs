using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.State;
using static ProzessEngine.Core.Tests.Routing.RoutingModels;

namespace ProzessEngine.Core.Tests.Routing;

public sealed class MessageRoutingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly PublishedMessage Message = new("Unterlagen eingegangen", "A-1", null, TimeSpan.FromHours(1));

    [Fact]
    public void A_message_goes_to_the_oldest_waiting_subscription_of_each_process_and_starts_every_other_process_with_its_start_event()
    {
        WaitingMessageSubscription[] waiting =
        [
            new(30, 3, "antrag", Message.Name, "A-1"),
            new(10, 1, "antrag", Message.Name, "A-1"),
            new(20, 2, "widerspruch", Message.Name, "A-1"),
            new(5, 9, "andere", Message.Name, "B-2"),
            new(6, 8, "andere", "Anderer Name", "A-1"),
        ];
        var antrag = StartedBy("antrag", message: Message.Name);
        var eingang = StartedBy("eingang", message: Message.Name);
        var fremd = StartedBy("fremd", message: "Etwas anderes");

        var route = MessageRouting.Route(Message, waiting, [antrag, eingang, fremd], [], Now, mayBuffer: true);

        Assert.Equal<EventDelivery>(
            [new DeliveryToSubscription(10, 1), new DeliveryToSubscription(20, 2), new DeliveryToStartEvent(eingang, "byMessage")],
            route.Deliveries);
        Assert.False(route.Buffer);
        Assert.False(route.Duplicate);
    }

    [Theory]
    [InlineData(true, 3600, true)]
    [InlineData(false, 3600, false)]
    [InlineData(true, 0, false)]
    public void A_message_nobody_receives_is_buffered_when_allowed_and_its_time_to_live_is_positive(bool mayBuffer, int seconds, bool buffered)
    {
        var route = MessageRouting.Route(Message with { TimeToLive = TimeSpan.FromSeconds(seconds) }, [], [StartedBy("fremd", message: "Etwas")], [],
            Now, mayBuffer);

        Assert.Empty(route.Deliveries);
        Assert.Equal(buffered, route.Buffer);
    }

    [Fact]
    public void A_message_id_is_a_duplicate_while_the_message_that_took_it_lives_and_free_again_once_its_time_to_live_ended()
    {
        var message = Message with { MessageId = "portal-0815" };
        var live = new TakenMessageId("portal-0815", 1, Now.AddMinutes(5));
        WaitingMessageSubscription[] waiting = [new(10, 1, "antrag", message.Name, "A-1")];

        var duplicate = MessageRouting.Route(message, waiting, [], [live], Now, mayBuffer: true);
        var again = MessageRouting.Route(message, waiting, [], [live with { ExpiresAt = Now }], Now, mayBuffer: true);

        Assert.True(duplicate.Duplicate);
        Assert.Empty(duplicate.Deliveries);
        Assert.False(duplicate.TakesId);
        Assert.False(again.Duplicate);
        Assert.Single(again.Deliveries);
        Assert.True(again.TakesId);
        Assert.Equal("A message with id 'portal-0815' was already published; the id stays in use until that message's time to live ends (2026-11-23 08:05:00 UTC).",
            MessageRouting.DuplicateProblem("portal-0815", [live], Now));
    }

    [Theory]
    [InlineData("portal-1", 3600, true)]
    [InlineData("portal-1", 0, false)]
    [InlineData("", 3600, false)]
    [InlineData(null, 3600, false)]
    public void A_message_takes_its_id_whether_correlated_or_buffered_only_when_it_has_one_and_a_time_to_live(string? messageId, int seconds, bool takes)
    {
        var message = Message with { MessageId = messageId, TimeToLive = TimeSpan.FromSeconds(seconds) };
        WaitingMessageSubscription[] waiting = [new(10, 1, "antrag", message.Name, "A-1")];

        Assert.Equal(takes, MessageRouting.Route(message, waiting, [], [], Now, mayBuffer: true).TakesId);
        Assert.Equal(takes, MessageRouting.Route(message, [], [], [], Now, mayBuffer: true).TakesId);
    }

    [Fact]
    public void A_message_published_again_after_its_receiver_stopped_waiting_is_no_duplicate_of_itself()
    {
        var message = Message with { MessageId = "portal-0815" };
        TakenMessageId[] itself = [new("portal-0815", 1, Now.AddHours(1))];

        var again = MessageRouting.Route(message, [], [], itself, Now, mayBuffer: true, again: true);

        Assert.False(again.Duplicate);
        Assert.True(again.Buffer);
        Assert.False(again.TakesId);
    }

    [Fact]
    public void A_subscription_that_opens_takes_the_oldest_live_buffered_message_with_its_name_and_correlation_key()
    {
        BufferedMessage[] buffered =
        [
            new(4, "n", "A-1", null, Now.AddMinutes(-1), Now.AddHours(1)),
            new(3, "n", "A-1", null, Now.AddMinutes(-2), Now.AddHours(1)),
            new(2, "n", "A-1", null, Now.AddMinutes(-3), Now),
            new(1, "n", "B-2", null, Now.AddMinutes(-4), Now.AddHours(1)),
        ];

        Assert.Equal(3, MessageRouting.MatchBuffered("n", "A-1", buffered, Now)!.Key);
        Assert.Null(MessageRouting.MatchBuffered("m", "A-1", buffered, Now));
    }

    [Fact]
    public void A_delivery_that_finds_the_instance_ended_or_the_element_no_longer_waiting_publishes_the_message_again()
    {
        var instance = new ProcessInstanceState(1, 1, "antrag", 1, "<default>", Now);

        Assert.Equal(DeliveryOutcome.Republish, MessageRouting.AfterDelivery(null));
        Assert.Equal(DeliveryOutcome.Republish, MessageRouting.AfterDelivery(new ExecutionResult(instance, "correlate-message", CommandActor.Engine, Now, [], [])));
        Assert.Equal(DeliveryOutcome.Correlated, MessageRouting.AfterDelivery(
            new ExecutionResult(instance, "correlate-message", CommandActor.Engine, Now, [new MessageCorrelated(7, 2, "warten")], [])));
    }
}
