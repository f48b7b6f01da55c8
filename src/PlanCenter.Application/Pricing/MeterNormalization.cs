using System.Collections.Frozen;
using System.Globalization;
using nietras.SeparatedValues;

namespace PlanCenter.Application.Pricing;

/// <summary>
/// Normalises a meter's region, unit of measure and service with the FinOps toolkit's open data
/// (Regions.csv, PricingUnits.csv, Services.csv; MIT, see Pricing/OpenData/NOTICE.md), embedded in this
/// assembly so that a server running away from the repository has them too. Look-ups ignore letter case.
/// </summary>
public sealed class MeterNormalization
{
    private readonly FrozenDictionary<string, (string Id, string Name)> _regions;
    private readonly FrozenDictionary<string, (decimal BlockSize, string DistinctUnits)> _units;
    private readonly FrozenDictionary<string, string> _serviceCategories;

    private MeterNormalization(
        FrozenDictionary<string, (string, string)> regions,
        FrozenDictionary<string, (decimal, string)> units,
        FrozenDictionary<string, string> serviceCategories)
    {
        _regions = regions;
        _units = units;
        _serviceCategories = serviceCategories;
    }

    /// <summary>The tables shipped with PlanCenter, read once.</summary>
    public static MeterNormalization Shipped { get; } = Load();

    /// <summary>Region id and display name for any known spelling (<c>westeurope</c>, <c>EU West</c>, ...).</summary>
    public (string Id, string Name)? Region(string? value) =>
        value is not null && _regions.TryGetValue(value.Trim(), out var region) ? region : null;

    /// <summary>Block size and distinct unit of a unit of measure (<c>10K</c> → 10000, <c>Units</c>).</summary>
    public (decimal BlockSize, string DistinctUnits)? Unit(string? unitOfMeasure) =>
        unitOfMeasure is not null && (_units.TryGetValue(unitOfMeasure, out var unit) || _units.TryGetValue(unitOfMeasure.Trim(), out unit)) ? unit : null;

    /// <summary>The service category of a service name or subcategory (<c>Virtual Machines</c> → <c>Compute</c>).</summary>
    public string? ServiceCategory(string? serviceName) =>
        serviceName is not null && _serviceCategories.TryGetValue(serviceName.Trim(), out var category) ? category : null;

    private static MeterNormalization Load()
    {
        var regions = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, _) in Read("Regions.csv", "OriginalValue", "RegionId", "RegionName"))
        {
            regions.TryAdd(row[0], (row[1], row[2]));
            regions.TryAdd(row[1], (row[1], row[2]));
            regions.TryAdd(row[2], (row[1], row[2]));
        }

        var units = new Dictionary<string, (decimal, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, _) in Read("PricingUnits.csv", "UnitOfMeasure", "PricingBlockSize", "DistinctUnits"))
        {
            if (decimal.TryParse(row[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var size))
            {
                units.TryAdd(row[0], (size, row[2]));
            }
        }

        var services = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var subcategories = new List<(string, string)>();
        foreach (var (row, _) in Read("Services.csv", "ServiceName", "ServiceCategory", "ServiceSubcategory"))
        {
            services.TryAdd(row[0], row[1]);
            subcategories.Add((row[2], row[1]));
        }

        // A retail service name is often a FinOps subcategory ("Virtual Machines" under Compute).
        foreach (var (subcategory, category) in subcategories)
        {
            services.TryAdd(subcategory, category);
        }

        return new MeterNormalization(regions.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            units.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), services.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private static IEnumerable<(string[] Row, int Line)> Read(string file, params string[] columns)
    {
        using var stream = typeof(MeterNormalization).Assembly.GetManifestResourceStream($"PlanCenter.OpenData.{file}")
            ?? throw new InvalidOperationException($"The embedded open-data file {file} is missing.");
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, HasHeader = true }).From(stream);
        var indices = reader.Header.IndicesOf(columns);
        var rows = new List<(string[], int)>();
        foreach (var row in reader)
        {
            var values = new string[indices.Length];
            for (var i = 0; i < indices.Length; i++)
            {
                values[i] = row[indices[i]].ToString();
            }

            rows.Add((values, row.LineNumberFrom));
        }

        return rows;
    }
}
