using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Setup;

/// <summary>
/// Deploys the shipped processes at start-up: each sub-folder of the workflows folder with its process.bpmn (or any
/// *.bpmn), its decisions (*.dmn beside the model or in decisions/), forms/*.form and templates/*.scriban. A file is deployed only when its content differs from what was last deployed from the
/// workflows folder: restarts deploy nothing new, and a newer version a process owner deployed from the designer stays
/// the latest until the file itself changes. A folder whose files are all as they were at its last deployment is not
/// even parsed: one query finds the fingerprint of its files.
/// </summary>
public sealed class WorkflowDeployer(DeploymentService deployments, string? workflowsDirectory, ILogger<WorkflowDeployer> logger)
{
    /// <summary>The deployments' CreatedBy: which versions came from the workflows folder.</summary>
    public const string DeployedBy = "engine:workflows";

    public async Task DeployAllAsync(CancellationToken cancellationToken = default)
    {
        if (workflowsDirectory is null)
        {
            return;
        }

        if (!Directory.Exists(workflowsDirectory))
        {
            logger.LogWarning("The workflows folder {Folder} does not exist; no shipped processes are deployed", workflowsDirectory);
            return;
        }

        foreach (var folder in Directory.GetDirectories(workflowsDirectory).Order(StringComparer.Ordinal))
        {
            var files = Directory.GetFiles(folder, "*.bpmn")
                .Concat(Directory.GetFiles(folder, "*.dmn"))
                .Concat(Directory.Exists(Path.Combine(folder, "decisions")) ? Directory.GetFiles(Path.Combine(folder, "decisions"), "*.dmn") : [])
                .Concat(Directory.Exists(Path.Combine(folder, "forms")) ? Directory.GetFiles(Path.Combine(folder, "forms"), "*.form") : [])
                .Concat(Directory.Exists(Path.Combine(folder, "templates")) ? Directory.GetFiles(Path.Combine(folder, "templates"), "*.scriban") : [])
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                continue;
            }

            var contents = new List<(string Path, byte[] Content)>();
            foreach (var file in files)
            {
                contents.Add((file, await File.ReadAllBytesAsync(file, cancellationToken)));
            }

            var resources = contents.Select(file => new DeploymentResource(Path.GetFileName(file.Path), file.Content)).ToList();
            var source = new DeploymentSource(Path.GetFileName(folder), FilesHash(folder, contents));
            if (await deployments.IsCurrentSourceAsync(DeploymentService.DefaultTenant, DeployedBy, source, cancellationToken))
            {
                logger.LogInformation("Workflow {Folder}: unchanged since it was last deployed from this folder", Path.GetFileName(folder));
                continue;
            }

            var result = await deployments.DeployAsync(resources, DeploymentService.DefaultTenant, DeployedBy,
                UnchangedMeans.SameAsLastFromThisSource, source, cancellationToken);
            foreach (var process in result.Processes)
            {
                logger.LogInformation("Workflow {Folder}: {ProcessId} version {Version}{New}", Path.GetFileName(folder), process.ProcessId, process.Version,
                    process.IsNew ? " (new)" : " (unchanged since it was last deployed from this folder)");
            }

            foreach (var decision in result.Decisions)
            {
                logger.LogInformation("Workflow {Folder}: decision {DecisionId} version {Version}{New}", Path.GetFileName(folder), decision.DecisionId,
                    decision.Version, decision.IsNew ? " (new)" : " (unchanged since it was last deployed from this folder)");
            }

            foreach (var warning in result.Warnings)
            {
                logger.LogWarning("Workflow {Folder}: {Resource} {ElementId}: {Message}", Path.GetFileName(folder), warning.Resource, warning.ElementId,
                    warning.Message);
            }
        }
    }

    /// <summary>
    /// The SHA-256 of a folder's files: each one's path below the folder and content. A renamed, added or removed file
    /// changes it as an edited one does; the version tag changes it when this way of deploying a folder changes.
    /// </summary>
    private static string FilesHash(string folder, IEnumerable<(string Path, byte[] Content)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("prozessengine-workflows-v2\n"u8);
        foreach (var (file, content) in files)
        {
            var path = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            hash.AppendData(Encoding.UTF8.GetBytes($"{path}\n{content.Length}\n"));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
