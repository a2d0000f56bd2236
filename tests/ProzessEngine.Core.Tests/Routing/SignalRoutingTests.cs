using ProzessEngine.Core.Routing;
using static ProzessEngine.Core.Tests.Routing.RoutingModels;

namespace ProzessEngine.Core.Tests.Routing;

public sealed class SignalRoutingTests
{
    [Fact]
    public void A_signal_reaches_every_waiting_subscription_with_its_name_oldest_first_and_every_signal_start_event()
    {
        WaitingSignalSubscription[] waiting = [new(20, 2, "Stichtag"), new(10, 1, "Stichtag"), new(30, 1, "Stichtag"), new(5, 3, "Anderes")];
        var bericht = StartedBy("bericht", signal: "Stichtag");
        var fremd = StartedBy("fremd", signal: "Anderes");

        var deliveries = SignalRouting.Route("Stichtag", waiting, [fremd, bericht]);

        Assert.Equal<EventDelivery>(
            [new DeliveryToSubscription(10, 1), new DeliveryToSubscription(20, 2), new DeliveryToSubscription(30, 1), new DeliveryToStartEvent(bericht, "bySignal")],
            deliveries);
    }
}
