using System.Globalization;
using System.Text.Json;
using PlanCenter.Api.Errors;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// The <c>filter</c> of <c>GET /v1/invoices</c> (api.md §2.7): a raw JSON <c>SimpleFieldFilter</c> on
/// <c>InvoiceDate</c>, or a <c>CompoundFieldFilter</c> joining two of them with <c>and</c>, read as an
/// inclusive range of invoice dates.
/// </summary>
public static class InvoiceDateFilter
{
    /// <summary>The bounds the filter sets (null: none); a malformed filter is a 400 naming <c>filter</c>.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            DateTimeOffset? from = null;
            DateTimeOffset? to = null;
            Apply(document.RootElement, ref from, ref to);
            return (from, to);
        }
        catch (JsonException)
        {
            throw Invalid("it is not JSON");
        }
    }

    private static void Apply(JsonElement filter, ref DateTimeOffset? from, ref DateTimeOffset? to)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("it must be a JSON object");
        }

        var op = Member(filter, "Operator") ?? throw Invalid("Operator is missing");
        if (Child(filter, "LeftFilter") is { } left)
        {
            if (!string.Equals(op, "and", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"compound operator '{op}' is not supported; use and");
            }

            Apply(left, ref from, ref to);
            Apply(Child(filter, "RightFilter") ?? throw Invalid("RightFilter is missing"), ref from, ref to);
            return;
        }

        var field = Member(filter, "Field");
        if (!string.Equals(field, "InvoiceDate", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"field '{field}' is not supported; use InvoiceDate");
        }

        var value = Member(filter, "Value") ?? throw Invalid("Value is missing");
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            throw Invalid($"'{value}' is not a date");
        }

        var tick = TimeSpan.FromTicks(1);
        switch (op.ToLowerInvariant())
        {
            case "greater_than_or_equals":
                from = Max(from, date);
                break;
            case "greater_than":
                from = Max(from, date + tick);
                break;
            case "less_than_or_equals":
                to = Min(to, date);
                break;
            case "less_than":
                to = Min(to, date - tick);
                break;
            case "equals":
                from = Max(from, date);
                to = Min(to, date);
                break;
            default:
                throw Invalid($"operator '{op}' is not supported on InvoiceDate");
        }
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private static string? Member(JsonElement element, string name) =>
        element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p
            ? p.Value.GetString()
            : null;

    private static JsonElement? Child(JsonElement element, string name) =>
        element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Object } p
            ? p.Value
            : null;

    private static ApiFaultException Invalid(string reason) => ApiFaultException.InvalidField("filter", $"The invoice filter is not valid: {reason}.");
}
