using System.Globalization;
using System.Text;
using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Benchmarks.Rating;

/// <summary>
/// Writes deterministic inputs for the offline rating benchmark (billing-rules §1): a consumption price
/// list taken from the real Retail Prices sample (its Consumption meters effective all of January 2026,
/// with their tier ladders), 5,000 Azure subscriptions over 1,000 plans, 40 partners in six billing
/// currencies with an FX file, an access file (subscription and resource-group scopes, partial days,
/// ineligible roles, other partners, denies), and hourly usage for January 2026: one record per
/// (resource, meter, hour), in hour order, with a few malformed, negative, unknown and duplicate records.
/// </summary>
public static class RatingInputGenerator
{
    public const int Plans = 1000;
    public const int Entitlements = 5000;
    public const int Partners = 40;
    private const int HoursInMonth = 31 * 24;
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "DKK", "AUD"];
    private static readonly decimal[] UsdPerUnit = [1m, 1.0842m, 1.2711m, 0.006712m, 0.14531m, 0.65523m];
    private static readonly string[] Locations = ["westeurope", "northeurope", "eastus", "westus2", "southeastasia", "uksouth"];
    private static readonly DateOnly Month = new(2026, 1, 1);

    /// <summary>The files of one generated data set.</summary>
    public sealed record Files(string Directory, string Usage, string Prices, string Accounts, string Fx, string Access, long Rows, int Meters);

    /// <summary>Writes (or reuses, when already written for the same rows and seed) the data set under <paramref name="root"/>.</summary>
    public static Files Generate(string samplePath, string root, long rows, int seed)
    {
        var directory = Path.Combine(root, $"rate-{rows}-{seed}");
        Directory.CreateDirectory(directory);
        var files = new Files(directory, Path.Combine(directory, "usage.csv"), Path.Combine(directory, "prices.csv"),
            Path.Combine(directory, "accounts.csv"), Path.Combine(directory, "fx.csv"), Path.Combine(directory, "access.csv"), rows, 0);
        var done = Path.Combine(directory, "complete");
        var meters = WritePrices(samplePath, files.Prices);
        files = files with { Meters = meters.Length };
        if (File.Exists(done))
        {
            return files;
        }

        var world = new World(seed);
        WriteAccounts(world, files.Accounts);
        WriteFx(files.Fx);
        WriteAccess(world, files.Access);
        WriteUsage(world, meters, files.Usage, rows);
        File.WriteAllText(done, "ok");
        return files;
    }

    /// <summary>Ids of the generated world, reproducible from the seed.</summary>
    private sealed class World
    {
        public World(int seed)
        {
            var random = new Random(seed);
            Guid Next()
            {
                Span<byte> bytes = stackalloc byte[16];
                random.NextBytes(bytes);
                bytes[7] = (byte)((bytes[7] & 0x0f) | 0x40);
                bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
                return new Guid(bytes);
            }

            PartnerIds = [.. Enumerable.Range(0, Partners).Select(_ => Next())];
            ResellerIds = [.. Enumerable.Range(0, 25).Select(_ => Next())];
            PlanIds = [.. Enumerable.Range(0, Plans).Select(_ => Next())];
            CustomerIds = [.. Enumerable.Range(0, Plans).Select(_ => Next())];
            EntitlementIds = [.. Enumerable.Range(0, Entitlements).Select(_ => Next())];
            Seed = seed;
        }

        public int Seed { get; }
        public Guid[] PartnerIds { get; }
        public Guid[] ResellerIds { get; }
        public Guid[] PlanIds { get; }
        public Guid[] CustomerIds { get; }
        public Guid[] EntitlementIds { get; }

        public static int PlanOf(int entitlement) => entitlement % Plans;

        public static int PartnerOf(int plan) => plan % Partners;

        public static int? ResellerOf(int plan) => plan % 3 == 0 ? plan % 25 : null;

        public Guid PecHolder(int entitlement)
        {
            var plan = PlanOf(entitlement);
            return ResellerOf(plan) is { } reseller && entitlement % 2 == 0 ? ResellerIds[reseller] : PartnerIds[PartnerOf(plan)];
        }
    }

    private static MeterId[] WritePrices(string samplePath, string target)
    {
        var errors = new List<ImportError>();
        var entries = new List<PriceListEntry>();
        using (var sample = File.OpenRead(samplePath))
        {
            RetailPricesJsonReader.Read(sample, entries.Add, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{samplePath}: {errors[0]}");
        }

        // Consumption ladders effective on every day of January 2026 (one period per meter).
        var ladders = entries
            .Where(e => e.IsConsumption)
            .GroupBy(e => (e.MeterId, e.FirstDay, e.LastDay))
            .Where(g => g.Key.FirstDay <= Month && (g.Key.LastDay is null || g.Key.LastDay >= Month.AddMonths(1).AddDays(-1)))
            .GroupBy(g => g.Key.MeterId)
            .Where(m => m.Count() == 1)
            .Select(m => m.Single().OrderBy(e => e.TierMinimum).ToArray())
            .OrderBy(l => l[0].MeterId.Value)
            .ToArray();
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false), 1 << 16);
        writer.Write(string.Join(',', PriceSheetColumns.All));
        writer.Write('\n');
        foreach (var ladder in ladders)
        {
            foreach (var tier in ladder)
            {
                string?[] cells =
                [
                    tier.ProductTitle, tier.ProductId, tier.SkuId, tier.SkuTitle, tier.Publisher, tier.SkuDescription, tier.UnitOfMeasure,
                    tier.TermDuration, "US", "USD", DecimalText.Format(tier.UnitPrice), DecimalText.Format(tier.TierMinimum), string.Empty,
                    tier.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    tier.LastDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), tier.MeterId.ToString(), tier.MeterType,
                    PriceTagText.Format(tier.Tags), tier.MeterName, tier.MeterCategory, tier.MeterSubCategory, tier.MeterRegion, tier.AvailabilityId,
                ];
                WriteCsvRow(writer, cells);
            }
        }

        return [.. ladders.Select(l => l[0].MeterId)];
    }

    private static void WriteAccounts(World world, string target)
    {
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("EntitlementId,EntitlementDescription,SubscriptionId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,PartnerId,PartnerName,MpnId,ResellerTenantId,ResellerMpnId,BillingCurrency,EntitlementStart,EntitlementEnd\n");
        for (var e = 0; e < Entitlements; e++)
        {
            var plan = World.PlanOf(e);
            var partner = World.PartnerOf(plan);
            var reseller = World.ResellerOf(plan);
            // 1 % of the subscriptions start mid-month (their earlier usage is OutsideEntitlementPeriod).
            var start = e % 100 == 42 ? "2026-01-15T06:00:00Z" : "2025-06-01";
            var end = e % 100 == 43 ? "2026-01-28" : null;
            WriteCsvRow(writer,
            [
                world.EntitlementIds[e].ToString(), $"Subscription {e}", world.PlanIds[plan].ToString(), world.CustomerIds[plan].ToString(),
                $"Customer {plan}, Ltd.", $"customer{plan}.onmicrosoft.com", "DE", world.PartnerIds[partner].ToString(), $"Partner {partner}",
                (6000000 + partner).ToString(CultureInfo.InvariantCulture), reseller is { } r ? world.ResellerIds[r].ToString() : null,
                reseller is { } r2 ? (7000000 + r2).ToString(CultureInfo.InvariantCulture) : null, Currencies[partner % Currencies.Length], start, end,
            ]);
        }
    }

    private static void WriteFx(string target)
    {
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false));
        writer.Write("CurrencyCode,USDPerUnit,Month\n");
        foreach (var month in new[] { "2025-12", "2026-01", "2026-02" })
        {
            for (var c = 1; c < Currencies.Length; c++)
            {
                writer.Write($"{Currencies[c]},{DecimalText.Format(UsdPerUnit[c])},{month}\n");
            }
        }
    }

    private static void WriteAccess(World world, string target)
    {
        using var writer = new StreamWriter(target, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc\n");
        var n = 0;
        void Row(string scope, string role, Guid? partner, string kind, string start, string? end) =>
            WriteCsvRow(writer, [$"as{n++}", scope, role, partner?.ToString(), kind, start, end]);

        for (var e = 0; e < Entitlements; e++)
        {
            var subscription = "/subscriptions/" + world.EntitlementIds[e];
            var holder = world.PecHolder(e);
            switch (e % 10)
            {
                case <= 4:
                    Row(subscription, e % 2 == 0 ? "Owner" : "Contributor", holder, "Allow", "2025-06-01T00:00:00Z", null);
                    break;
                case 5:
                    // Access ends mid-day: the 25th is a partial day, later days earn nothing.
                    Row(subscription, "Owner", holder, "Allow", "2025-06-01T00:00:00Z", "2026-01-25T18:00:00Z");
                    break;
                case 6:
                    // Two resource groups, one granted from noon on the 10th (a partial day).
                    Row(subscription + "/resourceGroups/rg-0", "Contributor", holder, "Allow", "2025-06-01T00:00:00Z", null);
                    Row(subscription + "/resourceGroups/rg-1", "Virtual Machine Contributor", holder, "Allow", "2026-01-10T12:00:00Z", null);
                    break;
                case 7:
                    Row(subscription, "Reader", holder, "Allow", "2025-06-01T00:00:00Z", null);
                    break;
                case 8:
                    Row(subscription, "Owner", world.PartnerIds[(World.PartnerOf(World.PlanOf(e)) + 1) % Partners], "Allow", "2025-06-01T00:00:00Z", null);
                    break;
                default:
                    Row(subscription, "Owner", holder, "Allow", "2025-06-01T00:00:00Z", null);
                    Row(subscription + "/resourceGroups/rg-2", "Owner", null, "Deny", "2026-01-20T00:00:00Z", "2026-01-22T06:00:00Z");
                    break;
            }
        }
    }

    private static void WriteUsage(World world, MeterId[] meters, string target, long rows)
    {
        var series = (int)Math.Max(1, (rows + HoursInMonth - 1) / HoursInMonth);
        var unknownMeter = new Guid("00000000-dead-4000-8000-000000000001").ToString();
        var unknownEntitlement = new Guid("00000000-dead-4000-8000-000000000002").ToString();
        var resources = new string[series];
        var seriesMeters = new string[series];
        var entitlements = new string[series];
        var services = new string[series];
        var tags = new string?[series];
        var info = new string?[series];
        // A partner's working set of meters: usage spreads over up to 2,000 meters of the list.
        var working = Math.Min(meters.Length, 2000);
        for (var s = 0; s < series; s++)
        {
            var e = s % Entitlements;
            var kind = (s / Entitlements) % 4;
            var (provider, type) = kind switch
            {
                0 => ("Microsoft.Compute", "virtualMachines"),
                1 => ("Microsoft.Storage", "storageAccounts"),
                2 => ("Microsoft.Sql", "servers"),
                _ => ("Microsoft.Web", "sites"),
            };
            entitlements[s] = world.EntitlementIds[e].ToString();
            resources[s] = $"/subscriptions/{entitlements[s]}/resourceGroups/rg-{(s / 7) % 4}/providers/{provider}/{type}/res-{s}";
            seriesMeters[s] = meters[(int)(Mix((uint)s, (uint)world.Seed) % (uint)working)].ToString();
            services[s] = provider;
            tags[s] = s % 4 == 0 ? $"{{\"env\":\"prod\",\"team\":\"t{s % 17}\"}}" : null;
            info[s] = s % 8 == 0 ? "{\"ServiceType\":\"Standard_D2_v3\"}" : null;
        }

        using var writer = new StreamWriter(target, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService,Tags,AdditionalInfo,ServiceInfo1,ServiceInfo2\n");
        var cells = new string?[12];
        string? previous = null;
        long written = 0;
        for (var hour = 0; written < rows; hour++)
        {
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(hour % HoursInMonth)
                .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var s = 0; s < series && written < rows; s++)
            {
                var n = written;
                var h = Mix((uint)n, (uint)world.Seed);
                if (previous is not null && h % 200 == 7)
                {
                    // A re-sent record (0.5 %): an exact copy of an earlier one; counted, not rated.
                    writer.Write(previous);
                    written++;
                    continue;
                }

                // Up to 500 units an hour, with 4 to 8 decimal places.
                var scale = 4 + (s % 5);
                var quantity = new decimal((int)(h % 5_000_000), 0, 0, false, (byte)scale);
                cells[0] = new Guid((int)n, (short)(n >> 32), 0x4000, 0x80, (byte)(s & 0xff), 1, 2, 3, 4, 5, 6).ToString();
                cells[1] = h % 5000 == 11 ? unknownEntitlement : entitlements[s];
                cells[2] = resources[s];
                cells[3] = h % 5000 == 12 ? unknownMeter : seriesMeters[s];
                cells[4] = start;
                cells[5] = h % 2000 == 13 ? "1e3" : h % 10000 == 14 ? "-" + DecimalText.Format(quantity) : quantity.ToString(CultureInfo.InvariantCulture);
                cells[6] = Locations[s % Locations.Length];
                cells[7] = services[s];
                cells[8] = tags[s];
                cells[9] = info[s];
                cells[10] = null;
                cells[11] = null;
                var line = new StringBuilder(256);
                AppendCsvRow(line, cells);
                previous = line.ToString();
                writer.Write(previous);
                written++;
            }
        }
    }

    private static uint Mix(uint x, uint seed)
    {
        unchecked
        {
            x ^= seed * 0x9E3779B9u;
            x ^= x >> 16;
            x *= 0x7feb352du;
            x ^= x >> 15;
            x *= 0x846ca68bu;
            x ^= x >> 16;
            return x;
        }
    }

    private static void WriteCsvRow(TextWriter writer, string?[] cells)
    {
        var line = new StringBuilder(256);
        AppendCsvRow(line, cells);
        writer.Write(line);
    }

    private static void AppendCsvRow(StringBuilder line, string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var cell = cells[i];
            if (cell is null)
            {
                continue;
            }

            if (cell.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(cell);
            }
        }

        line.Append('\n');
    }
}
