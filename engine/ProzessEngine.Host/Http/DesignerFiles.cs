using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ProzessEngine.Host.Http;

/// <summary>
/// The designer's files: Brotli or gzip when the browser takes them, compressed once per file and process (the Modeler
/// page is 1.4 MiB of JavaScript, 2 cores must not compress it for every clerk), and cache headers that match Vite's
/// output: files under /assets/ carry a content hash in their name and never change, index.html names the current
/// ones and so must never come from a cache. Optimal rather than smallest: the first clerk after a restart waits for it.
/// </summary>
internal sealed class DesignerFiles(RequestDelegate next, IWebHostEnvironment environment)
{
    public const string ImmutableCaching = "public, max-age=31536000, immutable";
    public const string NoCaching = "no-store";

    // Only text compresses; fonts (woff2), images and the already compressed stay as they are.
    private static readonly HashSet<string> CompressibleExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".mjs", ".css", ".html", ".svg", ".json", ".map", ".txt", ".eot", ".ttf", ".xml",
    };

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly ConcurrentDictionary<(string Path, string Encoding, long Length, DateTimeOffset Modified), Lazy<byte[]>> _compressed = new();

    /// <summary>The Cache-Control of a file the designer serves, by its path.</summary>
    public static string CachingFor(PathString path) =>
        path.StartsWithSegments("/assets", StringComparison.Ordinal) ? ImmutableCaching : NoCaching;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            || request.Path.Value is not { Length: > 1 } path
            || !CompressibleExtensions.Contains(Path.GetExtension(path))
            || Encoding(request) is not { } encoding
            || environment.WebRootFileProvider.GetFileInfo(path) is not { Exists: true, IsDirectory: false } file
            || !ContentTypes.TryGetContentType(path, out var contentType))
        {
            await next(context);
            return;
        }

        var body = _compressed.GetOrAdd((path, encoding, file.Length, file.LastModified), _ => new Lazy<byte[]>(() => Compress(file, encoding))).Value;
        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.ContentEncoding = encoding;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.CacheControl = CachingFor(request.Path);
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>Brotli before gzip, each only when the browser accepts it (q=0 refuses).</summary>
    private static string? Encoding(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        foreach (var candidate in new[] { "br", "gzip" })
        {
            if (accepted.Any(a => a.Value.Equals(candidate, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0))
            {
                return candidate;
            }
        }

        return null;
    }

    private static byte[] Compress(IFileInfo file, string encoding)
    {
        using var source = file.CreateReadStream();
        using var target = new MemoryStream();
        using (Stream compressor = encoding == "br"
                   ? new BrotliStream(target, CompressionLevel.Optimal, leaveOpen: true)
                   : new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true))
        {
            source.CopyTo(compressor);
        }

        return target.ToArray();
    }
}
