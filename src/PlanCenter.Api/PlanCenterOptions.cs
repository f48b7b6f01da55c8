using PlanCenter.Api.Infrastructure;

namespace PlanCenter.Api;

/// <summary>Server options (configuration section <c>PlanCenter</c>; the command line sets them).</summary>
public sealed class PlanCenterOptions
{
    /// <summary>Let an operator set and advance the instance clock through <c>/sandbox/clock</c>.</summary>
    public bool Sandbox { get; set; }

    /// <summary>Seed the demo world when the database holds no partner yet.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Largest accepted request body on Partner Center routes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often spending budgets are evaluated and queued alert e-mails sent (docs/budgets.md).</summary>
    public TimeSpan BudgetEvaluationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The SMTP server budget alerts are e-mailed through (section <c>PlanCenter:Smtp</c>); no host: no e-mail.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>When billing periods close.</summary>
    public BillingCloseOptions Billing { get; set; } = new();
}

/// <summary>Month close settings (billing-rules §4).</summary>
public sealed class BillingCloseOptions
{
    /// <summary>How long after month end a period closes; the default closes on the 5th at 00:00 UTC.</summary>
    public TimeSpan CloseGrace { get; set; } = Domain.Billing.Invoicing.BillingCalendar.DefaultGrace;

    /// <summary>Close due periods automatically (otherwise only <c>plancenter close</c> does).</summary>
    public bool AutoClose { get; set; } = true;
}
