using System.Globalization;
using System.Text.Json;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Application.Simulation;

/// <summary>A Consumption meter the simulator may use: id, unit of measure, service and region.</summary>
public sealed record SimMeter(string MeterId, string Unit, string Service, string Name, string Region);

/// <summary>An Azure subscription to simulate, with the partner that bills it and its AdminAgents group.</summary>
public sealed record SimSubscription(Guid Id, Guid PartnerTenantId, Guid AdminAgentsGroupId);

/// <summary>One row of the access file (billing-rules §1.4).</summary>
public sealed record AccessRow(Guid AssignmentId, string Scope, string RoleName, Guid? PartnerTenantId, string Kind, DateTimeOffset Start, DateTimeOffset? End)
{
    public const string Header = "AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc";

    public string ToCsv() => string.Join(',', AssignmentId.ToString("D"), Scope, Csv(RoleName), PartnerTenantId?.ToString("D") ?? "", Kind,
        Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), End?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");

    private static string Csv(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}

/// <summary>
/// Generates realistic Azure usage and access history for a set of Azure subscriptions, deterministically
/// for a seed: each subscription gets a few resource groups and resources (virtual machines, storage
/// accounts, SQL databases, web apps, caches) with real Consumption meters; VMs and apps meter hourly with
/// a working-day and daytime pattern, storage daily with slow growth; resources are created and deleted
/// along the way. Access starts with the partner's AdminAgents Owner assignment on each subscription; some
/// customers remove it for a few days (partial days at both ends), some deny the partner on a resource group
/// for a few hours, some add PAL-linked users (some time-bound, PIM-style) or a Reader of another partner.
/// </summary>
public sealed class UsageSimulator
{
    /// <summary>Consumption meters taken from the Azure retail prices sample (non-Spot, priced, primary region).</summary>
    public static readonly IReadOnlyList<SimMeter> DefaultMeters =
    [
        new("00003b45-e996-5b04-b673-a2db710f9237", "1 Hour", "Virtual Machines", "D4as v7", "brazilsouth"),
        new("0000e9fe-2aed-5fc6-9e78-9eef802c39b0", "1 Hour", "Virtual Machines", "D16ds v4", "israelnorthwest"),
        new("00010667-6f34-57aa-bbb3-3232a8e1b190", "1 Hour", "Virtual Machines", "E64-16ds v4", "chilecentral"),
        new("00027356-c92d-4d1c-bf45-4503a328cf3e", "1 GB/Month", "Storage", "ZRS Data Stored", "norwayeast"),
        new("000e4dbc-9b46-5a2b-a833-57d93fdc820f", "1 GB/Month", "Storage", "LRS Data Stored", "brazilsoutheast"),
        new("0021aa79-365f-445a-b707-3f7217cea7f2", "10K", "Storage", "Cool GRS Write Operations", "westcentralus"),
        new("0005799c-e583-4edb-a937-27f79963cd59", "1 Hour", "SQL Database", "vCore", "westus"),
        new("000c9730-3e31-4bdb-a99e-a2d90a36c41f", "1 Hour", "Azure App Service", "S2 App", "uaecentral"),
        new("00020329-e657-5687-9d1a-0be9876e5116", "1 Hour", "Redis Cache", "E100 Cache", "chilecentral"),
    ];

    private enum Shape
    {
        AlwaysOn,
        BusinessHours,
        DailyStorage,
        Operations,
    }

    private sealed record SimResource(Guid Subscription, string Uri, string Group, SimMeter Meter, Shape Shape, decimal Scale, int CreatedDay, int? DeletedDay);

    private readonly IReadOnlyList<SimSubscription> _subscriptions;
    private readonly IReadOnlyList<SimMeter> _meters;
    private readonly DateOnly _start;
    private readonly int _days;
    private readonly int _seed;
    private readonly List<SimResource> _resources = [];

    public UsageSimulator(IReadOnlyList<SimSubscription> subscriptions, DateOnly start, int days, int seed, IReadOnlyList<SimMeter>? meters = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        _subscriptions = subscriptions;
        _meters = meters is { Count: > 0 } ? meters : DefaultMeters;
        _start = start;
        _days = days;
        _seed = seed;
        Access = Plan();
    }

    /// <summary>The access history (default Owner assignments included), in time order per subscription.</summary>
    public IReadOnlyList<AccessRow> Access { get; }

