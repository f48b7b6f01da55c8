namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// The SMTP server alert e-mails go through (configuration section <c>PlanCenter:Smtp</c>). E-mail is off
/// while <see cref="Host"/> or <see cref="From"/> is empty; alerts are then only queued and visible over the API.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender address, e.g. <c>plancenter@example.com</c>.</summary>
    public string? From { get; set; }

    /// <summary>Signs in when set (with <see cref="Password"/>).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>True: TLS is required (implicit TLS on port 465, STARTTLS on any other port). False: plain SMTP.</summary>
    public bool UseTls { get; set; }

    /// <summary>True when e-mail can be sent.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
