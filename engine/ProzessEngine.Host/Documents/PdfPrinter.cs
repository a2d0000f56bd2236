using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace ProzessEngine.Host.Documents;

/// <summary>A PDF could not be printed (the browser failed or took too long): a failed attempt, retried like a job.</summary>
internal sealed class PdfPrintException(string message, Exception? cause = null) : Exception(message, cause);

/// <summary>
/// Prints HTML to PDF with the system's headless Chromium (PuppeteerSharp; the browser is never downloaded). One browser
/// per node, started on first use and started again when it died. The page runs no JavaScript and loads nothing from the
/// network: a letter is printed from its own HTML only, so a template cannot make the server fetch anything.
/// </summary>
internal sealed class PdfPrinter(PdfOptions options, ILogger<PdfPrinter> logger) : IAsyncDisposable
{
    // Flags that keep a headless Chromium quiet and offline; --no-sandbox because the engine may run as root in a container.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-extensions", "--mute-audio",
    ];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IBrowser? _browser;

    public async Task<byte[]> PrintAsync(string html, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var browser = await BrowserAsync(timeout.Token);
            await using var page = await browser.NewPageAsync().WaitAsync(timeout.Token);
            await page.SetJavaScriptEnabledAsync(false);
            await page.SetRequestInterceptionAsync(true);
            page.Request += async (_, e) =>
            {
                var url = e.Request.Url;
                if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("about:", StringComparison.Ordinal))
                {
                    await e.Request.ContinueAsync();
                }
                else
                {
                    await e.Request.AbortAsync();
                }
            };
            var milliseconds = (int)options.Timeout.TotalMilliseconds;
            await page.SetContentAsync(html, new SetContentOptions { Timeout = milliseconds, WaitUntil = [WaitUntilNavigation.Load] }).WaitAsync(timeout.Token);
            return await page.PdfDataAsync(new PuppeteerSharp.PdfOptions { Format = PaperFormat.A4, PrintBackground = true, PreferCSSPageSize = true })
                .WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PdfPrintException($"Printing the PDF took longer than {DocumentOptions.Section}:Pdf:Timeout ({options.Timeout.TotalSeconds:0} s).");
        }
        catch (PuppeteerException ex)
        {
            throw new PdfPrintException($"Chromium could not print the PDF: {ex.Message}", ex);
        }
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsClosed: false } running)
        {
            return running;
        }

        await _launch.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsClosed: false } started)
            {
                return started;
            }

            if (_browser is not null)
            {
                logger.LogWarning("Documents: Chromium ended; starting it again");
                await _browser.DisposeAsync();
            }

            _browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = options.ChromiumPath,
                Headless = true,
                Args = Flags,
                Timeout = (int)options.Timeout.TotalMilliseconds,
            });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _launch.Dispose();
    }
}
