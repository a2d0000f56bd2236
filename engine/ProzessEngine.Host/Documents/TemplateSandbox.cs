using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Bpmn;
using ProzessEngine.Core.Text;
using ProzessEngine.Persistence;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ProzessEngine.Host.Documents;

/// <summary>A render that stopped: its message is the incident's, naming the template line or the limit.</summary>
internal sealed class TemplateRenderException(string message) : Exception(message);

/// <summary>
/// Renders Scriban templates written by process owners as untrusted code. A template sees only the variables it is
/// given, converted to Scriban's own objects (no .NET object is ever handed in, so there is no member of a CLR type to
/// reach, and reflection on members is switched off besides); it can include only the engine's layouts; and every render
/// is bounded: loop iterations, call depth, output and string size, and wall-clock time, each stopping it with an error
/// that names the limit.
/// </summary>
internal sealed class TemplateSandbox(TemplateLimits limits, TimeProvider clock, TimeZoneInfo zone) : ITemplateSyntax
{
    // Infrastructure, not business time: the time limit runs on the real clock even when tests fake the engine's.
    private static readonly TimeProvider RealTime = TimeProvider.System;

    public IReadOnlyList<TemplateSyntaxError> Check(string text)
    {
        var template = Parse(text, "template");
        return [.. template.Messages.Where(m => m.Type == ParserMessageType.Error)
            .Select(m => new TemplateSyntaxError(m.Message, m.Span.Start.Line + 1, m.Span.Start.Column + 1))];
    }

    /// <summary>Renders the template with the variables; with a layout, the result becomes the layout's <c>inhalt</c>.</summary>
    public async Task<string> RenderAsync(string templateId, string text, JsonObject variables, string? layout, CancellationToken cancellationToken)
    {
        var template = Parse(text, templateId);
        if (template.Messages.FirstOrDefault(m => m.Type == ParserMessageType.Error) is { } syntax)
        {
            throw new TemplateRenderException($"The template '{templateId}' has a syntax error at line {syntax.Span.Start.Line + 1}, "
                + $"column {syntax.Span.Start.Column + 1}: {syntax.Message}");
        }

        using var timeLimit = new CancellationTokenSource(limits.TimeLimit, RealTime);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        var globals = Globals(variables);
        var context = Context(globals, linked.Token);
        try
        {
            // Off the caller's thread: a render that ignores its token past the limit is left behind, not waited for.
            var rendered = await Task.Run(() => template.RenderAsync(context).AsTask(), linked.Token).WaitAsync(limits.TimeLimit * 2, RealTime, cancellationToken);
            if (layout is null)
            {
                return rendered;
            }

            globals.SetValue("inhalt", rendered, false);
            var layoutTemplate = Parse(LetterLayouts.Load(layout), layout);
            return await Task.Run(() => layoutTemplate.RenderAsync(Context(globals, linked.Token)).AsTask(), linked.Token)
                .WaitAsync(limits.TimeLimit * 2, RealTime, cancellationToken);
        }
        catch (Exception ex) when (timeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && ex is OperationCanceledException or ScriptAbortException or TimeoutException or ScriptRuntimeException)
        {
            throw new TemplateRenderException($"The template '{templateId}' stopped at the time limit ({DocumentOptions.Section}:Limits:TimeLimit, "
                + $"{limits.TimeLimit.TotalSeconds:0.###} s).");
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw new TemplateRenderException($"The template '{templateId}' stopped at the time limit of a regular expression "
                + $"({DocumentOptions.Section}:Limits:TimeLimit, {limits.TimeLimit.TotalSeconds:0.###} s).");
        }
        catch (TimeoutException)
        {
            throw new TemplateRenderException($"The template '{templateId}' stopped at the time limit ({DocumentOptions.Section}:Limits:TimeLimit, "
                + $"{limits.TimeLimit.TotalSeconds:0.###} s).");
        }
        catch (ScriptRuntimeException ex)
        {
            throw new TemplateRenderException($"The template '{ex.Span.FileName ?? templateId}' stopped at line {ex.Span.Start.Line + 1}, "
                + $"column {ex.Span.Start.Column + 1}: {Explain(ex.OriginalMessage)}");
        }
    }

