using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Billing;

/// <summary>
/// The unbilled invoice recon of a partner (billing-rules §4 over an open period): built from the close
/// index the way the close builds an invoice, with memory for the groups only, and kept for the following
/// pages for as long as the rated lines, the reference data and the open periods stay as they were.
/// </summary>
public sealed class UnbilledInvoiceRecon(SqliteDatabase database, ServerRating rating)
{
    /// <summary>How many built recons are kept (most recently used first).</summary>
    private const int Kept = 4;

    private readonly Lock _lock = new();
    private readonly LinkedList<(Version Version, IReadOnlyList<InvoiceReconLine> Lines)> _kept = new();

    /// <summary>What a built recon depends on: who, which period and currency, and the state of the rated lines it read.</summary>
    private readonly record struct Version(string Partner, DateOnly Period, string? Currency, long RatedSeq, string? RatedFingerprint, string InputsFingerprint);

    /// <summary>
    /// The invoice recon lines of <paramref name="partner"/>'s lines billed in the open <paramref name="period"/>
    /// (in <paramref name="currency"/> when given), in key order; none once the period is closed.
    /// <paramref name="inputs"/> (caught up) name the accounts and price rows.
    /// </summary>
    public async Task<IReadOnlyList<InvoiceReconLine>> LinesAsync(RatingInputs inputs, PartnerTenantId partner, DateOnly period, string? currency,
        CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // One read transaction: the version read first is the version of the lines scanned after it.
        using var snapshot = connection.BeginTransaction(deferred: true);
        if (ServerRating.ReadBillingState(connection, snapshot).IsClosed(period))
        {
            return [];
        }

        var version = new Version(partner.ToString(), period, currency?.ToUpperInvariant(), ServerRating.ReadRatedSeq(connection, snapshot),
            ServerRating.ReadRatedFingerprint(connection, snapshot), inputs.Fingerprint);
        lock (_lock)
        {
            for (var node = _kept.First; node is not null; node = node.Next)
            {
                if (node.Value.Version == version)
                {
                    _kept.Remove(node);
                    _kept.AddFirst(node);
                    return node.Value.Lines;
                }
            }
        }

        var groups = new InvoiceReconAccumulator();
        ReconGroupScan.Scan(connection, period, version.Partner, version.Currency, (string _, string _, in ReconContribution line) => groups.Add(line));
        var lines = groups.ToLines(inputs.Accounts.Get, (meter, day) => inputs.ContextOn(day).Prices.Get(meter, day).Descriptor, rating.Options);
        lock (_lock)
        {
            _kept.AddFirst((version, lines));
            while (_kept.Count > Kept)
            {
                _kept.RemoveLast();
            }
        }

        return lines;
    }
}
