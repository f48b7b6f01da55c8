namespace PlanCenter.Domain.Pricing;

/// <summary>The price list <c>Tags</c> (billing-rules §1.1): a <c>;</c>-separated set, compared case-insensitively.</summary>
[Flags]
public enum PriceTags
{
    None = 0,
    Azure = 1,
    Consumption = 2,
    Reservation = 4,
    ThirdParty = 8,
}

/// <summary>Reads and writes <see cref="PriceTags"/> as price list text, e.g. <c>Azure;Consumption</c>.</summary>
public static class PriceTagText
{
    private static readonly (PriceTags Tag, string Name)[] Names =
    [
        (PriceTags.Azure, "Azure"),
        (PriceTags.Consumption, "Consumption"),
        (PriceTags.Reservation, "Reservation"),
        (PriceTags.ThirdParty, "ThirdParty"),
    ];

    /// <summary>Parses the list; an unknown tag fails and is returned in <paramref name="unknown"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PriceTags tags, out string? unknown)
    {
        tags = PriceTags.None;
        unknown = null;
        foreach (var range in text.Split(';'))
        {
            var part = text[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            var found = PriceTags.None;
            foreach (var (tag, name) in Names)
            {
                if (part.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    found = tag;
                    break;
                }
            }

            if (found == PriceTags.None)
            {
                unknown = part.ToString();
                return false;
            }

            tags |= found;
        }

        return true;
    }

    /// <summary>The tags in their canonical order, <c>;</c>-separated.</summary>
    public static string Format(PriceTags tags)
    {
        var parts = new List<string>(4);
        foreach (var (tag, name) in Names)
        {
            if ((tags & tag) != 0)
            {
                parts.Add(name);
            }
        }

        return string.Join(';', parts);
    }
}