    /// <summary>Scriban's message, with the setting that sets the limit it hit.</summary>
    private string Explain(string message)
    {
        var limit = message switch
        {
            _ when message.Contains("iteration", StringComparison.OrdinalIgnoreCase) || message.Contains("loop", StringComparison.OrdinalIgnoreCase)
                => $"the loop limit ({DocumentOptions.Section}:Limits:LoopLimit, {limits.LoopLimit:N0} iterations)",
            _ when message.Contains("recursive", StringComparison.OrdinalIgnoreCase)
                => $"the recursion limit ({DocumentOptions.Section}:Limits:RecursionLimit, {limits.RecursionLimit:N0} calls deep)",
            _ when message.Contains("output", StringComparison.OrdinalIgnoreCase) || message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                => $"the output limit ({DocumentOptions.Section}:Limits:OutputLimit, {limits.OutputLimit:N0} characters)",
            _ => null,
        };
        return limit is null ? message : $"{message} Stopped by {limit}.";
    }

    private static Template Parse(string text, string name) =>
        Template.Parse(text, name, new ParserOptions { ExpressionDepthLimit = 100 }, new LexerOptions { Mode = ScriptMode.Default });

    private TemplateContext Context(ScriptObject globals, CancellationToken cancellationToken)
    {
        var context = new TemplateContext
        {
            LoopLimit = limits.LoopLimit,
            LoopLimitQueryable = limits.LoopLimit,
            RecursiveLimit = limits.RecursionLimit,
            OutputLimit = limits.OutputLimit,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            LimitToString = limits.OutputLimit,
            OnStringLimit = ScriptLimitBehavior.Throw,
            ObjectRecursionLimit = 20,
            RegexTimeOut = limits.TimeLimit,
            // Only Scriban's own objects are handed in; should a .NET object ever slip through, none of its members is visible.
            MemberFilter = _ => false,
            TemplateLoader = new LetterLayouts(),
            CancellationToken = cancellationToken,
            StrictVariables = false,
        };
        context.PushGlobal(globals);
        return context;
    }

    /// <summary>The variables as Scriban objects, and the functions of our own (German dates).</summary>
    private ScriptObject Globals(JsonObject variables)
    {
        var globals = new ScriptObject();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        globals.SetValue("heute", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false);
        globals.Import("datum_de", new Func<object?, string>(GermanDate));
        foreach (var (name, value) in variables)
        {
            globals.SetValue(name, ToScript(value), false);
        }

        return globals;
    }

    /// <summary>"2026-12-05" (or a date-time) as "5. Dezember 2026"; anything else stays as it is.</summary>
    internal static string GermanDate(object? value)
    {
        var text = value?.ToString() ?? "";
        if (DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("d. MMMM yyyy", GermanFormat.Culture);
        }

        return text;
    }

    private static object? ToScript(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => ToScriptObject(obj),
        JsonArray array => ToScriptArray(array),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole
                : decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? exact
                : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    private static ScriptObject ToScriptObject(JsonObject obj)
    {
        var result = new ScriptObject();
        foreach (var (name, value) in obj)
        {
            result.SetValue(name, ToScript(value), false);
        }

        return result;
    }

    private static ScriptArray ToScriptArray(JsonArray array)
    {
        var result = new ScriptArray();
        foreach (var item in array)
        {
            result.Add(ToScript(item));
        }

        return result;
    }
}

/// <summary>
/// The only templates a template may include: the layouts the engine ships (embedded in the host). Any other name,
/// a path such as /etc/passwd included, is refused: nothing is read from the file system.
/// </summary>
internal sealed class LetterLayouts : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        DocumentTask.Layouts.Contains(templateName)
            ? templateName
            : throw new ScriptRuntimeException(callerSpan, $"include '{templateName}' is not allowed: a template can include only the engine's layouts "
                + $"({string.Join(", ", DocumentTask.Layouts)}), never files.");

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Load(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => ValueTask.FromResult<string?>(Load(templatePath));

    public static string Load(string layout)
    {
        using var stream = typeof(LetterLayouts).Assembly.GetManifestResourceStream($"ProzessEngine.Host.Documents.Layouts.{layout}.scriban")
            ?? throw new InvalidOperationException($"The layout '{layout}' is not shipped with this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
