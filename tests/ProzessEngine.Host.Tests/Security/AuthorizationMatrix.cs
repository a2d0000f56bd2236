using System.Globalization;
using System.Text;

namespace ProzessEngine.Host.Tests.Security;

public enum MatrixRole
{
    Anonymous,
    Clerk,
    TeamLead,
    Modeler,
    Operator,
    System,
    Admin,
}

/// <summary>
/// The expected answer of one endpoint to each role: for the caller's own tenant and, after the slash, for another
/// tenant (its key, or its id in tenantId). One number: the tenant plays no part. A team lead gets what a clerk gets
/// unless <see cref="TeamLead"/> says otherwise.
/// </summary>
public sealed record MatrixRow(string Endpoint, string Anonymous, string Clerk, string Modeler, string Operator, string System, string Admin,
    string? TeamLead = null)
{
    public string TeamLeadCell => TeamLead ?? Clerk;

    public string Cell(MatrixRole role) => role switch
    {
        MatrixRole.Anonymous => Anonymous,
        MatrixRole.Clerk => Clerk,
        MatrixRole.TeamLead => TeamLeadCell,
        MatrixRole.Modeler => Modeler,
        MatrixRole.Operator => Operator,
        MatrixRole.System => System,
        MatrixRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The status for the own tenant, and for the other tenant when the endpoint has one.</summary>
    public (int Own, int? Other) Expected(MatrixRole role)
    {
        var parts = Cell(role).Split(" / ");
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : null);
    }
}

/// <summary>
/// Who may call which endpoint: the table docs/security.md shows, and that AuthorizationMatrixTests checks against every
/// endpoint the host maps (a new endpoint without a row fails the test). People (clerk, modeler, operator, admin) are
/// signed in with a session, systems with an API key; all of them are in stadt-a and in the candidate group of its tasks.
/// </summary>
public static class AuthorizationMatrix
{
    private const string None = "401";
    private const string Denied = "403";

    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        // Open to everyone.
        new("GET /health", "200", "200", "200", "200", "200", "200"),
        new("GET /health/live", "200", "200", "200", "200", "200", "200"),
        new("GET /health/ready", "200", "200", "200", "200", "200", "200"),
        new("GET /openapi/{documentName}.json", "200", "200", "200", "200", "200", "200"),
        new("GET /scalar/{documentName?}", "200", "200", "200", "200", "200", "200"),
        new("GET /scalar/scalar.js", "200", "200", "200", "200", "200", "200"),
        new("GET /scalar/scalar.aspnetcore.js", "200", "200", "200", "200", "200", "200"),
        new("GET /scalar/favicon.svg", "200", "200", "200", "200", "200", "200"),
        new("GET /auth/options", "200", "200", "200", "200", "200", "200"),
        new("POST /auth/login", "204", "204", "204", "204", "204", "204"),
        new("GET /auth/oidc/login", "404", "404", "404", "404", "404", "404"),
        new("POST /auth/logout", "204", "204", "204", "204", "204", "204"),
        new("GET /auth/me", None, "200", "200", "200", "200", "200"),

        // Models and forms.
        new("POST /v2/deployments", None, Denied, "200 / 403", Denied, Denied, "200 / 403"),
        new("POST /v2/process-definitions/search", None, "200 / 403", "200 / 403", "200 / 403", "200 / 403", "200 / 403"),
        new("GET /v2/process-definitions/{key:long}", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/process-definitions/{key:long}/xml", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/process-definitions/{key:long}/form", None, "204 / 404", "204 / 404", "204 / 404", "204 / 404", "204 / 404"),
        new("POST /v2/forms/search", None, "200 / 403", "200 / 403", "200 / 403", "200 / 403", "200 / 403"),
        new("GET /v2/forms/{key:long}", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),

