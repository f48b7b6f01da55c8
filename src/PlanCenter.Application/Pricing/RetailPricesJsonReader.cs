using System.Globalization;
using System.Text.Json;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Pricing;

/// <summary>
/// Reads Azure Retail Prices API items (a JSON array of items, or the API's page <c>{"Items": [...]}</c>)
/// as price list rows. Only <c>type = Consumption</c> items belong to the Azure plan consumption list;
/// others are counted and skipped. Items of one meter and start date with different
/// <c>tierMinimumUnits</c> are its graduated tiers. Mapping: ProductId = <c>productId</c>, SkuId = the
/// part of <c>skuId</c> after the <c>/</c>, AvailabilityId derived (<see cref="AvailabilityIds"/>),
/// MeterCategory = <c>serviceName</c>, MeterSubCategory = <c>productName</c> without the service name,
/// MeterRegion = <c>location</c>, UnitPrice = <c>retailPrice</c>, Tags = <c>Azure;Consumption</c>.
/// The API lists some meters under several SKUs or regions (<c>isPrimaryMeterRegion</c> false): such
/// repeats of one meter, period and tier at the same price are one price row (the primary listing, else
/// the first); at different prices they are a bad row. Errors name the item's line and the JSON property.
/// </summary>
/// <summary>What a Retail Prices read left out.</summary>
/// <param name="OtherTypes">Items that are not <c>Consumption</c> (reservations, dev/test).</param>
/// <param name="RepeatedListings">Repeated listings of a meter, period and tier at the same price.</param>
public sealed record RetailReadSummary(int OtherTypes, int RepeatedListings);

public static class RetailPricesJsonReader
{
    /// <summary>Reads the items; returns how many were skipped as other types or as repeated listings.</summary>
    public static RetailReadSummary Read(Stream stream, Action<PriceListEntry> onRow, List<ImportError> errors, MeterNormalization? normalization = null)
    {
        normalization ??= MeterNormalization.Shipped;
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        var skipped = 0;
        var mapped = new List<(PriceListEntry Entry, bool IsPrimary)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        long line = 1;
        var counted = 0;
        try
        {
            if (!FindItems(ref reader))
            {
                errors.Add(new ImportError(1, "Items", "expected a JSON array of price items or an object with an Items array"));
                return new RetailReadSummary(0, 0);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var startIndex = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(counted, startIndex - counted).Count((byte)'\n');
                counted = startIndex;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add(new ImportError(line, "Items", "an item is not a JSON object"));
                    reader.Skip();
                    continue;
                }

                using var item = JsonDocument.ParseValue(ref reader);
                var entry = Map(item.RootElement, line, errors, normalization, ref skipped);
                if (entry is not null)
                {
                    mapped.Add((entry, item.RootElement.TryGetProperty("isPrimaryMeterRegion", out var primary) && primary.ValueKind == JsonValueKind.True));
                }
            }
        }
        catch (JsonException e)
        {
            errors.Add(new ImportError((e.LineNumber ?? 0) + 1, "json", e.Message));
        }

        var duplicates = 0;
        var kept = new Dictionary<(MeterId, DateOnly, DateOnly?, decimal), int>();
        var keep = new bool[mapped.Count];
        for (var i = 0; i < mapped.Count; i++)
        {
            var (entry, isPrimary) = mapped[i];
            var key = (entry.MeterId, entry.FirstDay, entry.LastDay, entry.TierMinimum);
            if (!kept.TryGetValue(key, out var earlier))
            {
                kept.Add(key, i);
                keep[i] = true;
                continue;
            }

            if (mapped[earlier].Entry.UnitPrice != entry.UnitPrice)
            {
                errors.Add(new ImportError(entry.LineNumber, "retailPrice",
                    $"meter {entry.MeterId} is listed on line {mapped[earlier].Entry.LineNumber} for the same period and tier at {DecimalText.Format(mapped[earlier].Entry.UnitPrice)}, here at {DecimalText.Format(entry.UnitPrice)}"));
                continue;
            }

            duplicates++;
            if (isPrimary && !mapped[earlier].IsPrimary)
            {
                keep[earlier] = false;
                keep[i] = true;
                kept[key] = i;
            }
        }

        for (var i = 0; i < mapped.Count; i++)
        {
            if (keep[i])
            {
                onRow(mapped[i].Entry);
            }
        }

