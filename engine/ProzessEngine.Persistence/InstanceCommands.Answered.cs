using ProzessEngine.Core;
using ProzessEngine.Core.Routing;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Routing;

namespace ProzessEngine.Persistence;

/// <summary>
/// Starts and messages that answer an HTTP request whose answer depends on what they did (webhooks, and starts with an
/// Idempotency-Key). The answer is made before the write, from the keys the write will carry, and with a
/// <see cref="IdempotencyClaim"/> kept in the same transaction: a repeat of the request within the claim's window gets
/// that answer again and does nothing, also when it raced the first one (the key's row refuses the second writer, whose
/// retry then finds the answer).
/// </summary>
public sealed partial class InstanceCommands
{
    /// <summary>Starts an instance (the latest or a given version), once per claim.</summary>
    public async Task<AnsweredRequest> StartAnsweredAsync(string? processId, int? version, long? definitionKey, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, IdempotencyClaim? claim, Func<StartedInstance, IdempotentAnswer> answer,
        StartVariablesCheck? checkVariables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (_, given, replayed) = await Measured("start-instance",
            () => StartCoreAsync(processId, version, definitionKey, tenantId, variables, actor, checkVariables, claim, answer, cancellationToken));
        return new AnsweredRequest(given!, replayed);
    }

    /// <summary>
    /// Publishes a message, once per claim. A message id in use drops the message (it was published before); the answer
    /// is then made from null instead of the message's key.
    /// </summary>
    public async Task<AnsweredRequest> PublishMessageAnsweredAsync(string name, string? correlationKey, TimeSpan timeToLive, string? messageId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string tenantId, IdempotencyClaim? claim, Func<long?, IdempotentAnswer> answer,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(answer);
        return await Measured("publish-message", async () =>
        {
            var publication = OutboxWork.For(new PublishedMessage(name, correlationKey ?? "", messageId, timeToLive), variables);
            try
            {
                var routed = await _messages.RouteAsync(publication, tenantId, null, mayBuffer: true, refuseDuplicate: false, cancellationToken, claim, answer);
                await _outbox.CarryOutAsync(routed.Outbox, cancellationToken);
                return new AnsweredRequest(routed.Answer!, false);
            }
            catch (IdempotentReplayException replay)
            {
                return new AnsweredRequest(replay.Answer, true);
            }
        });
    }

    /// <summary>Correlates a message now (not found when nothing waits for it), once per claim.</summary>
    public async Task<AnsweredRequest> CorrelateMessageAnsweredAsync(string name, string? correlationKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        string tenantId, IdempotencyClaim? claim, Func<CorrelatedMessage, IdempotentAnswer> answer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(answer);
        return await Measured("correlate-message", async () =>
        {
            try
            {
                var (_, outbox, given) = await _messages.CorrelateAsync(new PublishedMessage(name, correlationKey ?? "", null, TimeSpan.Zero), variables ?? [],
                    tenantId, cancellationToken, claim, answer);
                await _outbox.CarryOutAsync(outbox, cancellationToken);
                return new AnsweredRequest(given!, false);
            }
            catch (IdempotentReplayException replay)
            {
                return new AnsweredRequest(replay.Answer, true);
            }
        });
    }
}
