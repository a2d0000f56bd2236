using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>The deployment; <paramref name="Warnings"/> name what deployed but may not do what the modeller expects.</summary>
public sealed record DeploymentResponse(long DeploymentKey, string TenantId, IReadOnlyList<DeploymentItem> Deployments, IReadOnlyList<DeploymentWarningItem> Warnings);

public sealed record DeploymentWarningItem(
    string ResourceName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ElementId,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Column);

public sealed record DeploymentItem(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeployedProcessDefinitionItem? ProcessDefinition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeployedFormItem? Form,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeployedResourceItem? Resource = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeployedDecisionDefinitionItem? DecisionDefinition = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeployedDecisionRequirementsItem? DecisionRequirements = null);

/// <summary>A decision version of the deployment, as Camunda 8 lists it.</summary>
public sealed record DeployedDecisionDefinitionItem(string DecisionDefinitionId, int Version, long DecisionDefinitionKey, string? Name, string TenantId,
    string DecisionRequirementsId, long DecisionRequirementsKey);

/// <summary>A decision requirements graph version (a .dmn file) of the deployment, as Camunda 8 lists it.</summary>
public sealed record DeployedDecisionRequirementsItem(string DecisionRequirementsId, int Version, string? DecisionRequirementsName, long DecisionRequirementsKey,
    string ResourceName, string TenantId);

public sealed record DeployedProcessDefinitionItem(string ProcessDefinitionId, int ProcessDefinitionVersion, long ProcessDefinitionKey,
    string ResourceName, string TenantId);

public sealed record DeployedFormItem(string FormId, int Version, long FormKey, string ResourceName, string TenantId);

/// <summary>Another resource (a Scriban template), as Camunda 8 lists resources that are neither processes nor forms.</summary>
public sealed record DeployedResourceItem(string ResourceId, string ResourceName, int Version, long ResourceKey, string TenantId);

public static class DeploymentEndpoints
{
    private const int MaxResources = 50;

    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/deployments", Deploy)
            .WithTags("Deployments")
            .WithName("CreateDeployment")
            .WithSummary("Deploys BPMN models, DMN decisions, forms and Scriban templates (multipart field 'resources'). Changed content becomes a new version; warnings name what deployed but may not do what the modeller expects.")
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.Deploy);
        return app;
    }

    private static async Task<Ok<DeploymentResponse>> Deploy(HttpRequest request, HttpContext context, [FromServices] DeploymentService deployments,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw RequestValidationException.For("resources", "Send the files as multipart/form-data in the field 'resources'.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        // Only the two fields Camunda 8 defines; anything else would be ignored, so it is refused.
        var errors = new RequestErrors();
        foreach (var unknown in form.Keys.Where(k => k != "tenantId").Concat(form.Files.Select(f => f.Name).Where(n => n != "resources"))
                     .Distinct(StringComparer.Ordinal))
        {
            errors.Add(unknown, "is not a field of a deployment; send the files in 'resources' and optionally 'tenantId'.");
        }

        if (form.TryGetValue("tenantId", out var tenantValues) && tenantValues.Count > 1)
        {
            errors.Add("tenantId", "must be given once.");
        }

        errors.ThrowIfAny();
        var caller = context.Caller();
        var tenantId = caller.Tenant(form.TryGetValue("tenantId", out var tenant) ? tenant.ToString() : null);
        var files = form.Files.GetFiles("resources");
        if (files.Count == 0)
        {
            throw RequestValidationException.For("resources", "No file was sent in the field 'resources'.");
        }

        if (files.Count > MaxResources)
        {
            throw RequestValidationException.For("resources", $"At most {MaxResources} files can be deployed at once.");
        }

        var resources = new List<DeploymentResource>();
        foreach (var file in files)
        {
            if (file.Length > DeploymentService.MaxResourceBytes)
            {
                throw RequestValidationException.For("resources", $"'{file.FileName}' is larger than {DeploymentService.MaxResourceBytes / 1024 / 1024} MB.");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            // The name as sent: the deployment refuses one with folders rather than cutting them off unseen.
            resources.Add(new DeploymentResource(file.FileName, buffer.ToArray()));
        }

        var result = await deployments.DeployAsync(resources, tenantId, caller.Actor.ToString(), cancellationToken);
        var items = result.Processes
            .Select(p => new DeploymentItem(new DeployedProcessDefinitionItem(p.ProcessId, p.Version, p.Key, p.ResourceName, p.TenantId), null))
            .Concat(result.Forms.Select(f => new DeploymentItem(null, new DeployedFormItem(f.FormId, f.Version, f.Key, f.ResourceName, f.TenantId))))
            .Concat(result.Templates.Select(t => new DeploymentItem(null, null, new DeployedResourceItem(t.TemplateId, t.ResourceName, t.Version, t.Key, t.TenantId))))
            .Concat(result.DecisionRequirements.Select(r => new DeploymentItem(null, null, DecisionRequirements:
                new DeployedDecisionRequirementsItem(r.DecisionRequirementsId, r.Version, r.Name, r.Key, r.ResourceName, r.TenantId))))
            .Concat(result.Decisions.Select(d => new DeploymentItem(null, null, DecisionDefinition:
                new DeployedDecisionDefinitionItem(d.DecisionId, d.Version, d.Key, d.Name, d.TenantId, d.DecisionRequirementsId, d.DecisionRequirementsKey))))
            .ToList();
        var warnings = result.Warnings.Select(w => new DeploymentWarningItem(w.Resource, w.ElementId, w.Message, w.Line, w.Column)).ToList();
        return TypedResults.Ok(new DeploymentResponse(result.DeploymentKey, result.TenantId, items, warnings));
    }
}
