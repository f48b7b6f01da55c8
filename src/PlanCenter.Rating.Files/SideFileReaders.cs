using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Rating.Files;

/// <summary>
/// Readers of the rating side files (billing-rules §1.1, §1.2, §1.4, §1.5). Any unreadable value, missing
/// required column or broken rule throws <see cref="InputFileException"/> naming the file and line.
/// </summary>
public static class SideFileReaders
{
    private static readonly string[] AccessColumns = ["AssignmentId", "Scope", "RoleName", "PartnerTenantId", "Kind", "StartUtc", "EndUtc"];

    private static readonly string[] AccountColumns =
        ["EntitlementId", "SubscriptionId", "CustomerId", "PartnerId", "BillingCurrency", "EntitlementStart"];

    /// <summary>Reads the Azure plan consumption price list with the reader of the price-list import.</summary>
    public static PriceSheet ReadPrices(string path)
    {
        var rows = new List<PriceRow>();
        var errors = new List<ImportError>();
        using (var stream = OpenInput(path))
        {
            PriceListCsvReader.Read(stream, entry => rows.Add(entry.ToPriceRow()), errors);
        }

        ThrowFirst(path, errors);
        return PriceSheet.Build(rows, Path.GetFileName(path));
    }

    /// <summary>Reads the monthly exchange rates with the reader of the FX import.</summary>
    public static ExchangeRateTable ReadExchangeRates(string path)
    {
        var errors = new List<ImportError>();
        List<FxRate> rates;
        using (var stream = OpenInput(path))
        {
            rates = FxCsvReader.Read(stream, errors);
        }

        ThrowFirst(path, errors);
        return ExchangeRateTable.Build(rates.Select(r => (r.CurrencyCode, r.UsdPerUnit, r.Month, r.Line)), Path.GetFileName(path));
    }

    private static FileStream OpenInput(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(Path.GetFileName(path), 0, null, e.Message);
        }
    }

    /// <summary>A side file is all or nothing: the first problem (in line order) stops the run, naming its line and column.</summary>
    private static void ThrowFirst(string path, List<ImportError> errors)
    {
        if (errors.Count > 0)
        {
            var first = errors.MinBy(e => e.Line)!;
            throw new InputFileException(Path.GetFileName(path), first.Line, first.Column, first.Reason);
        }
    }

    /// <summary>Reads role assignments over time.</summary>
    public static AccessIndex ReadAccess(string path)
    {
        using var table = CsvTable.Open(path, AccessColumns);
        int scope = table.IndexOf("Scope"), role = table.IndexOf("RoleName"), partner = table.IndexOf("PartnerTenantId");
        int kind = table.IndexOf("Kind"), start = table.IndexOf("StartUtc"), end = table.IndexOf("EndUtc");
        var intervals = new List<AccessInterval>();
        while (table.MoveNext(out var line))
        {
            var kindText = Required(table, line, kind, "Kind");
            var assignmentKind = kindText.Equals("Allow", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Allow
                : kindText.Equals("Deny", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Deny
                : throw new InputFileException(table.File, line, "Kind", $"Kind '{kindText}' is neither Allow nor Deny");
            var startText = Required(table, line, start, "StartUtc");
            var endText = table.Get(end);
            DateTimeOffset? endAt = null;
            if (endText is not null)
            {
                endAt = UtcText.TryParseInstant(endText, out var e) ? e : throw Bad(table, line, "EndUtc", endText);
            }

            intervals.Add(new AccessInterval(
                AccessScope.Normalize(Required(table, line, scope, "Scope")),
                PecEligibleRoles.IsEligible(table.Get(role)),
                OptionalGuid<PartnerTenantId>(table, line, partner, "PartnerTenantId"),
                assignmentKind,
                UtcText.TryParseInstant(startText, out var s) ? s : throw Bad(table, line, "StartUtc", startText),
                endAt));
        }

        return new AccessIndex(intervals);
    }

    /// <summary>Reads who is billed for each Azure subscription.</summary>
    public static AccountDirectory ReadAccounts(string path)
    {
        using var table = CsvTable.Open(path, AccountColumns);
        int entitlement = table.IndexOf("EntitlementId"), description = table.IndexOf("EntitlementDescription");
        int plan = table.IndexOf("SubscriptionId"), customer = table.IndexOf("CustomerId"), customerName = table.IndexOf("CustomerName");
        int domain = table.IndexOf("CustomerDomainName"), country = table.IndexOf("CustomerCountry"), partner = table.IndexOf("PartnerId");
        int partnerName = table.IndexOf("PartnerName"), mpn = table.IndexOf("MpnId"), reseller = table.IndexOf("ResellerTenantId");
        int resellerMpn = table.IndexOf("ResellerMpnId"), currency = table.IndexOf("BillingCurrency");
        int start = table.IndexOf("EntitlementStart"), end = table.IndexOf("EntitlementEnd");
        var accounts = new List<AzureEntitlementAccount>();
        while (table.MoveNext(out var line))
        {
            var startText = Required(table, line, start, "EntitlementStart");
            var endText = table.Get(end);
            DateTimeOffset? endAt = null;
            if (endText is not null)
            {
                endAt = UtcText.TryParseInstant(endText, out var e) ? e : throw Bad(table, line, "EntitlementEnd", endText);
            }

            accounts.Add(new AzureEntitlementAccount
            {
                EntitlementId = ParseGuid<AzureSubscriptionId>(table, line, entitlement, "EntitlementId"),
                EntitlementDescription = table.Get(description),
                SubscriptionId = ParseGuid<SubscriptionId>(table, line, plan, "SubscriptionId"),
                CustomerId = ParseGuid<CustomerId>(table, line, customer, "CustomerId"),
                CustomerName = table.Get(customerName),
                CustomerDomainName = table.Get(domain),
                CustomerCountry = table.Get(country),
                PartnerId = ParseGuid<PartnerTenantId>(table, line, partner, "PartnerId"),
                PartnerName = table.Get(partnerName),
                MpnId = table.Get(mpn),
                ResellerTenantId = OptionalGuid<PartnerTenantId>(table, line, reseller, "ResellerTenantId"),
                ResellerMpnId = table.Get(resellerMpn),
                BillingCurrency = Required(table, line, currency, "BillingCurrency").ToUpperInvariant(),
                EntitlementStartAt = UtcText.TryParseInstant(startText, out var s) ? s : throw Bad(table, line, "EntitlementStart", startText),
                EntitlementEndAtExcl = endAt,
                LineNumber = line,
            });
        }

        return AccountDirectory.Build(accounts, table.File);
    }

    private static string Required(CsvTable table, long line, int index, string column) =>
        table.Get(index) ?? throw new InputFileException(table.File, line, column, $"{column} is empty");

    private static T ParseGuid<T>(CsvTable table, long line, int index, string column) where T : struct, ITypedId<T>
    {
        var text = Required(table, line, index, column);
        return TypedId.TryParse<T>(text, out var id) ? id : throw Bad(table, line, column, text);
    }

    private static T? OptionalGuid<T>(CsvTable table, long line, int index, string column) where T : struct, ITypedId<T>
    {
        var text = table.Get(index);
        if (text is null)
        {
            return null;
        }

        return TypedId.TryParse<T>(text, out var id) ? id : throw Bad(table, line, column, text);
    }

    private static InputFileException Bad(CsvTable table, long line, string column, string? value) =>
        new(table.File, line, column, $"{column} value '{value}' is unreadable");
}
