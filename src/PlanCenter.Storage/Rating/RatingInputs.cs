using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Rating;

/// <summary>
/// The reference data the server rates with, read from the stores (billing-rules §1 on the server side):
/// accounts from the commerce tables (EntitlementId = Azure subscription, SubscriptionId = Azure plan,
/// PartnerId = the partner tenant, ResellerTenantId = the partner whose MPN id is the plan's partner of
/// record, BillingCurrency = the partner's currency, EntitlementStart = 00:00 UTC of the Azure
/// subscription's creation day as ingestion uses it, EntitlementEnd = its cancellation), prices from the
/// price list history, FX from the stored rates and access from the role assignment history.
/// <see cref="Fingerprint"/> changes whenever any of them does. Immutable.
/// </summary>
public sealed class RatingInputs
{
    private readonly ConcurrentDictionary<PriceSheet, RatingContext> _contexts = new();

    private RatingInputs(string fingerprint, AccountDirectory accounts, IReadOnlyList<AzureEntitlementAccount> accountList,
        PriceListHistory prices, ExchangeRateTable rates, IReadOnlyList<AccessInterval> intervals)
    {
        Fingerprint = fingerprint;
        Accounts = accounts;
        Prices = prices;
        ExchangeRates = rates;
        Intervals = intervals;
        Access = new AccessIndex(intervals);
        EntitlementsByPlan = accountList.GroupBy(a => a.SubscriptionId).ToDictionary(g => g.Key, g => (IReadOnlyList<AzureSubscriptionId>)[.. g.Select(a => a.EntitlementId)]);
    }

    /// <summary>Identifies the reference data.</summary>
    public string Fingerprint { get; }

    /// <summary>Who is billed for each Azure subscription.</summary>
    public AccountDirectory Accounts { get; }

    /// <summary>The Azure subscriptions of each plan.</summary>
    public IReadOnlyDictionary<SubscriptionId, IReadOnlyList<AzureSubscriptionId>> EntitlementsByPlan { get; }

    /// <summary>Every stored price list version.</summary>
    public PriceListHistory Prices { get; }

    /// <summary>The stored monthly exchange rates.</summary>
    public ExchangeRateTable ExchangeRates { get; }

    /// <summary>The role assignment history, reduced.</summary>
    public IReadOnlyList<AccessInterval> Intervals { get; }

    /// <summary>The index the engine judges access with.</summary>
    public AccessIndex Access { get; }

    /// <summary>The rating context of the price list that applies on <paramref name="day"/> (one per version).</summary>
    public RatingContext ContextOn(DateOnly day)
    {
        var sheet = Prices.SheetOn(day);
        return _contexts.GetOrAdd(sheet, s => new RatingContext(s, ExchangeRates, Access, Accounts));
    }

