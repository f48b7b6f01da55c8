using PlanCenter.Domain.Usage;

namespace PlanCenter.Rating.Files;

/// <summary>
/// What an offline rating run did. <c>RecordsRead = Accepted + Rejected + Duplicates</c> always holds.
/// Totals are keyed by billing currency: <see cref="BillingPreTaxTotals"/> is Σ BillingPreTaxTotal of the
/// daily lines (unrounded), <see cref="InvoiceTotals"/> Σ Total of the invoice lines (when written).
/// </summary>
public sealed record OfflineRatingSummary
{
    /// <summary>Usage records read.</summary>
    public required long RecordsRead { get; init; }

    /// <summary>Records accepted and summed into lines.</summary>
    public required long Accepted { get; init; }

    /// <summary>Records ignored because their id appeared earlier.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Rejected records by reason (every reason present, zero when none).</summary>
    public required IReadOnlyDictionary<RejectReason, long> RejectedByReason { get; init; }

    /// <summary>Σ of <see cref="RejectedByReason"/>.</summary>
    public long Rejected => RejectedByReason.Values.Sum();

    /// <summary>Daily-rated recon lines written.</summary>
    public required long DailyLinesWritten { get; init; }

    /// <summary>Invoice recon lines written (0 when not requested).</summary>
    public required long InvoiceLinesWritten { get; init; }

    /// <summary>Σ PricingPreTaxTotal (USD) of the daily lines.</summary>
    public required decimal PricingPreTaxTotal { get; init; }

    /// <summary>Σ BillingPreTaxTotal per billing currency.</summary>
    public required IReadOnlyDictionary<string, decimal> BillingPreTaxTotals { get; init; }

    /// <summary>Σ invoice Total per billing currency (empty when no invoice recon was requested).</summary>
    public required IReadOnlyDictionary<string, decimal> InvoiceTotals { get; init; }

    /// <summary>Wall time of each stage (side files, usage, lines, rate, recon, invoice recon), in order; for diagnostics.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> StageTimes { get; init; } = [];
}