        return new RetailReadSummary(skipped, duplicates);
    }

    private static bool FindItems(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isItems = reader.ValueTextEquals("Items"u8) || reader.ValueTextEquals("items"u8);
            reader.Read();
            if (isItems && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static PriceListEntry? Map(JsonElement item, long line, List<ImportError> errors, MeterNormalization normalization, ref int skipped)
    {
        var type = String(item, "type");
        if (!string.Equals(type, "Consumption", StringComparison.OrdinalIgnoreCase))
        {
            skipped++;
            return null;
        }

        var before = errors.Count;
        var currency = String(item, "currencyCode");
        if (currency is not null && !string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ImportError(line, "currencyCode", $"'{currency}' is not USD: the Azure plan price list is priced in USD only"));
        }

        var meterText = String(item, "meterId");
        if (!Guid.TryParseExact(meterText, "D", out var meter))
        {
            errors.Add(new ImportError(line, "meterId", $"'{meterText}' is not a meter GUID"));
        }

        var price = Number(item, "retailPrice", line, errors, required: true);
        var minimum = Number(item, "tierMinimumUnits", line, errors, required: false);
        var firstText = String(item, "effectiveStartDate");
        if (!UtcText.TryParseDate(firstText ?? string.Empty, out var first))
        {
            errors.Add(new ImportError(line, "effectiveStartDate", $"'{firstText}' is not a date"));
        }

        DateOnly? last = null;
        var lastText = String(item, "effectiveEndDate");
        if (!string.IsNullOrWhiteSpace(lastText))
        {
            if (UtcText.TryParseDate(lastText, out var parsed))
            {
                last = parsed;
                if (first != default && parsed < first)
                {
                    errors.Add(new ImportError(line, "effectiveEndDate", $"{parsed:yyyy-MM-dd} is before effectiveStartDate {first:yyyy-MM-dd}"));
                }
            }
            else
            {
                errors.Add(new ImportError(line, "effectiveEndDate", $"'{lastText}' is not a date"));
            }
        }

        var productId = String(item, "productId");
        var fullSkuId = String(item, "skuId");
        if (string.IsNullOrWhiteSpace(productId))
        {
            errors.Add(new ImportError(line, "productId", "the product id is missing"));
        }

        var slash = fullSkuId?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var skuId = slash >= 0 ? fullSkuId![(slash + 1)..] : fullSkuId;
        if (string.IsNullOrWhiteSpace(skuId))
        {
            errors.Add(new ImportError(line, "skuId", "the SKU id is missing"));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var serviceName = String(item, "serviceName");
        var productName = String(item, "productName");
        var subCategory = productName is not null && serviceName is not null && productName.StartsWith(serviceName + " ", StringComparison.OrdinalIgnoreCase)
            ? productName[(serviceName.Length + 1)..]
            : productName;
        var unit = String(item, "unitOfMeasure");
        var region = normalization.Region(String(item, "armRegionName")) ?? normalization.Region(String(item, "location"));
        var normalizedUnit = normalization.Unit(unit);
        return new PriceListEntry
        {
            MeterId = new MeterId(meter),
            UnitPrice = price,
            TierMinimum = minimum,
            FirstDay = first,
            LastDay = last,
            Tags = PriceTags.Azure | PriceTags.Consumption,
            ProductTitle = productName,
            ProductId = productId,
            SkuId = skuId,
            SkuTitle = String(item, "skuName"),
            Publisher = "Microsoft",
            SkuDescription = productName is null ? null : $"{productName} {String(item, "skuName")}".Trim(),
            UnitOfMeasure = unit,
            MeterType = unit,
            MeterName = String(item, "meterName"),
            MeterCategory = serviceName,
            MeterSubCategory = subCategory,
            MeterRegion = String(item, "location"),
            AvailabilityId = AvailabilityIds.Derive(productId!, skuId!),
            RegionId = region?.Id,
            RegionName = region?.Name,
            PricingBlockSize = normalizedUnit?.BlockSize,
            DistinctUnits = normalizedUnit?.DistinctUnits,
            ServiceCategory = normalization.ServiceCategory(serviceName) ?? String(item, "serviceFamily"),
            LineNumber = line,
        };
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal Number(JsonElement item, string name, long line, List<ImportError> errors, bool required)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new ImportError(line, name, "the value is missing"));
            }

            return 0m;
        }

        // The literal text, so that 0.497297 stays exactly 0.497297 (no double on the way).
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
        if (!DecimalText.TryParseNumber(text, out var number))
        {
            errors.Add(new ImportError(line, name, $"'{text}' is not a number"));
            return 0m;
        }

        if (number < 0m)
        {
            errors.Add(new ImportError(line, name, $"{number.ToString(CultureInfo.InvariantCulture)} is negative"));
        }

        return number;
    }
}
