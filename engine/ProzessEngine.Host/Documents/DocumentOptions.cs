namespace ProzessEngine.Host.Documents;

/// <summary>Where rendered documents are kept (Engine:Documents:Storage).</summary>
public enum DocumentStorage
{
    /// <summary>In the database, with the instance (the default: one thing to back up).</summary>
    Database,

    /// <summary>As files in <see cref="DocumentOptions.Folder"/>; the database keeps the record and the path.</summary>
    Folder,
}

/// <summary>Document tasks: storage, the template sandbox's limits and PDF output (Engine:Documents).</summary>
public sealed class DocumentOptions
{
    public const string Section = "Engine:Documents";

    public DocumentStorage Storage { get; set; } = DocumentStorage.Database;

    /// <summary>The folder for <see cref="DocumentStorage.Folder"/>; relative paths are taken from the content root.</summary>
    public string? Folder { get; set; }

    /// <summary>How many documents one node renders at once.</summary>
    public int MaxConcurrentRenders { get; set; } = 2;

    /// <summary>How long a node holds a document job; a node that dies leaves it to another after this.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TemplateLimits Limits { get; set; } = new();

    public PdfOptions Pdf { get; set; } = new();

    /// <summary>Checks the settings; a wrong one stops the start with its name.</summary>
    public DocumentOptions Validate()
    {
        if (Storage == DocumentStorage.Folder && string.IsNullOrWhiteSpace(Folder))
        {
            throw new InvalidOperationException($"{Section}:Storage is Folder, but {Section}:Folder names no folder.");
        }

        if (MaxConcurrentRenders is < 1 or > 64)
        {
            throw new InvalidOperationException($"{Section}:MaxConcurrentRenders must be between 1 and 64.");
        }

        if (LockDuration < TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException($"{Section}:LockDuration must be at least 10 seconds.");
        }

        Limits.Validate();
        Pdf.Validate();
        return this;
    }
}

/// <summary>What one template may use (Engine:Documents:Limits): every limit stops the rendering with an incident naming it.</summary>
public sealed class TemplateLimits
{
    /// <summary>Iterations of all loops of one render, nested loops counted together.</summary>
    public int LoopLimit { get; set; } = 10_000;

    /// <summary>Depth of nested function calls (recursion) and includes.</summary>
    public int RecursionLimit { get; set; } = 50;

    /// <summary>Characters of output, and of any one string a template builds.</summary>
    public int OutputLimit { get; set; } = 2_000_000;

    /// <summary>Wall-clock time of one render (and of each regular expression in it).</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (LoopLimit < 1 || RecursionLimit < 1 || OutputLimit < 1_000)
        {
            throw new InvalidOperationException($"{DocumentOptions.Section}:Limits: LoopLimit and RecursionLimit must be positive, OutputLimit at least 1000.");
        }

        if (TimeLimit <= TimeSpan.Zero || TimeLimit > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException($"{DocumentOptions.Section}:Limits:TimeLimit must be positive and at most 5 minutes.");
        }
    }
}

/// <summary>PDF output through a headless Chromium (Engine:Documents:Pdf); off unless a Chromium is named.</summary>
public sealed class PdfOptions
{
    /// <summary>The Chromium binary, e.g. /usr/bin/chromium (Debian's package chromium). Without it, a PDF task ends in an incident.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>How long one page may take to print.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ChromiumPath);

    internal void Validate()
    {
        if (IsConfigured && !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{DocumentOptions.Section}:Pdf:ChromiumPath is '{ChromiumPath}', which does not exist "
                + "(on Debian: apt-get install chromium, then /usr/bin/chromium).");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{DocumentOptions.Section}:Pdf:Timeout must be positive.");
        }
    }
}
