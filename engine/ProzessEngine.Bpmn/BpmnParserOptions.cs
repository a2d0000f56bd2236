namespace ProzessEngine.Bpmn;

/// <summary>
/// What the parser accepts. The bounds keep one upload from costing the host more than a real model ever needs; the host
/// sets them from Engine:Limits (docs/operations.md), and every message that reports one names its setting.
/// </summary>
public sealed record BpmnParserOptions
{
    /// <summary>Upper bound for the XML text; larger uploads are rejected before parsing.</summary>
    public long MaxCharacters { get; init; } = 10_000_000;

    /// <summary>Upper bound for the number of flow elements in one process (nested ones included).</summary>
    public int MaxElements { get; init; } = 10_000;

    /// <summary>
    /// How deeply XML elements may nest (Engine:Limits:MaxXmlDepth), documentation and extension elements included. A
    /// model needs a few levels per embedded sub-process and about ten besides; reading stops at the first element deeper.
    /// </summary>
    public int MaxXmlDepth { get; init; } = 100;

    /// <summary>XML elements in the whole document, diagram included (Engine:Limits:MaxXmlElements).</summary>
    public int MaxXmlElements { get; init; } = 250_000;

    /// <summary>Attributes of one XML element, namespace declarations included (Engine:Limits:MaxXmlAttributes).</summary>
    public int MaxXmlAttributes { get; init; } = 100;

    /// <summary>Characters of one attribute value, a FEEL expression for instance (Engine:Limits:MaxXmlAttributeCharacters).</summary>
    public int MaxXmlAttributeCharacters { get; init; } = 1_000_000;

    /// <summary>How long reading and checking one model may take (Engine:Limits:MaxParseTime).</summary>
    public TimeSpan MaxParseTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock <see cref="MaxParseTime"/> is measured with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The business calendar ids a model may name (<c>prozessengine:calendar</c>), compared ignoring case; null
    /// skips the check. The host passes <c>BusinessCalendarRegistry.Ids</c>.
    /// </summary>
    public IReadOnlyCollection<string>? KnownCalendarIds { get; init; }

    /// <summary>
    /// Whether the secret a webhook property names as <c>{{secrets.NAME}}</c> is configured (the host asks for
    /// Engine:Secrets:NAME); null skips the check. The parser never sees a secret's value.
    /// </summary>
    public Func<string, bool>? SecretIsConfigured { get; init; }

    /// <summary>
    /// Rejects loops that never reach a wait state (straight-through processing loops), as Camunda 8 does. Off only
    /// when reading definitions that were deployed already (<see cref="BpmnParser.ParseStored"/>): their instances
    /// keep running, bounded by the runtime's limits.
    /// </summary>
    public bool RejectStraightThroughLoops { get; init; } = true;

    /// <summary>
    /// Rejects ids that are no XML NCName or longer than 255 characters, and names longer than 500. Off only when reading
    /// definitions that were deployed already, before the check existed.
    /// </summary>
    public bool RejectInvalidIds { get; init; } = true;

    /// <summary>
    /// Rejects a start form anywhere but on the process's none start event, where nothing would show or check it. Off
    /// only when reading definitions deployed while such forms were accepted with a warning.
    /// </summary>
    public bool RejectMisplacedStartForms { get; init; } = true;

    /// <summary>Throws naming the setting when a configurable bound is zero or less, so that a wrong configuration stops the start.</summary>
    public BpmnParserOptions Validate()
    {
        Require(MaxXmlDepth, nameof(MaxXmlDepth));
        Require(MaxXmlElements, nameof(MaxXmlElements));
        Require(MaxXmlAttributes, nameof(MaxXmlAttributes));
        Require(MaxXmlAttributeCharacters, nameof(MaxXmlAttributeCharacters));
        Require(MaxParseTime.Ticks, nameof(MaxParseTime));
        return this;
    }

    private static void Require(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Engine:Limits:{name} must be greater than zero.");
        }
    }
}
