namespace Stadtkern.Features.Reports.Notifications;

/// <summary>Outgoing mail server, bound from the <c>Smtp</c> section. Without <see cref="Host"/> and <see cref="From"/>
/// no e-mail is sent (and none is queued).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Host name or address of the SMTP server, e.g. <c>mail.stadt.example</c>.</summary>
    public string? Host { get; set; }

    /// <summary>TCP port. Default 25; 587 for submission with STARTTLS.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Sender address, e.g. <c>maengelmelder@stadt.example</c> (or <c>Name &lt;address&gt;</c>).</summary>
    public string? From { get; set; }

    /// <summary>Login for servers that require authentication; leave empty otherwise.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Use STARTTLS. Default false.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>Seconds before a connection or a send is given up. Default 30.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
