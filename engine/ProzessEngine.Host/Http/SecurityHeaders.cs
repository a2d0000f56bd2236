namespace ProzessEngine.Host.Http;

/// <summary>
/// Headers that keep a browser from doing with our answers what they are not meant for: no page of ours inside another
/// site's frame, no sniffing of a model's XML into HTML, no scripts but our own bundle. Set on every answer (errors
/// included), just before it starts.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// API answers are data, never a page: if a browser renders one anyway (a model opened by address), nothing in it
    /// may run, load or submit anything, and the sandbox gives it an origin of its own.
    /// </summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

    /// <summary>
    /// The designer: scripts only from our own bundle (Vite emits no inline script), connections only to this host.
    /// bpmn-js, diagram-js, form-js and CodeMirror set style attributes and insert style elements at run time, so styles
    /// may be inline; an inline style cannot run code. Fonts and icons come as data: URIs from the bundled CSS.
    /// </summary>
    public const string DesignerPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (/scalar) configures itself in an inline module script that the library writes; the page shows
    /// our own OpenAPI document only.
    /// </summary>
    public const string ReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        + "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            // An endpoint that serves content of its own (a rendered letter) sets a stricter policy; it stays.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = PolicyFor(http);
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>Only HTML pages get a policy that lets scripts run; what else is HTML is the reference or the designer.</summary>
    private static string PolicyFor(HttpContext context)
    {
        if (context.Response.ContentType is not { } type || !type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return ApiPolicy;
        }

        return context.Request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase) ? ReferencePolicy : DesignerPolicy;
    }
}
