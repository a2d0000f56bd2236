using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;

namespace ProzessEngine.Benchmarks.Corpus;

/// <summary>
/// <c>models &lt;folder&gt; [--quiet]</c>: checks every .bpmn, .dmn and .form in a folder (and its sub-folders) as a
/// deployment would, and prints for each whether it is accepted, with every reason it is not and every warning it
/// would carry. Meant for corpora of models written elsewhere: "which of these would deploy, and why not".
/// </summary>
internal static class ModelCheck
{
    private static readonly string[] Checked = [".bpmn", ".dmn", ".form"];

    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var quiet = args.Contains("--quiet");
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine("Usage: models <folder> [--quiet]   (--quiet prints rejected files only, without warnings)");
            return 2;
        }

        // Configured as the host configures it by default, so a file is judged as a deployment would judge it.
        var parser = new BpmnParser(new FeelEngine(), new BpmnParserOptions { KnownCalendarIds = RuntimeServices.DefaultCalendars.Ids });
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Checked.Any(extension => f.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .ToList();
        int accepted = 0, rejected = 0, warned = 0;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(folder, file);
            var check = DeploymentService.Check(parser, new DeploymentResource(Path.GetFileName(file), File.ReadAllBytes(file)));
            if (check.Accepted)
            {
                accepted++;
                warned += check.Warnings.Count > 0 ? 1 : 0;
                if (!quiet)
                {
                    Console.WriteLine($"accepted  {name}");
                }
            }
            else
            {
                rejected++;
                Console.WriteLine($"REJECTED  {name}");
                foreach (var problem in check.Problems)
                {
                    Console.WriteLine($"    error:   {Describe(problem.ElementId, problem.Message, problem.Line, problem.Column)}");
                }
            }

            if (!quiet)
            {
                foreach (var warning in check.Warnings)
                {
                    Console.WriteLine($"    warning: {Describe(warning.ElementId, warning.Message, warning.Line, warning.Column)}");
                }
            }
        }

        Console.WriteLine($"{files.Count} files: {accepted} accepted ({warned} with warnings), {rejected} rejected");
        return 0;
    }

    private static string Describe(string? elementId, string message, int? line, int? column) =>
        (elementId is null ? "" : $"'{elementId}': ") + message + (line is null ? "" : $" (line {line}, column {column})");
}
