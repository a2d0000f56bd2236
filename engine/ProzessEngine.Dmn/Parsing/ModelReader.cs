using System.Xml;
using System.Xml.Linq;
using ProzessEngine.Dmn.Evaluation;
using ProzessEngine.Dmn.Model;
using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Parsing;

/// <summary>
/// Reads a definitions element into DRG elements with compiled expressions. Every problem becomes a diagnostic and
/// reading goes on, so that one pass reports all of them.
/// </summary>
internal sealed partial class ModelReader
{
    /// <summary>The DMN model namespaces this reader takes: 1.1 to 1.5.</summary>
    public static readonly IReadOnlyDictionary<string, string> Versions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["http://www.omg.org/spec/DMN/20151101/dmn.xsd"] = "1.1",
        ["http://www.omg.org/spec/DMN/20180521/MODEL/"] = "1.2",
        ["https://www.omg.org/spec/DMN/20191111/MODEL/"] = "1.3",
        ["https://www.omg.org/spec/DMN/20211108/MODEL/"] = "1.4",
        ["https://www.omg.org/spec/DMN/20230324/MODEL/"] = "1.5",
    };

    private static readonly string[] ExpressionElements =
        ["literalExpression", "decisionTable", "context", "list", "relation", "invocation", "functionDefinition", "conditional", "filter", "for", "some", "every"];

    private readonly FeelEngine _feel;
    private readonly List<DmnDiagnostic> _diagnostics;
    private readonly IReadOnlyList<DmnModel> _imports;
    private XNamespace _ns = XNamespace.None;
    private Definitions _definitions = null!;
    private string[] _knownNames = [];
    private readonly Dictionary<string, (DmnModel Model, string Prefix)> _importsByNamespace = new(StringComparer.Ordinal);

    public ModelReader(FeelEngine feel, List<DmnDiagnostic> diagnostics, IReadOnlyList<DmnModel> imports)
    {
        _feel = feel;
        _diagnostics = diagnostics;
        _imports = imports;
    }

    public Definitions? Read(XDocument document)
    {
        var root = document.Root!;
        if (root.Name.LocalName != "definitions" || !Versions.ContainsKey(root.Name.NamespaceName))
        {
            Error(root, null, $"The root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}; expected a DMN definitions element of DMN 1.1 to 1.5 ({string.Join(", ", Versions.Keys)}).");
            return null;
        }

        _ns = root.Name.Namespace;
        _definitions = new Definitions
        {
            Id = Attr(root, "id") ?? string.Empty,
            Name = Attr(root, "name") ?? string.Empty,
            Namespace = Attr(root, "namespace") ?? string.Empty,
        };
        _knownNames = CollectNames(root);
        ReadImports(root);
        ReadItemDefinitions(root);
        var pending = CreateElements(root);
        LinkRequirements(pending);
        CheckCycles();
        CompileLogic(pending);
        return _definitions;
    }

    private void ReadImports(XElement root)
    {
        foreach (var import in root.Elements(_ns + "import"))
        {
            var ns = Attr(import, "namespace") ?? string.Empty;
            var prefix = Attr(import, "name") ?? string.Empty;
            var model = _imports.FirstOrDefault(m => string.Equals(m.Namespace, ns, StringComparison.Ordinal));
            if (model is null)
            {
                Error(import, null, $"import '{prefix}' refers to namespace '{ns}', which is not among the models given to the parser");
                continue;
            }

            _importsByNamespace[ns] = (model, prefix);
            foreach (var (name, type) in model.Definitions.Types)
            {
                _definitions.Types.TryAdd(prefix.Length == 0 ? name : $"{prefix}.{name}", type);
            }
        }
    }

    /// <summary>
    /// Names FEEL must know to parse expressions that use them: names with spaces, operators or keywords in them
    /// ("Loan-to-value", "Is in range", "Extra days case 1"). A single plain word needs no declaration.
    /// </summary>
    private string[] CollectNames(XElement root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Descendants())
        {
            // A name with a dot stays a path for FEEL ("Person.Gender" is Gender of Person).
            if (element.Attribute("name")?.Value is { Length: > 0 } name && NeedsDeclaration(name) && !name.Contains('.', StringComparison.Ordinal))
            {
                names.Add(name.Trim());
            }
        }

        foreach (var import in _imports)
        {
            foreach (var decision in import.Definitions.Decisions)
            {
                if (NeedsDeclaration(decision.Name))
                {
                    names.Add(decision.Name);
                }
            }
        }

        return [.. names];
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "for", "return", "if", "then", "else", "some", "every", "satisfies", "instance", "of",
        "between", "function", "external", "true", "false", "null",
    };

    private static bool NeedsDeclaration(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '?'))
            {
                return true;
            }
        }

        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Keywords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Pending(XElement Element, DrgElement Node);

    private List<Pending> CreateElements(XElement root)
    {
        var pending = new List<Pending>();
        var names = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
        {
            if (element.Name.Namespace != _ns)
            {
                continue;
            }

            var kind = element.Name.LocalName;
            if (kind is not ("decision" or "inputData" or "businessKnowledgeModel" or "decisionService"))
            {
                continue;
            }

            var name = Attr(element, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Error(element, Attr(element, "id"), $"a {kind} has no name");
                continue;
            }

            // DMN makes the id optional; such an element cannot be required by others, but is evaluable by its name.
            var id = Attr(element, "id") is { Length: > 0 } given ? given : name;

            if (names.ContainsKey(name))
            {
                Error(element, id, $"{kind} '{id}': the name '{name}' is used by another element of the model");
            }

            names[name] = element;
            DrgElement node = kind switch
            {
                "decision" => new DecisionNode(id, name, null, VersionTag(element)),
                "inputData" => new InputDataNode(id, name, null, VariableType(element, id), _definitions.Namespace),
                "businessKnowledgeModel" => new BkmNode(id, name, null),
                _ => new DecisionServiceNode(id, name, null),
            };

            if (!_definitions.ById.TryAdd(id, node))
            {
                Error(element, id, $"the id '{id}' is used by more than one element");
                continue;
            }

            switch (node)
            {
                case DecisionNode decision:
                    decision.Type = VariableType(element, id);
                    _definitions.Decisions.Add(decision);
                    break;
                case InputDataNode input:
                    _definitions.InputData.Add(input);
                    break;
                case InvocableNode invocable:
                    _definitions.Invocables.Add(invocable);
                    break;
            }

            pending.Add(new Pending(element, node));
        }

        return pending;
    }

    /// <summary>Camunda writes zeebe:versionTag as an extension element (and older tools as an attribute).</summary>
    private static string? VersionTag(XElement decision)
    {
        foreach (var attribute in decision.Attributes())
        {
            if (attribute.Name.LocalName == "versionTag" && attribute.Name.Namespace != XNamespace.None)
            {
                return attribute.Value;
            }
        }

        var tag = decision.Elements().FirstOrDefault(e => e.Name.LocalName == "extensionElements")?
            .Elements().FirstOrDefault(e => e.Name.LocalName == "versionTag");
        return tag?.Attribute("value")?.Value ?? (tag?.Value is { Length: > 0 } text ? text.Trim() : null);
    }

    private DmnType? VariableType(XElement element, string id) =>
        element.Element(_ns + "variable") is { } variable ? TypeOf(variable, id) : null;

    private void LinkRequirements(List<Pending> pending)
    {
        foreach (var (element, node) in pending)
        {
            switch (node)
            {
                case DecisionNode decision:
                    foreach (var requirement in element.Elements(_ns + "informationRequirement"))
                    {
                        if (requirement.Element(_ns + "requiredDecision") is { } required)
                        {
                            if (Resolve<DecisionNode>(required, decision.Id, "required decision") is { } target)
                            {
                                decision.RequiredDecisions.Add(target);
                            }
                        }
                        else if (requirement.Element(_ns + "requiredInput") is { } input)
                        {
                            if (Resolve<InputDataNode>(input, decision.Id, "required input") is { } target)
                            {
                                decision.RequiredInputs.Add(target);
                            }
                        }
                    }

                    LinkKnowledge(element, decision.Id, decision.RequiredKnowledge);
                    break;
                case BkmNode bkm:
                    LinkKnowledge(element, bkm.Id, bkm.RequiredKnowledge);
                    break;
                case DecisionServiceNode service:
                    service.Type = VariableType(element, service.Id);
                    LinkService(element, service);
                    break;
            }
        }
    }

    private void LinkKnowledge(XElement element, string id, List<InvocableNode> knowledge)
    {
        foreach (var requirement in element.Elements(_ns + "knowledgeRequirement"))
        {
            if (requirement.Element(_ns + "requiredKnowledge") is { } required && Resolve<InvocableNode>(required, id, "required knowledge") is { } target)
            {
                knowledge.Add(target);
            }
        }
    }

    private void LinkService(XElement element, DecisionServiceNode service)
    {
        foreach (var (list, name) in new (List<DecisionNode>, string)[]
        {
            (service.OutputDecisions, "outputDecision"), (service.EncapsulatedDecisions, "encapsulatedDecision"), (service.InputDecisions, "inputDecision"),
        })
        {
            foreach (var reference in element.Elements(_ns + name))
            {
                if (Resolve<DecisionNode>(reference, service.Id, name) is { } target)
                {
                    list.Add(target);
                }
            }
        }

        foreach (var reference in element.Elements(_ns + "inputData"))
        {
            if (Resolve<InputDataNode>(reference, service.Id, "inputData") is { } target)
            {
                service.InputData.Add(target);
            }
        }

        if (service.OutputDecisions.Count == 0)
        {
            Error(element, service.Id, $"decision service '{service.Name}' ({service.Id}) has no output decision");
        }
    }

    private T? Resolve<T>(XElement reference, string ownerId, string what)
        where T : DrgElement
    {
        var href = Attr(reference, "href") ?? string.Empty;
        var hash = href.IndexOf('#', StringComparison.Ordinal);
        var ns = hash > 0 ? href[..hash] : string.Empty;
        var id = hash >= 0 ? href[(hash + 1)..] : href;
        DrgElement? target = null;
        if (ns.Length == 0 || string.Equals(ns, _definitions.Namespace, StringComparison.Ordinal))
        {
            _definitions.ById.TryGetValue(id, out target);
        }
        else if (_importsByNamespace.TryGetValue(ns, out var import))
        {
            import.Model.Definitions.ById.TryGetValue(id, out target);
            if (target is not null && import.Prefix.Length > 0 && _definitions.ById.TryGetValue(ownerId, out var owner))
            {
                owner.ImportPrefixes[target] = import.Prefix;
            }
        }

        if (target is T typed)
        {
            return typed;
        }

        Error(reference, ownerId, target is null
            ? $"element '{ownerId}': the {what} '{href}' does not exist in the model"
            : $"element '{ownerId}': the {what} '{href}' is a {Kind(target)}, not a {typeof(T).Name switch { nameof(DecisionNode) => "decision", nameof(InputDataNode) => "input data", _ => "business knowledge model or decision service" }}");
        return null;
    }


    private static string Kind(DrgElement element) => element switch
    {
        DecisionNode => "decision",
        InputDataNode => "input data",
        BkmNode => "business knowledge model",
        _ => "decision service",
    };

    /// <summary>A decision that requires itself through other decisions cannot be evaluated: a cycle is an error.</summary>
    private void CheckCycles()
    {
        var state = new Dictionary<DecisionNode, int>();
        var path = new List<DecisionNode>();
        foreach (var decision in _definitions.Decisions)
        {
            Visit(decision);
        }

        void Visit(DecisionNode decision)
        {
            if (state.TryGetValue(decision, out var s))
            {
                if (s == 1)
                {
                    var cycle = path.Skip(path.IndexOf(decision)).Append(decision).Select(d => $"'{d.Name}'");
                    _diagnostics.Add(new DmnDiagnostic(decision.Id, 0, 0, $"decision '{decision.Name}' ({decision.Id}) requires itself: {string.Join(" -> ", cycle)}"));
                }

                return;
            }

            state[decision] = 1;
            path.Add(decision);
            foreach (var required in decision.RequiredDecisions)
            {
                Visit(required);
            }

            path.RemoveAt(path.Count - 1);
            state[decision] = 2;
        }
    }

    private void CompileLogic(List<Pending> pending)
    {
        // Functions first: decisions and other functions refer to their values while they are compiled and run.
        foreach (var (element, node) in pending)
        {
            if (node is BkmNode bkm)
            {
                var knowledge = new Scope(ModelTypes, bkm.RequiredKnowledge.Count);
                var definition = element.Element(_ns + "encapsulatedLogic");
                var parameters = definition is null ? [] : Parameters(definition, bkm.Id);
                var owner = $"business knowledge model '{bkm.Name}' ({bkm.Id})";
                BoxedExpression? body = null;
                var before = _diagnostics.Count;
                if (definition is not null)
                {
                    CheckFunctionKind(definition, bkm.Id, owner);
                    using (DeclareNames(parameters.Select(p => p.Name).Concat(bkm.RequiredKnowledge.Select(k => k.Name))))
                    {
                        body = ChildExpression(definition, owner, bkm.Id, null);
                    }
                }

                var broken = Broken(before);
                var function = new DmnFunction(bkm.Name, bkm.Id, parameters, (scope, run) => Run(body, broken, bkm.Id, scope, run), knowledge);
                bkm.Implementation = function;
                bkm.Function = FeelValue.FromFunction(function);
                _bkmScopes[bkm] = knowledge;
            }
            else if (node is DecisionServiceNode service)
            {
                // Input data first, then input decisions: the order the DMN TCK's decision service cases call them in.
                var parameters = service.InputData.Select(i => new DmnParameter(i.Name, i.Type))
                    .Concat(service.InputDecisions.Select(d => new DmnParameter(d.Name, d.Type))).ToArray();
                var function = new DmnFunction(service.Name, service.Id, parameters, (scope, run) => DrgEvaluator.EvaluateService(service, scope, run), ModelTypes);
                service.Implementation = function;
                service.Function = FeelValue.FromFunction(function);
            }
        }

        foreach (var (bkm, scope) in _bkmScopes)
        {
            foreach (var required in bkm.RequiredKnowledge)
            {
                scope.Set(required.Name, required.Function);
            }
        }

        foreach (var (element, node) in pending)
        {
            if (node is DecisionNode decision)
            {
                var owner = decision.Describe;
                var before = _diagnostics.Count;
                var visible = decision.RequiredDecisions.Select(d => d.Name)
                    .Concat(decision.RequiredInputs.Select(i => i.Name))
                    .Concat(decision.RequiredKnowledge.Select(k => k.Name));
                using (DeclareNames(visible))
                {
                    decision.Logic = ChildExpression(element, owner, decision.Id, decision.Type);
                }

                decision.CompileError = Broken(before);
            }
        }
    }

    private readonly Dictionary<BkmNode, Scope> _bkmScopes = [];

    /// <summary>No variables, but the model's item definitions: the root of what functions of the model see.</summary>
    private IFeelVariables ModelTypes => _modelTypes ??= new TypedVariables(FeelVariables.Empty, _definitions.Types);

    private IFeelVariables? _modelTypes;

    private readonly List<string> _scopeNames = [];

    /// <summary>
    /// Declares names while the expressions of one element are compiled: the names it can see that contain a dot
    /// ("decision A 2.1", a parameter "Person.Gender"). Declared everywhere, such a name would hide a path elsewhere.
    /// </summary>
    private ScopeNames DeclareNames(IEnumerable<string> names)
    {
        var count = _scopeNames.Count;
        _scopeNames.AddRange(names.Where(n => n.Contains('.', StringComparison.Ordinal)));
        return new ScopeNames(_scopeNames, count);
    }

    private readonly struct ScopeNames(List<string> names, int count) : IDisposable
    {
        public void Dispose() => names.RemoveRange(count, names.Count - count);
    }

    /// <summary>The first diagnostic since <paramref name="before"/>: a lenient parse (the TCK's) keeps the model and
    /// lets only the element whose logic does not compile fail when it is evaluated.</summary>
    private string? Broken(int before) => _diagnostics.Count > before ? _diagnostics[before].Message : null;

    private static FeelValue Run(BoxedExpression? body, string? broken, string ownerId, IFeelVariables scope, EvaluationRun run)
    {
        if (broken is not null)
        {
            run.Fail(ownerId, broken);
            return FeelValue.Null;
        }

        return body?.Evaluate(scope, run, null) ?? FeelValue.Null;
    }

    private void CheckFunctionKind(XElement definition, string id, string owner)
    {
        var kind = Attr(definition, "kind") ?? "FEEL";
        if (kind != "FEEL")
        {
            Error(definition, id, $"{owner}: function kind '{kind}' is not supported; only FEEL functions are");
        }
    }

    private List<DmnParameter> Parameters(XElement definition, string id) =>
        [.. definition.Elements(_ns + "formalParameter").Select(p => new DmnParameter(Attr(p, "name") ?? string.Empty, TypeOf(p, id)))];


    private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;

    private void Error(XObject at, string? elementId, string message)
    {
        var info = (IXmlLineInfo)at;
        _diagnostics.Add(new DmnDiagnostic(elementId ?? string.Empty, info.HasLineInfo() ? info.LineNumber : 0, info.HasLineInfo() ? info.LinePosition : 0, message));
    }
}
