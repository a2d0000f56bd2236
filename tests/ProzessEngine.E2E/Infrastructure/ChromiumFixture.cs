using Microsoft.Playwright;
using ProzessEngine.Testing;
using Xunit.Abstractions;

namespace ProzessEngine.E2E.Infrastructure;

/// <summary>
/// Debian's chromium, launched once for all tests of the <see cref="ChromiumCollectionDefinition"/>; each test gets a fresh
/// browser context (cookies, storage) from <see cref="NewSessionAsync"/>.
/// Playwright never downloads a browser here: it drives the installed one.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Overrides the chromium binary, e.g. /usr/bin/chromium-browser on another distribution.</summary>
    public const string ExecutableVariable = "PROZESS_CHROMIUM";

    /// <summary>Folder for screenshots of failed tests; ./test.sh points it at its TRX results folder.</summary>
    public const string ResultsFolderVariable = "PROZESS_TEST_RESULTS";

    private const string DefaultExecutable = "/usr/bin/chromium";

    // Without the background-networking flags chromium keeps dialling Google services that the closed network
    // refuses; --no-sandbox because CI runs as root, where chromium's sandbox cannot start.
    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured
            ? configured
            : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {executable}: run ./test.sh or install it (sudo apt-get install -y chromium), "
                + $"or set {ExecutableVariable} to a chromium binary.");
        }

        // Playwright's driver must not try to fetch its own browser builds (there is no network for that).
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A new browser context and page for one test; dispose it at the end of the test.</summary>
    public async Task<BrowserSession> NewSessionAsync(ITestOutputHelper output, string testName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "de-DE",
            TimezoneId = "Europe/Berlin",
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, output, testName, ScreenshotFolder());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static string ScreenshotFolder()
    {
        var results = Environment.GetEnvironmentVariable(ResultsFolderVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Find(), "TestResults");
        return Path.Combine(results, "screenshots");
    }
}
