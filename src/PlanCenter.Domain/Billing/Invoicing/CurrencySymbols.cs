using System.Collections.Frozen;

namespace PlanCenter.Domain.Billing.Invoicing;

/// <summary>The symbols Partner Center shows next to the billing currencies of the Azure plan markets.</summary>
public static class CurrencySymbols
{
    private static readonly FrozenDictionary<string, string> Symbols = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$",
        ["EUR"] = "€",
        ["GBP"] = "£",
        ["JPY"] = "¥",
        ["CNY"] = "¥",
        ["AUD"] = "$",
        ["CAD"] = "$",
        ["NZD"] = "$",
        ["CHF"] = "CHF",
        ["DKK"] = "kr",
        ["NOK"] = "kr",
        ["SEK"] = "kr",
        ["INR"] = "₹",
        ["BRL"] = "R$",
        ["KRW"] = "₩",
        ["TWD"] = "NT$",
        ["ZAR"] = "R",
        ["MXN"] = "$",
        ["ARS"] = "$",
        ["HKD"] = "HK$",
        ["SGD"] = "S$",
        ["RUB"] = "₽",
        ["TRY"] = "₺",
        ["IDR"] = "Rp",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The symbol of an ISO 4217 code, or the code itself when it has none here.</summary>
    public static string Of(string currency) => Symbols.TryGetValue(currency, out var symbol) ? symbol : currency.ToUpperInvariant();
}