        // Decisions: read like process definitions; evaluated by whoever may start processes, and by modelers trying a table.
        new("POST /v2/decision-definitions/evaluation", None, Denied, "200 / 403", "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/decision-definitions/search", None, "200 / 403", "200 / 403", "200 / 403", "200 / 403", "200 / 403"),
        new("GET /v2/decision-definitions/{key:long}", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/decision-definitions/{key:long}/xml", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),
        new("POST /v2/decision-requirements/search", None, "200 / 403", "200 / 403", "200 / 403", "200 / 403", "200 / 403"),
        new("GET /v2/decision-requirements/{key:long}", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/decision-requirements/{key:long}/xml", None, "200 / 404", "200 / 404", "200 / 404", "200 / 404", "200 / 404"),

        // Instances.
        new("POST /v2/process-instances/", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/process-instances/search", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("GET /v2/process-instances/{key:long}", None, Denied, Denied, "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/process-instances/{key:long}/journal", None, Denied, Denied, "200 / 404", "200 / 404", "200 / 404"),
        new("POST /v2/process-instances/{key:long}/journal/verification", None, Denied, Denied, "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/process-instances/{key:long}/documents", None, Denied, Denied, "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/process-instances/{key:long}/documents/{documentKey:long}", None, Denied, Denied, "404 / 404", "404 / 404", "404 / 404"),
        new("POST /v2/process-instances/{key:long}/cancellation", None, Denied, Denied, "204 / 404", Denied, "204 / 404"),
        new("POST /v2/process-instances/{key:long}/ad-hoc-activities/{adHocSubProcessInstanceKey:long}/activation", None, Denied, Denied,
            "204 / 404", Denied, "204 / 404"),
        new("PUT /v2/element-instances/{key:long}/variables", None, Denied, Denied, "204 / 404", Denied, "204 / 404"),
        new("POST /v2/incidents/search", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/incidents/{key:long}/resolution", None, Denied, Denied, "204 / 404", Denied, "204 / 404"),

        // Messages, signals, conditions.
        new("POST /v2/messages/publication", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/messages/correlation", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/signals/broadcast", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),
        new("POST /v2/conditionals/evaluation", None, Denied, Denied, "200 / 403", "200 / 403", "200 / 403"),

        // User tasks.
        new("POST /v2/user-tasks/search", None, "200 / 403", Denied, "200 / 403", Denied, "200 / 403"),
        new("GET /v2/user-tasks/{key:long}", None, "200 / 404", Denied, "200 / 404", Denied, "200 / 404"),
        new("POST /v2/user-tasks/{key:long}/assignment", None, "204 / 404", Denied, "204 / 404", Denied, "204 / 404"),
        new("DELETE /v2/user-tasks/{key:long}/assignee", None, "204 / 404", Denied, "204 / 404", Denied, "204 / 404"),
        new("PATCH /v2/user-tasks/{key:long}", None, "403 / 404", Denied, "204 / 404", Denied, "204 / 404"),
        new("POST /v2/user-tasks/{key:long}/completion", None, "204 / 404", Denied, "204 / 404", Denied, "204 / 404"),
        new("GET /v2/user-tasks/{key:long}/form", None, "200 / 404", Denied, "200 / 404", Denied, "200 / 404"),
        new("POST /v2/user-tasks/{key:long}/variables/search", None, "200 / 404", Denied, "200 / 404", Denied, "200 / 404"),
        new("POST /v2/user-tasks/{key:long}/comments", None, "201 / 404", Denied, "201 / 404", Denied, "201 / 404"),
        new("GET /v2/user-tasks/{key:long}/comments", None, "200 / 404", Denied, "200 / 404", Denied, "200 / 404"),
        new("GET /v2/process-instances/{key:long}/comments", None, Denied, Denied, "200 / 404", "200 / 404", "200 / 404"),
        new("GET /v2/user-tasks/{key:long}/documents", None, "200 / 404", Denied, "200 / 404", Denied, "200 / 404"),
        new("GET /v2/user-tasks/{key:long}/documents/{documentKey:long}", None, "404 / 404", Denied, "404 / 404", Denied, "404 / 404"),

        // Substitutions: everybody who works on tasks manages their own; a team lead also those of others.
        new("GET /v2/substitutions/", None, "200 / 403", Denied, "200 / 403", Denied, "200 / 403"),
        new("POST /v2/substitutions/", None, "201 / 403", Denied, "201 / 403", Denied, "201 / 403"),
        new("DELETE /v2/substitutions/{key:long}", None, "204 / 404", Denied, "204 / 404", Denied, "204 / 404"),

        // Inbound webhooks: public by design, each webhook checks its callers itself (here one that lets anyone in); the
        // engine's own credentials and roles play no part, and the tenant is the one in the address.
        new("GET /inbound/{context}", "200", "200", "200", "200", "200", "200"),
        new("POST /inbound/{context}", "200", "200", "200", "200", "200", "200"),
        new("PUT /inbound/{context}", "200", "200", "200", "200", "200", "200"),
        new("DELETE /inbound/{context}", "200", "200", "200", "200", "200", "200"),
        new("GET /inbound/{tenantId}/{context}", "200", "200", "200", "200", "200", "200"),
        new("POST /inbound/{tenantId}/{context}", "200", "200", "200", "200", "200", "200"),
        new("PUT /inbound/{tenantId}/{context}", "200", "200", "200", "200", "200", "200"),
        new("DELETE /inbound/{tenantId}/{context}", "200", "200", "200", "200", "200", "200"),

        // Jobs.
        new("POST /v2/jobs/activation", None, Denied, Denied, Denied, "200 / 403", "200 / 403"),
        new("POST /v2/jobs/{key:long}/completion", None, Denied, Denied, Denied, "204 / 404", "204 / 404"),
        new("POST /v2/jobs/{key:long}/failure", None, Denied, Denied, Denied, "204 / 404", "204 / 404"),
        new("POST /v2/jobs/{key:long}/error", None, Denied, Denied, Denied, "204 / 404", "204 / 404"),
    ];

    public const string Start = "<!-- authorization-matrix:start (generated from tests/ProzessEngine.Host.Tests/Security/AuthorizationMatrix.cs) -->";
    public const string End = "<!-- authorization-matrix:end -->";

    /// <summary>The table as docs/security.md shows it, between <see cref="Start"/> and <see cref="End"/>.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append(Start).Append('\n');
        text.Append("| endpoint | anonymous | clerk | teamlead | modeler | operator | system | admin |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| `{row.Endpoint}` | {row.Anonymous} | {row.Clerk} | {row.TeamLeadCell} | {row.Modeler} | {row.Operator} | {row.System} | {row.Admin} |\n");
        }

        text.Append(End);
        return text.ToString();
    }
}