    /// <summary>The number of resources simulated.</summary>
    public int ResourceCount => _resources.Count;

    /// <summary>Deterministic GUIDs from a seeded generator.</summary>
    public static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Reads the Consumption meters of an Azure retail prices JSON array (non-Spot, priced).</summary>
    public static IReadOnlyList<SimMeter> ReadRetailPrices(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var meters = new Dictionary<string, SimMeter>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            string Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            if (Text("type") != "Consumption" || Text("skuName").Contains("Spot", StringComparison.OrdinalIgnoreCase)
                || Text("skuName").Contains("Low Priority", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            meters.TryAdd(Text("meterId"), new SimMeter(Text("meterId"), Text("unitOfMeasure"), Text("serviceName"), Text("meterName"), Text("armRegionName")));
        }

        return [.. meters.Values.OrderBy(m => m.MeterId, StringComparer.Ordinal)];
    }

    private List<AccessRow> Plan()
    {
        var rows = new List<AccessRow>();
        var startAt = UtcText.StartOfDay(_start);
        for (var s = 0; s < _subscriptions.Count; s++)
        {
            var sub = _subscriptions[s];
            var random = new Random(unchecked((_seed * 7919) + (s * 104729) + 17));
            var scope = $"/subscriptions/{sub.Id:D}";
            var groups = new[] { "rg-prod", "rg-dev", "rg-data" }[..random.Next(1, 4)];
            var count = random.Next(2, 7);
            for (var r = 0; r < count; r++)
            {
                var group = groups[random.Next(groups.Length)];
                var meter = _meters[random.Next(_meters.Count)];
                var (provider, shape) = Classify(meter, random);
                var name = $"{provider.Split('/')[^1].ToLowerInvariant()}-{r}";
                var created = random.Next(0, Math.Max(1, _days / 3));
                int? deleted = random.NextDouble() < 0.2 && _days > 3 ? random.Next(created + 1, _days) : null;
                var scale = shape switch
                {
                    Shape.DailyStorage => random.Next(20, 2000),
                    Shape.Operations => random.Next(1, 50),
                    _ => random.Next(1, 3),
                };
                _resources.Add(new SimResource(sub.Id, $"{scope}/resourceGroups/{group}/providers/{provider}/{name}", group, meter, shape, scale, created, deleted));
            }

            // The AOBO Owner assignment made when the subscription was provisioned.
            var owner = new AccessRow(NextGuid(random), scope, "Owner", sub.PartnerTenantId, "Allow", startAt, null);
            if (random.NextDouble() < 0.3 && _days > 2)
            {
                var removedDay = random.Next(1, _days - 1);
                var removedAt = startAt.AddDays(removedDay).AddHours(random.Next(8, 18));
                var restoredAt = removedAt.AddDays(random.Next(1, 4)).AddHours(random.Next(0, 6));
                rows.Add(owner with { End = removedAt });
                rows.Add(new AccessRow(NextGuid(random), scope, "Owner", sub.PartnerTenantId, "Allow", restoredAt, null));
            }
            else
            {
                rows.Add(owner);
            }

            if (random.NextDouble() < 0.2)
            {
                var at = startAt.AddDays(random.Next(0, _days)).AddHours(random.Next(0, 20));
                rows.Add(new AccessRow(NextGuid(random), $"{scope}/resourceGroups/{groups[0]}", "Deny", sub.PartnerTenantId, "Deny", at, at.AddHours(random.Next(1, 5))));
            }

            if (random.NextDouble() < 0.3)
            {
                var from = startAt.AddDays(random.Next(0, _days));
                DateTimeOffset? until = random.NextDouble() < 0.5 ? from.AddDays(random.Next(1, 5)).AddHours(random.Next(0, 24)) : null;
                rows.Add(new AccessRow(NextGuid(random), $"{scope}/resourceGroups/{groups[^1]}", "Contributor", sub.PartnerTenantId, "Allow", from, until));
            }

            if (random.NextDouble() < 0.2)
            {
                rows.Add(new AccessRow(NextGuid(random), scope, "Reader", NextGuid(random), "Allow", startAt, null));
            }
        }

        return rows;
    }

    private static (string Provider, Shape Shape) Classify(SimMeter meter, Random random) => meter.Service switch
    {
        "Virtual Machines" => ("Microsoft.Compute/virtualMachines", random.NextDouble() < 0.5 ? Shape.AlwaysOn : Shape.BusinessHours),
        "Storage" when meter.Unit.Contains("GB", StringComparison.OrdinalIgnoreCase) || meter.Unit.Contains("Month", StringComparison.OrdinalIgnoreCase)
            => ("Microsoft.Storage/storageAccounts", Shape.DailyStorage),
        "Storage" => ("Microsoft.Storage/storageAccounts", Shape.Operations),
        "SQL Database" => ("Microsoft.Sql/servers", Shape.AlwaysOn),
        "Azure App Service" => ("Microsoft.Web/sites", Shape.BusinessHours),
        "Redis Cache" => ("Microsoft.Cache/Redis", Shape.AlwaysOn),
        _ when meter.Unit.Contains("Hour", StringComparison.OrdinalIgnoreCase) => ("Microsoft.Resources/resources", Shape.AlwaysOn),
        _ => ("Microsoft.Resources/resources", Shape.Operations),
    };

    /// <summary>The usage, day by day and hour by hour; each record id is a deterministic GUID.</summary>
    public IEnumerable<UsageRecordText> Usage()
    {
        var random = new Random(unchecked((_seed * 7919) + 4711));
        long line = 1;
        for (var day = 0; day < _days; day++)
        {
            var date = _start.AddDays(day);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var dayStart = UtcText.StartOfDay(date);
            for (var hour = 0; hour < 24; hour++)
            {
                foreach (var resource in _resources)
                {
                    if (day < resource.CreatedDay || (resource.DeletedDay is { } deleted && day > deleted))
                    {
                        continue;
                    }

                    decimal quantity;
                    switch (resource.Shape)
                    {
                        case Shape.AlwaysOn:
                            // Created and deleted part-way through their first and last days.
                            if ((day == resource.CreatedDay && hour < 9) || (day == resource.DeletedDay && hour >= 15))
                            {
                                continue;
                            }

                            quantity = resource.Scale;
                            break;
                        case Shape.BusinessHours:
                            if (weekend || hour < 7 || hour >= 19 || (day == resource.DeletedDay && hour >= 12))
                            {
                                continue;
                            }

                            quantity = resource.Scale * (hour is 7 or 18 ? 0.5m : 1m);
                            break;
                        case Shape.DailyStorage:
                            if (hour != 0)
                            {
                                continue;
                            }

                            quantity = decimal.Round(resource.Scale * (1m + (day * 0.01m)) / 30m, 6, MidpointRounding.ToEven);
                            break;
                        default:
                            var busy = (weekend ? 0.3m : 1m) * (hour is >= 8 and < 20 ? 1m : 0.2m);
                            quantity = decimal.Round(resource.Scale * busy * (0.5m + (decimal)random.Next(0, 1000) / 1000m), 4, MidpointRounding.ToEven);
                            break;
                    }

                    var at = dayStart.AddHours(hour);
                    yield return new UsageRecordText(NextGuid(random).ToString("D"), resource.Subscription.ToString("D"), resource.Uri, resource.Meter.MeterId,
                        at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), DecimalText.Format(quantity), resource.Meter.Region,
                        resource.Meter.Service, null, null, null, null, line++);
                }
            }
        }
    }

    /// <summary>One usage record as a CSV line in the column order of <see cref="Usage.UsageTextReader.Columns"/>.</summary>
    public static string ToCsv(in UsageRecordText r) =>
        string.Join(',', r.UsageRecordId, r.EntitlementId, r.ResourceUri, r.MeterId, r.UsageStart, r.Quantity, r.ResourceLocation,
            Quote(r.ConsumedService), "", "", "", "");

    /// <summary>One usage record as a JSON line.</summary>
    public static string ToJson(in UsageRecordText r) =>
        $"{{\"usageRecordId\":\"{r.UsageRecordId}\",\"entitlementId\":\"{r.EntitlementId}\",\"resourceUri\":{JsonSerializer.Serialize(r.ResourceUri)},\"meterId\":\"{r.MeterId}\",\"usageStart\":\"{r.UsageStart}\",\"quantity\":{r.Quantity},\"resourceLocation\":{JsonSerializer.Serialize(r.ResourceLocation)},\"consumedService\":{JsonSerializer.Serialize(r.ConsumedService)}}}";

    private static string Quote(string? value) => value is null ? "" : value.Contains(',', StringComparison.Ordinal) ? "\"" + value + "\"" : value;
}
