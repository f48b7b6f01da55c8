using nietras.SeparatedValues;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Pricing;

/// <summary>
/// Reads the Partner Center price list CSV (billing-rules §1.1): columns found by header name, any letter
/// case, extra columns allowed. Every bad value of every row becomes an <see cref="ImportError"/>; good
/// rows go to the caller one at a time, so a large file is never held in memory. A row with ProductId and
/// SkuId but no AvailabilityId gets the derived one of <see cref="AvailabilityIds"/>.
/// </summary>
public static class PriceListCsvReader
{
    /// <summary>The columns a price list must have.</summary>
    public static readonly string[] RequiredColumns =
        ["MeterIds", "UnitPrice", "PricingTierRangeMin", "EffectiveStartDate", "EffectiveEndDate", "Tags", "SkuTitle", "MeterType"];

    /// <summary>
    /// Reads <paramref name="stream"/>, calling <paramref name="onRow"/> for each good row and adding the
    /// problems of bad rows to <paramref name="errors"/>. A missing required column is reported on line 1
    /// and stops the read.
    /// </summary>
    public static void Read(Stream stream, Action<PriceListEntry> onRow, List<ImportError> errors, MeterNormalization? normalization = null)
    {
        normalization ??= MeterNormalization.Shipped;
        using var reader = Sep.New(',').Reader(o => o with
        {
            HasHeader = true,
            Unescape = true,
            DisableColCountCheck = true,
            ColNameComparer = StringComparer.OrdinalIgnoreCase,
            CreateToString = SepToString.PoolPerCol(maximumStringLength: 256),
        }).From(stream);

        var header = reader.Header;
        var missing = RequiredColumns.Where(c => !header.TryIndexOf(c, out _)).ToList();
        if (missing.Count > 0)
        {
            errors.AddRange(missing.Select(c => new ImportError(1, c, $"the required column {c} is missing")));
            return;
        }

        var meterIds = header.IndexOf("MeterIds");
        var unitPrice = header.IndexOf("UnitPrice");
        var tierMin = header.IndexOf("PricingTierRangeMin");
        var start = header.IndexOf("EffectiveStartDate");
        var end = header.IndexOf("EffectiveEndDate");
        var tags = header.IndexOf("Tags");
        var skuTitle = header.IndexOf("SkuTitle");
        var meterType = header.IndexOf("MeterType");
        var currency = Optional(header, "Currency");
        var productTitle = Optional(header, "ProductTitle");
        var productId = Optional(header, "ProductId");
        var skuId = Optional(header, "SkuId");
        var publisher = Optional(header, "Publisher");
        var skuDescription = Optional(header, "SkuDescription");
        var unitOfMeasure = Optional(header, "UnitOfMeasure");
        var termDuration = Optional(header, "TermDuration");
        var meterName = Optional(header, "MeterName");
        var meterCategory = Optional(header, "MeterCategory");
        var meterSubCategory = Optional(header, "MeterSubCategory");
        var meterRegion = Optional(header, "MeterRegion");
        var availabilityId = Optional(header, "AvailabilityId");
        var lastRequired = new[] { meterIds, unitPrice, tierMin, start, end, tags, skuTitle, meterType }.Max();

        foreach (var row in reader)
        {
            long line = row.LineNumberFrom;
            if (row.Span.Trim().IsEmpty)
            {
                continue;
            }

            var before = errors.Count;
            if (row.ColCount <= lastRequired)
            {
                errors.Add(new ImportError(line, "*", $"the row has {row.ColCount} columns, fewer than the header"));
                continue;
            }

            if (currency >= 0 && row.ColCount > currency)
            {
                var code = row[currency].Span.Trim();
                if (!code.IsEmpty && !code.Equals("USD", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(new ImportError(line, "Currency", $"'{code}' is not USD: the Azure plan price list is priced in USD only"));
                }
            }

            var meterText = row[meterIds].Span.Trim();
            if (!Guid.TryParseExact(meterText, "D", out var meter))
            {
                errors.Add(new ImportError(line, "MeterIds", $"'{meterText}' is not one meter GUID"));
            }

            var price = Number(row[unitPrice].Span, line, "UnitPrice", errors, allowEmpty: false);
            var minimum = Number(row[tierMin].Span, line, "PricingTierRangeMin", errors, allowEmpty: true);
            var firstText = row[start].Span.Trim();
            if (!UtcText.TryParseDate(firstText, out var first))
            {
                errors.Add(new ImportError(line, "EffectiveStartDate", $"'{firstText}' is not a date (yyyy-MM-dd)"));
            }

            DateOnly? last = null;
            var lastText = row[end].Span.Trim();
            if (!lastText.IsEmpty)
            {
                if (UtcText.TryParseDate(lastText, out var parsed))
                {
                    last = parsed;
                    if (first != default && parsed < first)
                    {
                        errors.Add(new ImportError(line, "EffectiveEndDate", $"{parsed:yyyy-MM-dd} is before EffectiveStartDate {first:yyyy-MM-dd}"));
                    }
                }
                else
                {
                    errors.Add(new ImportError(line, "EffectiveEndDate", $"'{lastText}' is not a date (yyyy-MM-dd)"));
                }
            }

            if (!PriceTagText.TryParse(row[tags].Span, out var tagSet, out var unknown))
            {
                errors.Add(new ImportError(line, "Tags", $"unknown tag '{unknown}' (allowed: Azure, Consumption, Reservation, ThirdParty)"));
            }

            if (errors.Count > before)
            {
                continue;
            }

            var unit = Text(row, unitOfMeasure);
            var region = Text(row, meterRegion);
            var normalizedRegion = normalization.Region(region);
            var normalizedUnit = normalization.Unit(unit);
            var category = Text(row, meterCategory);
            var product = Text(row, productId);
            var sku = Text(row, skuId);
            onRow(new PriceListEntry
            {
                MeterId = new MeterId(meter),
                UnitPrice = price,
                TierMinimum = minimum,
                FirstDay = first,
                LastDay = last,
                Tags = tagSet,
                ProductTitle = Text(row, productTitle),
                ProductId = product,
                SkuId = sku,
                SkuTitle = Text(row, skuTitle),
                Publisher = Text(row, publisher),
                SkuDescription = Text(row, skuDescription),
                UnitOfMeasure = unit,
                TermDuration = Text(row, termDuration),
                MeterType = Text(row, meterType),
                MeterName = Text(row, meterName),
                MeterCategory = category,
                MeterSubCategory = Text(row, meterSubCategory),
                MeterRegion = region,
                // Recon lines need the catalog triple; a list without AvailabilityId gets the stable derived one.
                AvailabilityId = Text(row, availabilityId) ?? (product is not null && sku is not null ? AvailabilityIds.Derive(product, sku) : null),
                RegionId = normalizedRegion?.Id,
                RegionName = normalizedRegion?.Name,
                PricingBlockSize = normalizedUnit?.BlockSize,
                DistinctUnits = normalizedUnit?.DistinctUnits,
                ServiceCategory = normalization.ServiceCategory(category),
                LineNumber = line,
            });
        }
    }

    private static int Optional(SepReaderHeader header, string column) => header.TryIndexOf(column, out var index) ? index : -1;

    private static string? Text(SepReader.Row row, int index)
    {
        if (index < 0 || index >= row.ColCount)
        {
            return null;
        }

        var span = row[index].Span;
        return span.IsEmpty ? null : row[index].ToString();
    }

    private static decimal Number(ReadOnlySpan<char> text, long line, string column, List<ImportError> errors, bool allowEmpty)
    {
        text = text.Trim();
        if (text.IsEmpty && allowEmpty)
        {
            return 0m;
        }

        if (!DecimalText.TryParseNumber(text, out var value))
        {
            errors.Add(new ImportError(line, column, $"'{text}' is not a number"));
            return 0m;
        }

        if (value < 0m)
        {
            errors.Add(new ImportError(line, column, $"{DecimalText.Format(value)} is negative"));
        }

        return value;
    }
}
