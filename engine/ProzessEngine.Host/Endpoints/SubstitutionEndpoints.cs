using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProzessEngine.Core;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// A substitution to create. <c>from</c> and <c>to</c> are a calendar day (<c>2026-08-03</c>, in Engine:TimeZone; <c>to</c>
/// includes its whole day) or an instant with offset (<c>2026-08-03T12:00:00+02:00</c>; <c>to</c> excluded). Without
/// <c>from</c> it starts now; without <c>absentUserId</c> it is the caller's own.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateSubstitutionRequest(string? AbsentUserId, IReadOnlyList<string?>? Deputies, string? From, string? To, string? TenantId = null);

/// <summary>
/// Substitutions (Vertretungen): a person names deputies for a period; while it runs the deputies see, claim and
/// complete the person's tasks and their groups' tasks. Everybody manages their own; team leads (and administrators)
/// those of anybody in their tenants.
/// </summary>
public static class SubstitutionEndpoints
{
    private const int MaxUserIdLength = 200;

    public static IEndpointRouteBuilder MapSubstitutionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/substitutions").WithTags("Substitutions").RequireAuthorization(Policies.WorkOnTasks);

        group.MapGet("/", Search)
            .WithName("SearchSubstitutions")
            .WithSummary("Substitutions by absentUserId, deputyId and state (PLANNED, ACTIVE, ENDED), latest end first; a team lead sees all of "
                + "the tenant, everybody else those they are absent or deputy in.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/", Create)
            .WithName("CreateSubstitution")
            .WithSummary("Names deputies for a period; for someone else (absentUserId) only as team lead.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapDelete("/{key:long}", End)
            .WithName("EndSubstitution")
            .WithSummary("Ends the substitution now (one that has not started is removed); the absent person or a team lead; 409 when it is over.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static bool ManagesOthers(Caller caller) => caller.Has(Roles.TeamLead);

    private static async Task<Ok<SearchResponse<SubstitutionView>>> Search(string? absentUserId, string? deputyId, string? state, string? tenantId,
        int? from, int? limit, HttpContext context, [FromServices] Substitutions substitutions, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var errors = new RequestErrors();
        var upper = state?.Trim().ToUpperInvariant();
        if (upper is not null && !SubstitutionStates.All.Contains(upper))
        {
            errors.Add("state", $"must be one of {string.Join(", ", SubstitutionStates.All.Order(StringComparer.Ordinal))}.");
        }

        if (from is < 0)
        {
            errors.Add("from", "must be 0 or more.");
        }

        if (limit is < 1 or > Page.MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {Page.MaxLimit}.");
        }

        errors.ThrowIfAny();
        var tenant = caller.Tenant(tenantId);
        var filter = new SubstitutionFilter(Blank(absentUserId), Blank(deputyId), upper, ManagesOthers(caller) ? null : caller.Id);
        var result = await substitutions.SearchAsync([tenant], filter, new Page(from ?? 0, limit ?? 100), cancellationToken);
        return TypedResults.Ok(SearchResponse.From(result));
    }

    private static async Task<Created<SubstitutionView>> Create(CreateSubstitutionRequest request, HttpContext context,
        [FromServices] Substitutions substitutions, [FromServices] KnownUsers users, [FromServices] TimeProvider clock,
        [FromServices] IOptions<EngineOptions> options, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var errors = new RequestErrors();
        var absent = Blank(request.AbsentUserId) ?? caller.Id;
        CheckUserId(absent, "absentUserId", errors);
        var deputies = ReadDeputies(request.Deputies, absent, errors);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var now = clock.GetUtcNow();
        var start = request.From is null ? now : ReadMoment(request.From, "from", zone, endOfDay: false, errors);
        var end = request.To is null ? null : ReadMoment(request.To, "to", zone, endOfDay: true, errors);
        if (request.To is null)
        {
            errors.Add("to", "is required: the last day (2026-08-14) or the instant (2026-08-14T12:00:00+02:00) the substitution ends.");
        }
        else if (end is { } e && start is { } s && e <= s)
        {
            errors.Add("to", "must come after from.");
        }
        else if (end is { } past && past <= now)
        {
            errors.Add("to", "lies in the past; a substitution is for now or later.");
        }

        errors.ThrowIfAny();
        if (absent != caller.Id && !ManagesOthers(caller))
        {
            throw new ForbiddenException($"absentUserId: only a team lead can set a substitution for someone else ('{absent}').");
        }

        var tenant = caller.Tenant(request.TenantId);
        if (absent == caller.Id && !caller.IsSystem)
        {
            // The deputies need the groups the absent person has now, also when they signed in with an access token.
            await users.RememberAsync([tenant], caller.Id, context.User.Identity?.Name, caller.Groups, cancellationToken);
        }

        var created = await substitutions.CreateAsync(tenant, absent, deputies, start!.Value, end!.Value, caller.Id, cancellationToken);
        return TypedResults.Created((string?)null, created);
    }

    private static async Task<NoContent> End(long key, HttpContext context, [FromServices] Substitutions substitutions, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var substitution = await substitutions.GetAsync(key, caller.TenantIds, cancellationToken);
        var involved = substitution is not null && (substitution.AbsentUserId == caller.Id || substitution.Deputies.Contains(caller.Id));
        if (substitution is null || (!involved && !ManagesOthers(caller)))
        {
            throw new EngineNotFoundException($"Substitution {key} does not exist or is not visible to you.");
        }

        if (substitution.AbsentUserId != caller.Id && !ManagesOthers(caller))
        {
            throw new ForbiddenException($"Only '{substitution.AbsentUserId}' or a team lead can end this substitution.");
        }

        await substitutions.EndAsync(key, cancellationToken);
        return TypedResults.NoContent();
    }

    private static List<string> ReadDeputies(IReadOnlyList<string?>? requested, string absent, RequestErrors errors)
    {
        var deputies = new List<string>();
        if (requested is null || requested.Count == 0)
        {
            errors.Add("deputies", "must name at least one deputy (a user id).");
            return deputies;
        }

        if (requested.Count > Substitutions.MaxDeputies)
        {
            errors.Add("deputies", $"names {requested.Count} deputies; at most {Substitutions.MaxDeputies} are allowed.");
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"deputies[{i.ToString(CultureInfo.InvariantCulture)}]";
            var deputy = Blank(requested[i]);
            if (deputy is null)
            {
                errors.Add(field, "must be a user id.");
            }
            else if (deputy == absent)
            {
                errors.Add(field, $"is '{absent}', the absent person; a deputy is someone else.");
            }
            else if (CheckUserId(deputy, field, errors))
            {
                deputies.Add(deputy);
            }
        }

        return deputies;
    }

    private static bool CheckUserId(string userId, string field, RequestErrors errors)
    {
        if (userId.Length > MaxUserIdLength || userId.Any(char.IsControl))
        {
            errors.Add(field, $"must be a user id of at most {MaxUserIdLength} characters without control characters.");
            return false;
        }

        return true;
    }

    /// <summary>A calendar day in the engine's time zone (its start; with <paramref name="endOfDay"/> the start of the next day), or an instant with offset.</summary>
    private static DateTimeOffset? ReadMoment(string text, string field, TimeZoneInfo zone, bool endOfDay, RequestErrors errors)
    {
        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return LocalDayStart.Of(endOfDay ? day.AddDays(1) : day, zone);
        }

        if (trimmed.Length > 10 && (trimmed.EndsWith('Z') || trimmed[^6] is '+' or '-')
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
        {
            return instant;
        }

        errors.Add(field, "must be a day (2026-08-03) or an instant with offset (2026-08-03T08:00:00+02:00).");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
