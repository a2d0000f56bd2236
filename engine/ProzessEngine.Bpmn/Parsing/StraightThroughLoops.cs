using System.Globalization;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Rejects loops that never reach a wait state (straight-through processing loops), as Camunda 8 does: one instance
/// of such a model would run round the loop for ever without anybody being able to stop it. A loop is reported when
/// every element on it passes the token on within the command (gateways, none start and end events, undefined and
/// manual tasks, throw events, FEEL script tasks, send tasks that publish themselves, embedded sub-processes, call
/// activities) and at least one of them does work (a task, a throw event or a call activity); a loop of gateways alone
/// is left to the runtime's guard, as Camunda 8 leaves it alone. Each group of intertwined loops (a strongly connected
/// part of the graph) gives one diagnostic naming one loop through it, in order.
/// </summary>
/// <remarks>
/// Like Camunda 8 the check enters embedded sub-processes at their start event and leaves them at their end events,
/// treats multi-instance activities like their inner activity, and follows a call activity into its process when the
/// called process id is static and defined in the same file (a process calling itself is the common case). Unlike
/// Camunda 8 it also follows link events: a loop drawn with a link throw and catch event is the same loop. Boundary
/// events and event sub-processes are not followed: what triggers them waits.
/// </remarks>
internal static class StraightThroughLoops
{
    /// <summary>Loops inside one process (a call activity calling its own process included).</summary>
    public static void Check(BpmnParserOptions options, string processId, IReadOnlyDictionary<string, FlowNode> nodes,
        IReadOnlyDictionary<string, XElement> elements, List<BpmnDiagnostic> diagnostics)
    {
        if (!options.RejectStraightThroughLoops)
        {
            return;
        }

        var graph = new Graph([new Process(processId, [.. nodes.Values], nodes)]);
        foreach (var loop in graph.FindLoops())
        {
            var first = graph.Vertices[loop[0]].Node.Id;
            var path = Path(loop.Select(v => graph.Vertices[v].Node.Id));
            diagnostics.Add(elements.TryGetValue(first, out var element)
                ? BpmnParser.At(element, first, Describe(path))
                : new BpmnDiagnostic(first, Describe(path)));
        }
    }

    /// <summary>Loops that run through call activities from one process of the file into another and back.</summary>
    public static void CheckCalls(BpmnParserOptions options, IReadOnlyList<ProcessModel> processes, XElement root, List<BpmnDiagnostic> diagnostics)
    {
        if (!options.RejectStraightThroughLoops || processes.Count < 2 || !processes.Any(p => p.Nodes.Values.Any(n => n is CallActivity)))
        {
            return;
        }

        var documentOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in root.Descendants())
        {
            if ((string?)element.Attribute("id") is { } id)
            {
                documentOrder.TryAdd(id, documentOrder.Count);
            }
        }

