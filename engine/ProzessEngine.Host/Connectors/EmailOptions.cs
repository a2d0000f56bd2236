namespace ProzessEngine.Host.Connectors;

/// <summary>
/// The e-mail connector the engine runs (Engine:Connectors:Email): the SMTP server it sends through and what a mail may
/// carry. The server and its credentials belong to the operators: a model may name another server only when it is
/// listed in <see cref="AllowedHosts"/>, and credentials only as <c>{{secrets.NAME}}</c>.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Engine:Connectors:Email";

    /// <summary>Whether this node sends io.camunda:email:1 jobs itself. Off, the jobs wait for a job worker of one's own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The server used when a task names none, with its credentials (which go to this server only).</summary>
    public SmtpServerOptions Smtp { get; set; } = new();

    /// <summary>Further SMTP hosts a model may name in data.smtpConfig.smtpHost (exact names). The configured host is always allowed.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Domains recipients (To, Cc, Bcc) may have: <c>stadt.example</c> allows that domain and its subdomains. Empty: any
    /// domain. A mail with a recipient outside them ends in an incident, and nothing is sent.
    /// </summary>
    public List<string> AllowedRecipientDomains { get; set; } = [];

    /// <summary>Largest sum of the attachments of one mail.</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most recipients (To, Cc and Bcc together) of one mail.</summary>
    public int MaxRecipients { get; set; } = 50;

    /// <summary>The domain of the Message-IDs the engine gives its mails (<c>prozessengine.KEY@domain</c>, KEY the element instance of the task).</summary>
    public string MessageIdDomain { get; set; } = "prozessengine.invalid";

    /// <summary>Mails one node sends at the same time.</summary>
    public int MaxConcurrentSends { get; set; } = 4;

    /// <summary>How long one SMTP conversation (connect, authenticate, send) may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node holds a mail job; a node that dies while sending leaves it to another after this.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Throws, naming the setting, when a value cannot work; called at start-up.</summary>
    public EmailOptions Validate()
    {
        if (Smtp.Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:Smtp:Port must be between 1 and 65535.");
        }

        if (!Bpmn.EmailConnector.CryptographicProtocols.Contains(Smtp.Security))
        {
            throw new InvalidOperationException($"{Section}:Smtp:Security is '{Smtp.Security}'; expected TLS (STARTTLS), SSL or NONE.");
        }

        if (MaxAttachmentBytes <= 0 || MaxRecipients <= 0 || MaxConcurrentSends is < 1 or > 64 || Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}: MaxAttachmentBytes, MaxRecipients and Timeout must be positive, MaxConcurrentSends between 1 and 64.");
        }

        if (LockDuration < Timeout + TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException($"{Section}:LockDuration must be at least Timeout plus 10 seconds, so that no other node sends while one still does.");
        }

        if (string.IsNullOrWhiteSpace(MessageIdDomain) || MessageIdDomain.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '@'))
        {
            throw new InvalidOperationException($"{Section}:MessageIdDomain '{MessageIdDomain}' is not a domain.");
        }

        return this;
    }
}

/// <summary>The default SMTP server (Engine:Connectors:Email:Smtp).</summary>
public sealed class SmtpServerOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>TLS (STARTTLS, required), SSL (TLS from the first byte) or NONE, as Camunda's template names them.</summary>
    public string Security { get; set; } = "TLS";

    public string? UserName { get; set; }

    /// <summary>Best given as an environment variable or a mounted secret file, never in appsettings.json.</summary>
    public string? Password { get; set; }
}
