using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Host.Connectors;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Documents;

/// <summary>
/// Runs document tasks in the engine: a job worker inside the host, like the engine's other own workers. A document
/// task creates a job in the command's transaction; this worker activates such jobs (long polling, woken on this node by
/// the commit), renders the template, prints a PDF when asked, keeps the document with the instance and completes the
/// job. So rendering happens only after the task's transaction committed, one node holds a job at a time, and a node
/// that dies mid-render leaves the job to another once the lock lapses. A template that fails (its syntax, a limit, a
/// missing template or PDF configuration) will fail again: its job gets no retries and ends in an incident at once;
/// a browser that failed is retried with the job's retries.
/// </summary>
internal sealed class DocumentWorker(
    JobLongPolling polling,
    InstanceCommands commands,
    TemplateCatalog templates,
    TemplateSandbox sandbox,
    DocumentStore store,
    DocumentOptions options,
    IKeyGenerator keys,
    NodeIdentity node,
    ILogger<DocumentWorker> logger,
    PdfPrinter? printer = null,
    DocumentFiles? files = null) : EngineJobWorker(polling, commands, node, logger)
{
    protected override JobWorkerSettings Settings { get; } =
        new(DocumentTask.JobType, "documents", "Documents", options.LockDuration, options.MaxConcurrentRenders);

    protected override Task RunJobAsync(ActivatedJob job, CancellationToken stoppingToken) => RenderAsync(job, stoppingToken);

    private async Task RenderAsync(ActivatedJob job, CancellationToken cancellationToken)
    {
        string Header(string key, string fallback) =>
            job.CustomHeaders.TryGetValue(key, out var value) && value.Trim().Length > 0 ? value.Trim() : fallback;
        var templateId = Header(DocumentTask.TemplateIdHeader, "");
        var format = Header(DocumentTask.FormatHeader, "html");
        var layout = Header(DocumentTask.LayoutHeader, "");
        var fileName = Header(DocumentTask.FileNameHeader, $"{templateId}.{format}");
        var resultVariable = Header(DocumentTask.ResultVariableHeader, "");

        var template = await templates.ResolveAsync(job.ProcessDefinitionKey, job.TenantId, templateId,
            Header(DocumentTask.BindingTypeHeader, "latest") == "deployment", cancellationToken);
        if (template is null)
        {
            await FailAsync(job, $"The template '{templateId}' is not deployed for tenant '{job.TenantId}'.", retries: 0, cancellationToken);
            return;
        }

        if (format == "pdf" && printer is null)
        {
            await FailAsync(job, $"The document task asks for a PDF, but PDF output is not configured: set {DocumentOptions.Section}:Pdf:ChromiumPath "
                + "to a Chromium binary (on Debian: /usr/bin/chromium from the package chromium), then resolve the incident.", retries: 0, cancellationToken);
            return;
        }

        string html;
        try
        {
            html = await sandbox.RenderAsync(template.TemplateId, template.Content, job.Variables, layout.Length > 0 ? layout : null, cancellationToken);
        }
        catch (TemplateRenderException ex)
        {
            await FailAsync(job, $"{ex.Message} (template version {template.Version})", retries: 0, cancellationToken);
            return;
        }

        byte[] content;
        string contentType;
        if (format == "pdf")
        {
            try
            {
                content = await printer!.PrintAsync(html, cancellationToken);
            }
            catch (PdfPrintException ex)
            {
                await FailAsync(job, ex.Message, Math.Max(0, job.Retries - 1), cancellationToken);
                return;
            }

            contentType = "application/pdf";
        }
        else
        {
            content = Encoding.UTF8.GetBytes(html);
            contentType = "text/html; charset=utf-8";
        }

        var documentKey = keys.NextKey();
        var path = files is null ? null : await files.WriteAsync(job.TenantId, job.ProcessInstanceKey, documentKey, content, cancellationToken);
        var replaced = await store.SaveAsync(new NewDocument(documentKey, job.TenantId, job.ProcessInstanceKey, job.ElementId, job.ElementInstanceKey, job.JobKey,
            fileName, contentType, Convert.ToHexStringLower(SHA256.HashData(content)), template.TemplateId, template.Version, content.Length,
            path is null ? content : null, path), cancellationToken);
        if (replaced is not null)
        {
            files?.Delete(replaced);
        }

        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables = resultVariable.Length == 0 ? null :
        [
            new(resultVariable, FeelValue.FromContext(
            [
                new("documentKey", FeelValue.FromString(documentKey.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                new("fileName", FeelValue.FromString(fileName)),
                new("contentType", FeelValue.FromString(contentType)),
                new("size", FeelValue.FromNumber(content.LongLength)),
            ])),
        ];
        await CompleteAsync(job, variables, cancellationToken);
    }

    private Task FailAsync(ActivatedJob job, string message, int retries, CancellationToken cancellationToken) =>
        FailAsync(job, message, retries, TimeSpan.Zero, cancellationToken);
}
