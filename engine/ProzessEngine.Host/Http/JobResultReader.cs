using System.Globalization;
using System.Text.Json;
using ProzessEngine.Core;
using ProzessEngine.Feel;

namespace ProzessEngine.Host.Http;

/// <summary>
/// Reads a job result in Camunda 8's shape (<c>{"type": "userTask" | "adHocSubProcess", ...}</c>) and a user task
/// changeset strictly: an unknown type or field, or a value of the wrong kind, is a 400 that names the field.
/// </summary>
internal static class JobResultReader
{
    private static readonly HashSet<string> UserTaskFields = new(StringComparer.Ordinal) { "type", "denied", "deniedReason", "corrections" };
    private static readonly HashSet<string> AdHocFields = new(StringComparer.Ordinal)
    {
        "type", "activateElements", "isCompletionConditionFulfilled", "isCancelRemainingInstances",
    };

    /// <param name="context">The request, whose limits apply to the variables of elements to activate.</param>
    public static JobResult? Read(HttpContext context, JsonElement? result)
    {
        if (result is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RequestValidationException.For("result", "must be a JSON object with a type: userTask or adHocSubProcess.");
        }

        // Camunda 8.7 clients send task listener results without a type; userTask is the documented default.
        var type = element.TryGetProperty("type", out var typeElement) ? String(typeElement, "result.type") : "userTask";
        return type switch
        {
            "userTask" => ReadUserTask(element),
            "adHocSubProcess" => ReadAdHoc(context, element),
            _ => throw RequestValidationException.For("result.type", $"must be userTask or adHocSubProcess, not '{type}'."),
        };
    }

    /// <summary>
    /// Reads task attributes (corrections of a task listener, or the changeset of an update): a missing or null
    /// attribute keeps its value, an empty string clears the assignee or a date, an empty list clears candidates.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, FeelValue>> ReadAttributes(JsonElement? attributes, string field, bool allowAssignee)
    {
        if (attributes is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RequestValidationException.For(field, "must be a JSON object of task attributes.");
        }

        var result = new List<KeyValuePair<string, FeelValue>>();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var path = $"{field}.{name}";
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null && IsAttribute(name, allowAssignee))
            {
                continue;
            }

            switch (name)
            {
                case UserTaskAttributes.Assignee when allowAssignee:
                    var assignee = String(value, path).Trim();
                    result.Add(new(name, assignee.Length == 0 ? FeelValue.Null : FeelValue.FromString(assignee)));
                    break;
                case UserTaskAttributes.DueDate or UserTaskAttributes.FollowUpDate:
                    var text = String(value, path).Trim();
                    if (text.Length == 0)
                    {
                        result.Add(new(name, FeelValue.Null));
                        break;
                    }

                    if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                        || !text.Contains('T', StringComparison.Ordinal))
                    {
                        throw RequestValidationException.For(path, $"must be an ISO 8601 date and time with offset (e.g. 2026-12-24T10:00:00+01:00), not '{text}'.");
                    }

                    result.Add(new(name, FeelValue.FromString(instant.ToString("O", CultureInfo.InvariantCulture))));
                    break;
                case UserTaskAttributes.CandidateGroups or UserTaskAttributes.CandidateUsers:
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        throw RequestValidationException.For(path, "must be a list of names.");
                    }

                    var names = new List<FeelValue>();
                    foreach (var item in value.EnumerateArray())
                    {
                        var entry = String(item, path).Trim();
                        if (entry.Length == 0 || entry.Contains(',', StringComparison.Ordinal))
                        {
                            throw RequestValidationException.For(path, "must contain non-empty names without commas.");
                        }

                        names.Add(FeelValue.FromString(entry));
                    }

                    result.Add(new(name, FeelValue.FromList(names)));
                    break;
                case UserTaskAttributes.Priority:
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var priority) || priority is < 0 or > 100)
                    {
                        throw RequestValidationException.For(path, "must be a whole number from 0 to 100.");
                    }

                    result.Add(new(name, FeelValue.FromNumber(priority)));
                    break;
                default:
                    throw RequestValidationException.For(path, allowAssignee
                        ? "is unknown; a task listener can correct assignee, dueDate, followUpDate, candidateGroups, candidateUsers and priority."
                        : "is unknown; an update can change dueDate, followUpDate, candidateGroups, candidateUsers and priority (assign the task to change its assignee).");
            }
        }

        return result;
    }

    private static bool IsAttribute(string name, bool allowAssignee) =>
        (allowAssignee || name != UserTaskAttributes.Assignee) && UserTaskAttributes.All.Contains(name);

    private static UserTaskJobResult ReadUserTask(JsonElement element)
    {
        RejectUnknown(element, UserTaskFields, "result", "userTask");
        var denied = element.TryGetProperty("denied", out var deniedElement) && Boolean(deniedElement, "result.denied");
        var reason = element.TryGetProperty("deniedReason", out var reasonElement) && reasonElement.ValueKind != JsonValueKind.Null
            ? String(reasonElement, "result.deniedReason")
            : null;
        var corrections = ReadAttributes(element.TryGetProperty("corrections", out var c) ? c : null, "result.corrections", allowAssignee: true);
        if (denied && corrections.Count > 0)
        {
            throw RequestValidationException.For("result.corrections", "must be empty when the transition is denied: a denial keeps the task as it was.");
        }

        return new UserTaskJobResult(denied, reason, corrections);
    }

    private static AdHocSubProcessJobResult ReadAdHoc(HttpContext context, JsonElement element)
    {
        RejectUnknown(element, AdHocFields, "result", "adHocSubProcess");
        var activations = new List<AdHocActivation>();
        if (element.TryGetProperty("activateElements", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw RequestValidationException.For("result.activateElements", "must be a list of { elementId, variables }.");
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var path = $"result.activateElements[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw RequestValidationException.For(path, "must be an object { elementId, variables }.");
                }

                foreach (var property in item.EnumerateObject())
                {
                    if (property.Name is not ("elementId" or "variables"))
                    {
                        throw RequestValidationException.For($"{path}.{property.Name}", "is unknown; an element to activate has elementId and variables.");
                    }
                }

                if (!item.TryGetProperty("elementId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
                {
                    throw RequestValidationException.For($"{path}.elementId", "is required: the id of the inner element to activate.");
                }

                var variables = item.TryGetProperty("variables", out var v) ? Variables.Read(context, v, $"{path}.variables") : [];
                activations.Add(new AdHocActivation(id.GetString()!, variables));
            }
        }

        var fulfilled = element.TryGetProperty("isCompletionConditionFulfilled", out var f) && Boolean(f, "result.isCompletionConditionFulfilled");
        var cancel = element.TryGetProperty("isCancelRemainingInstances", out var r) && Boolean(r, "result.isCancelRemainingInstances");
        return new AdHocSubProcessJobResult(activations, fulfilled, cancel);
    }

    private static void RejectUnknown(JsonElement element, HashSet<string> known, string field, string type)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw RequestValidationException.For($"{field}.{property.Name}",
                    $"is unknown for a result of type {type}; it has {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static string String(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw RequestValidationException.For(field, $"must be a string, not {value.ValueKind}.");

    private static bool Boolean(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        _ => throw RequestValidationException.For(field, $"must be true or false, not {value.ValueKind}."),
    };
}
