namespace ProzessEngine.E2E.Infrastructure;

/// <summary>Browser tests join this collection to share one chromium; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollectionDefinition : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
