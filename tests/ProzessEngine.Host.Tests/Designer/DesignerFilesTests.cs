using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Designer;

/// <summary>
/// The designer's files come compressed and with cache headers that fit Vite's hashed names. Regression: 1.4 MiB of
/// JavaScript for the Modeler page went out uncompressed and without cache headers, on every visit.
/// </summary>
public sealed class DesignerFilesTests : IAsyncLifetime
{
    private static readonly string WebRoot = Path.Combine(RepositoryRoot.Find(), "engine", "ProzessEngine.Host", "wwwroot");
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    private static string LargestScript() =>
        "/assets/" + Path.GetFileName(Directory.GetFiles(Path.Combine(WebRoot, "assets"), "*.js").OrderByDescending(f => new FileInfo(f).Length).First());

    private async Task<HttpResponseMessage> GetAsync(string path, params string[] encodings)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var encoding in encodings)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }

        return await _app.CreateClient().SendAsync(request);
    }

    private static async Task<byte[]> DecodedAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = response.Content.Headers.ContentEncoding.Single() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            var other => throw new InvalidOperationException(other),
        };
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        return decoded.ToArray();
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_hashed_script_comes_compressed_and_cached_for_good(string encoding)
    {
        var path = LargestScript();
        var original = await File.ReadAllBytesAsync(Path.Combine(WebRoot, path.TrimStart('/')));

        var response = await GetAsync(path, encoding);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.True(response.Content.Headers.ContentLength < original.Length / 2, $"{response.Content.Headers.ContentLength} of {original.Length}");
        Assert.Equal(original, await DecodedAsync(response));
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Brotli_is_preferred_and_a_browser_without_compression_gets_the_file_itself()
    {
        var path = LargestScript();

        var both = await GetAsync(path, "gzip", "br");
        var plain = await GetAsync(path);

        Assert.Equal(["br"], both.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(WebRoot, path.TrimStart('/'))), await plain.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=31536000, immutable", plain.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task The_page_that_names_the_current_assets_is_never_cached(string path)
    {
        var compressed = await GetAsync(path, "br");
        var plain = await GetAsync(path);

        Assert.Equal("no-store", compressed.Headers.CacheControl!.ToString());
        Assert.Equal("no-store", plain.Headers.CacheControl!.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(WebRoot, "index.html")), await DecodedAsync(compressed));
        Assert.Contains("script-src 'self'", compressed.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", compressed.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", compressed.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_path_outside_the_designer_files_is_not_served()
    {
        var response = await GetAsync("/assets/..%2f..%2fappsettings.json", "br");

        Assert.False(response.IsSuccessStatusCode);
    }
}
