using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlanCenter.Api.Contracts;

/// <summary>
/// Instants on the wire: read ISO 8601 with or without an offset, a missing offset meaning UTC (the SDK
/// sends unset dates as <c>0001-01-01T00:00:00</c>, which a local offset east of UTC could not even hold);
/// written in UTC with a <c>Z</c>, as Partner Center does.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an ISO 8601 date and time");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
