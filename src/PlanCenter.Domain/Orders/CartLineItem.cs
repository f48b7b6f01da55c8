namespace PlanCenter.Domain.Orders;

/// <summary>A key/value pair of a cart line (e.g. <c>transaction_reseller</c> → a PartnerID).</summary>
public sealed record CartParticipant(string Key, string Value);

/// <summary>
/// One line of a cart. <see cref="Index"/> is the client-assigned 0-based ordinal (wire: <c>id</c>).
/// A line that cannot be bought carries <see cref="ErrorCode"/> instead of failing the whole cart.
/// </summary>
public sealed record CartLineItem
{
    public int Index { get; init; }
    public required string CatalogItemId { get; init; }
    public string? FriendlyName { get; init; }
    public int Quantity { get; init; }
    public BillingCycle BillingCycle { get; init; }
    public string? TermDuration { get; init; }
    public IReadOnlyList<CartParticipant> Participants { get; init; } = [];
    public string? CurrencyCode { get; init; }
    public string OrderGroup { get; init; } = "0";
    public int? ErrorCode { get; init; }
    public string? ErrorDescription { get; init; }

    /// <summary>The partner of record named by a <c>transaction_reseller</c> participant, if any.</summary>
    public string? TransactionReseller =>
        Participants.FirstOrDefault(p => string.Equals(p.Key, "transaction_reseller", StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Key, "TransactionReseller", StringComparison.OrdinalIgnoreCase))?.Value;
}