        var graph = new Graph([.. processes.Select(p => new Process(p.Id,
            [.. p.Nodes.Values.OrderBy(n => documentOrder.GetValueOrDefault(n.Id, int.MaxValue)).ThenBy(n => n.Id, StringComparer.Ordinal)], p.Nodes))]);
        foreach (var loop in graph.FindLoops())
        {
            if (loop.Select(v => graph.Vertices[v].Process).Distinct().Count() < 2)
            {
                // Reported by the process's own check already.
                continue;
            }

            var first = graph.Vertices[loop[0]];
            var path = Path(loop.Select(v => $"{graph.Vertices[v].Node.Id} ({graph.Processes[graph.Vertices[v].Process].Id})"));
            var element = root.Descendants().FirstOrDefault(e => (string?)e.Attribute("id") == first.Node.Id);
            diagnostics.Add(element is null
                ? new BpmnDiagnostic(first.Node.Id, Describe(path))
                : BpmnParser.At(element, first.Node.Id, Describe(path)));
        }
    }

    /// <summary>The ids in order; a very long loop is shortened in the middle so that the message stays readable.</summary>
    private static string Path(IEnumerable<string> ids)
    {
        const int Shown = 30;
        var all = ids.ToList();
        return all.Count <= 2 * Shown
            ? string.Join(" > ", all)
            : string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(" > ", all.Take(Shown))} > … ({all.Count - (2 * Shown):N0} more) … > {string.Join(" > ", all.TakeLast(Shown))}");
    }

    private static string Describe(string path) =>
        $"The elements {path} form a loop that never waits (a straight-through processing loop): an instance would run round it "
        + "without end. Camunda 8 rejects such loops too. Put a wait state into the loop: a user task, a service task, a receive task, "
        + "or a timer, message or signal catch event.";

    /// <summary>Whether the element passes the token on within the command, so that it cannot break a loop.</summary>
    private static bool PassesThrough(FlowNode node) => node switch
    {
        // An execution listener is a job: the token waits for its worker there.
        { ExecutionListeners.IsEmpty: false } => false,
        StartEvent start => start.EventDefinition is null,
        EndEvent or IntermediateThrowEvent => node.Job is null,
        IntermediateCatchEvent catcher => catcher.EventDefinition is LinkEventDefinition,
        UndefinedTask or ManualTask or SubProcess or CallActivity => true,
        ScriptTask or SendTask => node.Job is null,
        ExclusiveGateway or ParallelGateway or InclusiveGateway => true,
        _ => false,
    };

    /// <summary>Whether the element does work each time round; a loop without such an element is not reported.</summary>
    private static bool DoesWork(FlowNode node) => node is UndefinedTask or ManualTask or IntermediateThrowEvent or ScriptTask or SendTask or CallActivity;

    private sealed record Process(string Id, FlowNode[] NodesInOrder, IReadOnlyDictionary<string, FlowNode> Nodes)
    {
        public StartEvent? NoneStart { get; } = NodesInOrder.OfType<StartEvent>().FirstOrDefault(s => s.EventDefinition is null && s.ScopeId == Id);
    }

    private readonly record struct Vertex(int Process, FlowNode Node);

    /// <summary>The elements that pass the token on, in document order, with the edges between them.</summary>
    private sealed class Graph
    {
        private readonly Dictionary<(int Process, string Id), int> _index = [];
        private readonly List<int[]> _edges = [];

        public Graph(IReadOnlyList<Process> processes)
        {
            Processes = processes;
            for (var p = 0; p < processes.Count; p++)
            {
                foreach (var node in processes[p].NodesInOrder)
                {
                    if (PassesThrough(node))
                    {
                        _index[(p, node.Id)] = Vertices.Count;
                        Vertices.Add(new Vertex(p, node));
                    }
                }
            }

            foreach (var vertex in Vertices)
            {
                var targets = new List<int>();
                foreach (var (process, id) in Successors(vertex))
                {
                    if (_index.TryGetValue((process, id), out var target) && !targets.Contains(target))
                    {
                        targets.Add(target);
                    }
                }

                _edges.Add([.. targets]);
            }
        }

        public IReadOnlyList<Process> Processes { get; }

        public List<Vertex> Vertices { get; } = [];

        /// <summary>One loop per strongly connected part with work in it: the shortest round from its first working element.</summary>
        public List<List<int>> FindLoops()
        {
            var loops = new List<List<int>>();
            foreach (var component in StronglyConnected())
            {
                if (component.Count == 1 && !_edges[component[0]].Contains(component[0]))
                {
                    continue;
                }

                var working = component.Where(v => DoesWork(Vertices[v].Node)).ToList();
                if (working.Count > 0)
                {
                    loops.Add(ShortestRound(working.Min(), [.. component]));
                }
            }

            loops.Sort((a, b) => a[0].CompareTo(b[0]));
            return loops;
        }

        private IEnumerable<(int Process, string Id)> Successors(Vertex vertex)
        {
            var process = Processes[vertex.Process];
            var node = vertex.Node;
            switch (node)
            {
                case SubProcess subProcess:
                    yield return (vertex.Process, subProcess.StartEventId);
                    yield break;
                case CallActivity call:
                    if (!call.CalledElement.ProcessId.IsExpression)
                    {
                        var calledId = call.CalledElement.ProcessId.Text.Trim();
                        for (var p = 0; p < Processes.Count; p++)
                        {
                            if (Processes[p].Id == calledId && Processes[p].NoneStart is { } start)
                            {
                                yield return (p, start.Id);
                            }
                        }
                    }

                    // The call activity continues only after its child completed, in another command: Camunda 8 does
                    // not follow its outgoing flows either.
                    yield break;
                case IntermediateThrowEvent { EventDefinition: LinkEventDefinition { TargetId: { } target } }:
                    yield return (vertex.Process, target);
                    yield break;
                case EndEvent { EventDefinition: ErrorEventDefinition }:
                    yield break;
            }

            if (node.Outgoing.Length > 0)
            {
                foreach (var flow in node.Outgoing)
                {
                    yield return (vertex.Process, flow.TargetId);
                }

                yield break;
            }

            // Without outgoing flows the token ends; the embedded sub-process around it continues once it has no token left.
            var scopeId = node.ScopeId;
            while (process.Nodes.TryGetValue(scopeId, out var scope) && scope is SubProcess)
            {
                if (scope.Outgoing.Length > 0)
                {
                    foreach (var flow in scope.Outgoing)
                    {
                        yield return (vertex.Process, flow.TargetId);
                    }

                    yield break;
                }

                scopeId = scope.ScopeId;
            }
        }

        /// <summary>Tarjan's algorithm without recursion (a model may have thousands of elements in a row).</summary>
        private List<List<int>> StronglyConnected()
        {
            var count = Vertices.Count;
            var indices = new int[count];
            var lowLinks = new int[count];
            var onStack = new bool[count];
            Array.Fill(indices, -1);
            var stack = new Stack<int>();
            var calls = new Stack<(int Vertex, int Edge)>();
            var components = new List<List<int>>();
            var next = 0;
            for (var root = 0; root < count; root++)
            {
                if (indices[root] >= 0)
                {
                    continue;
                }

                Visit(root);
                while (calls.Count > 0)
                {
                    var (vertex, edge) = calls.Pop();
                    var edges = _edges[vertex];
                    if (edge < edges.Length)
                    {
                        calls.Push((vertex, edge + 1));
                        var target = edges[edge];
                        if (indices[target] < 0)
                        {
                            Visit(target);
                        }
                        else if (onStack[target])
                        {
                            lowLinks[vertex] = Math.Min(lowLinks[vertex], indices[target]);
                        }

                        continue;
                    }

                    if (lowLinks[vertex] == indices[vertex])
                    {
                        var component = new List<int>();
                        int member;
                        do
                        {
                            member = stack.Pop();
                            onStack[member] = false;
                            component.Add(member);
                        }
                        while (member != vertex);

                        components.Add(component);
                    }

                    if (calls.Count > 0)
                    {
                        var caller = calls.Peek().Vertex;
                        lowLinks[caller] = Math.Min(lowLinks[caller], lowLinks[vertex]);
                    }
                }
            }

            return components;

            void Visit(int vertex)
            {
                indices[vertex] = lowLinks[vertex] = next++;
                stack.Push(vertex);
                onStack[vertex] = true;
                calls.Push((vertex, 0));
            }
        }

        /// <summary>The shortest way from <paramref name="start"/> back to it inside the component, start repeated at the end.</summary>
        private List<int> ShortestRound(int start, HashSet<int> component)
        {
            var previous = new Dictionary<int, int>();
            var queue = new Queue<int>();
            queue.Enqueue(start);
            while (queue.TryDequeue(out var vertex))
            {
                foreach (var target in _edges[vertex])
                {
                    if (target == start)
                    {
                        var path = new List<int> { start };
                        for (var at = vertex; at != start; at = previous[at])
                        {
                            path.Add(at);
                        }

                        path.Add(start);
                        path.Reverse();
                        return path;
                    }

                    if (component.Contains(target) && previous.TryAdd(target, vertex))
                    {
                        queue.Enqueue(target);
                    }
                }
            }

            throw new InvalidOperationException("A strongly connected component always has a round through each of its elements.");
        }
    }
}
