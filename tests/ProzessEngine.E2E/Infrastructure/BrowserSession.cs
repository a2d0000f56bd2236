using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ProzessEngine.E2E.Infrastructure;

/// <summary>One test's browser context and page. <see cref="RunAsync"/> saves a screenshot when a step fails.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _testName;
    private readonly string _screenshotFolder;

    private readonly List<string> _policyViolations = [];

    internal BrowserSession(IBrowserContext context, IPage page, ITestOutputHelper output, string testName, string screenshotFolder)
    {
        Context = context;
        Page = page;
        _output = output;
        _testName = testName;
        _screenshotFolder = screenshotFolder;
        // The host's Content-Security-Policy must let the designer do everything it does: a blocked script, style or
        // request shows only as a console error, so every browser test fails on one.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add(message.Text);
                }
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Runs the test's steps; if one throws, saves a full-page screenshot, names it in the test output, and rethrows.</summary>
    public async Task RunAsync(Func<IPage, Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps(Page);
            lock (_policyViolations)
            {
                if (_policyViolations.Count > 0)
                {
                    throw new Xunit.Sdk.XunitException("The page broke its Content-Security-Policy:\n" + string.Join("\n", _policyViolations));
                }
            }
        }
        catch
        {
            await SaveScreenshotAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private async Task SaveScreenshotAsync()
    {
        var file = Path.Combine(_screenshotFolder, string.Concat(_testName.Split(Path.GetInvalidFileNameChars())) + ".png");
        try
        {
            Directory.CreateDirectory(_screenshotFolder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            _output.WriteLine($"Screenshot of the failed test: {file} (page {Page.Url})");
        }
        catch (PlaywrightException exception)
        {
            // The original failure matters more than a missing picture of it.
            _output.WriteLine($"No screenshot: {exception.Message}");
        }
    }
}
