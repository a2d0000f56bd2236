using Microsoft.AspNetCore.Authentication.Cookies;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Browsers send the session cookie with any request, also one forged by another site. A request that changes
/// something under a session cookie must therefore carry the header the designer sets (a header a cross-site form
/// cannot add). SameSite=Strict cookies already stop most of it; this holds even where that attribute is ignored.
/// Requests with an API key are not affected.
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public const string HeaderName = "X-Requested-With";

    public async Task InvokeAsync(HttpContext context)
    {
        var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        if (unsafeMethod
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && !context.Request.Headers.ContainsKey(HeaderName))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Nicht erlaubt",
                detail: $"A request that changes data under a session needs the header {HeaderName} (the designer sends it).").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
