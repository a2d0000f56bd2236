using System.Collections.Immutable;
using System.Xml;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Bpmn.Parsing;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn;

/// <summary>
/// Reads BPMN 2.0 XML in the Camunda 8 (Zeebe) dialect into immutable <see cref="ProcessModel"/>s.
/// Every problem is collected, so a deployment reports all of them at once; a model with any problem yields no process.
/// </summary>
public sealed class BpmnParser(FeelEngine feel, BpmnParserOptions? options = null)
{
    private readonly BpmnParserOptions _options = options ?? new BpmnParserOptions();

    /// <summary>The FEEL engine expressions are compiled with; forms linked from the models are read with it too.</summary>
    public FeelEngine Feel => feel;

    public BpmnParseResult Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > _options.MaxCharacters)
        {
            return Failed(new BpmnDiagnostic(null, $"The model is larger than the limit of {_options.MaxCharacters:N0} characters."));
        }

        using var reader = new StringReader(xml);
        return Parse(reader);
    }

    public BpmnParseResult Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var budget = new ParseBudget(_options);
        try
        {
            return Parse(text, budget);
        }
        catch (ModelLimitException ex)
        {
            return Failed(ex.Diagnostic) with { TimedOut = ex.TimedOut };
        }
    }

    private BpmnParseResult Parse(TextReader text, ParseBudget budget)
    {
        XDocument document;
        try
        {
            using var xmlReader = new BoundedXmlReader(XmlReader.Create(text, SecureSettings(_options.MaxCharacters)), _options, budget);
            document = XDocument.Load(xmlReader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return Failed(new BpmnDiagnostic(null,
                "Document type definitions (DOCTYPE/DTD) are not allowed in a model.", ex.LineNumber, ex.LinePosition));
        }
        catch (XmlException ex)
        {
            return Failed(new BpmnDiagnostic(null, $"The XML is not well-formed: {ex.Message}", ex.LineNumber, ex.LinePosition));
        }

        var root = document.Root!;
        if (root.Name != Namespaces.Bpmn + "definitions")
        {
            return Failed(At(root, null,
                $"The root element is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}', expected BPMN 2.0 'definitions' in '{Namespaces.Bpmn}'."));
        }

        var diagnostics = new List<BpmnDiagnostic>();
        var warnings = new List<BpmnDiagnostic>();
        var processes = ImmutableArray.CreateBuilder<ProcessModel>();
        var processElements = root.Elements(Namespaces.Bpmn + "process").ToList();
        var executable = processElements.Where(p => (string?)p.Attribute("isExecutable") != "false").ToList();
        if (executable.Count == 0)
        {
            diagnostics.Add(At(root, null, processElements.Count == 0
                ? "The model contains no process."
                : "The model contains no executable process (isExecutable=\"true\")."));
        }

        if (_options.RejectInvalidIds)
        {
            IdCheck.Check(root, diagnostics);
        }

        var roots = new RootElements(root);
        foreach (var rootElement in root.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn
                     && e.Name.LocalName is "message" or "signal" or "error" or "escalation"))
        {
            ZeebeAttributeCheck.Check(rootElement, diagnostics);
            ZeebeAttributeCheck.CheckRootExtensions(rootElement, diagnostics);
        }

        foreach (var processElement in executable)
        {
            budget.Check(processElement);
            ZeebeAttributeCheck.Check(processElement, diagnostics);
            var process = new ProcessReader(feel, _options, processElement, roots, diagnostics, warnings, budget).Read();
            if (process is not null)
            {
                processes.Add(process);
            }
        }

        budget.Check();
        StraightThroughLoops.CheckCalls(_options, processes, root, diagnostics);
        var result = diagnostics.Count > 0 ? new BpmnParseResult([], [.. diagnostics]) : new BpmnParseResult(processes.ToImmutable(), []);
        return result with { Warnings = [.. warnings] };
    }

    /// <summary>
    /// Reads a model that was deployed before, for running its instances: checks that only guard new deployments
    /// (straight-through loops, ids and names) are left out, so that a version deployed before such a check existed
    /// keeps running, and so is the time limit, which depends on how busy the node is; so is whether a webhook's secrets
    /// are configured (a missing secret fails that webhook's requests, never its instances). The bounds on the XML's shape
    /// still hold: a model that an earlier version accepted with 100,000 levels must not cost every node minutes.
    /// </summary>
    public BpmnParseResult ParseStored(string xml) =>
        new BpmnParser(feel, _options with
        {
            RejectStraightThroughLoops = false,
            RejectInvalidIds = false,
            RejectMisplacedStartForms = false,
            MaxParseTime = TimeSpan.MaxValue,
            SecretIsConfigured = null,
        }).Parse(xml);

    internal static XmlReaderSettings SecureSettings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static BpmnParseResult Failed(BpmnDiagnostic diagnostic) => new([], [diagnostic]);

    internal static BpmnDiagnostic At(XElement element, string? elementId, string message)
    {
        var info = (IXmlLineInfo)element;
        return info.HasLineInfo()
            ? new BpmnDiagnostic(elementId, message, info.LineNumber, info.LinePosition)
            : new BpmnDiagnostic(elementId, message);
    }
}