    /// <summary>The fingerprint of the reference data now stored (cheap: aggregates, no rows).</summary>
    public static string ReadFingerprint(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Instants are ticks (~6e17): summed as they are, 15 of them overflow SQLite's 64-bit SUM, so each is
        // reduced modulo a prime below 2^32 first (a change still changes the sum, short of a multiple of it).
        command.CommandText = """
            SELECT
              (SELECT COUNT(*) || ':' || COALESCE(SUM(StartAt % 4294967291), 0) || ':' || COALESCE(SUM(COALESCE(EndAt, -1) % 4294967291), 0) FROM RoleAssignments),
              (SELECT COUNT(*) || ':' || COALESCE(SUM(COALESCE(CancelledAt, -1) % 4294967291), 0) FROM AzureSubscriptions),
              (SELECT COUNT(*) FROM AzurePlans),
              (SELECT COUNT(*) || ':' || COALESCE(SUM(length(CompanyName) + length(Domain) + length(BillingProfile)), 0) FROM Customers),
              (SELECT COUNT(*) || ':' || COALESCE(group_concat(Id || BillingCurrency || COALESCE(MpnId, '') || Name, ','), '') FROM Partners),
              (SELECT COALESCE(MAX(id), 0) FROM price_list_versions),
              (SELECT COUNT(*) || ':' || COALESCE(group_concat(currency || month || usd_per_unit, ','), '') FROM fx_rates);
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var parts = new string[reader.FieldCount];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString() ?? "";
        }

        var text = string.Join('|', parts);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Reads every input.</summary>
    public static RatingInputs Load(SqliteConnection connection, string fingerprint, PriceListHistory prices, ExchangeRateTable rates)
    {
        var accounts = LoadAccounts(connection);
        return new RatingInputs(fingerprint, AccountDirectory.Build(accounts, "commerce store"), accounts, prices, rates, LoadIntervals(connection));
    }

    private static List<AzureEntitlementAccount> LoadAccounts(SqliteConnection connection)
    {
        var partners = new Dictionary<Guid, (string Name, string? MpnId, string Currency)>();
        var byMpn = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Id, Name, MpnId, BillingCurrency FROM Partners;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = Guid.Parse(reader.GetString(0));
                var mpn = reader.IsDBNull(2) ? null : reader.GetString(2);
                partners[id] = (reader.GetString(1), mpn, reader.GetString(3).ToUpperInvariant());
                if (!string.IsNullOrWhiteSpace(mpn))
                {
                    byMpn.TryAdd(mpn.Trim(), id);
                }
            }
        }

        var accounts = new List<AzureEntitlementAccount>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT s.Id, s.FriendlyName, s.PlanId, s.CustomerId, s.PartnerId, s.CreatedAt, s.CancelledAt, p.PartnerIdOnRecord,
                       c.CompanyName, c.Domain, c.BillingProfile
                FROM AzureSubscriptions s
                JOIN AzurePlans p ON p.Id = s.PlanId
                LEFT JOIN Customers c ON c.Id = s.CustomerId;
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                var partnerId = Guid.Parse(reader.GetString(4));
                var partner = partners.GetValueOrDefault(partnerId, ("", null, "USD"));
                var reseller = Text(7)?.Trim();
                PartnerTenantId? resellerTenant = !string.IsNullOrEmpty(reseller) && byMpn.TryGetValue(reseller, out var r) ? new PartnerTenantId(r) : null;
                var created = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero);
                accounts.Add(new AzureEntitlementAccount
                {
                    EntitlementId = new AzureSubscriptionId(Guid.Parse(reader.GetString(0))),
                    EntitlementDescription = Text(1),
                    SubscriptionId = new SubscriptionId(Guid.Parse(reader.GetString(2))),
                    CustomerId = new CustomerId(Guid.Parse(reader.GetString(3))),
                    CustomerName = Text(8),
                    CustomerDomainName = Text(9),
                    CustomerCountry = CountryOf(Text(10)),
                    PartnerId = new PartnerTenantId(partnerId),
                    PartnerName = partner.Name,
                    MpnId = partner.MpnId,
                    ResellerTenantId = resellerTenant,
                    ResellerMpnId = string.IsNullOrEmpty(reseller) ? null : reseller,
                    BillingCurrency = partner.Currency,
                    EntitlementStartAt = UtcText.StartOfDay(UtcText.UtcDate(created)),
                    EntitlementEndAtExcl = reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
                });
            }
        }

        return accounts;
    }

    private static string? CountryOf(string? billingProfileJson)
    {
        if (string.IsNullOrEmpty(billingProfileJson))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(billingProfileJson);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "DefaultAddress", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in property.Value.EnumerateObject())
                    {
                        if (string.Equals(field.Name, "Country", StringComparison.OrdinalIgnoreCase) && field.Value.ValueKind == JsonValueKind.String)
                        {
                            return field.Value.GetString();
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static List<AccessInterval> LoadIntervals(SqliteConnection connection)
    {
        var intervals = new List<AccessInterval>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Scope, RoleName, PartnerTenantId, Kind, StartAt, EndAt FROM RoleAssignments;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            intervals.Add(new AccessInterval(
                AccessScope.Normalize(reader.GetString(0)),
                PecEligibleRoles.IsEligible(reader.GetString(1)),
                reader.IsDBNull(2) ? null : new PartnerTenantId(Guid.Parse(reader.GetString(2))),
                Enum.Parse<AssignmentKind>(reader.GetString(3), ignoreCase: true),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        }

        return intervals;
    }
}
