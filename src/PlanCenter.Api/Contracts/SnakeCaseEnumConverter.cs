using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlanCenter.Api.Contracts;

/// <summary>
/// Partner Center enums: written in lower snake_case (<c>one_time</c>), read in any case with or without
/// underscores (<c>one_time</c>, <c>OneTime</c>, <c>oneTime</c>, <c>ONE_TIME</c>). An unknown string fails
/// with a <see cref="JsonException"/>, which the error handler reports with the field's path.
/// </summary>
public sealed class SnakeCaseEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(typeToConvert))!;
}

/// <summary>The converter of one enum type; see <see cref="SnakeCaseEnumConverterFactory"/>.</summary>
public sealed class SnakeCaseEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByLooseName = Enum.GetValues<T>()
        .ToDictionary(value => Loosen(value.ToString()), value => value, StringComparer.Ordinal);

    private static readonly Dictionary<T, string> WireNames = Enum.GetValues<T>()
        .ToDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected one of {string.Join(", ", WireNames.Values)}");
        }

        var text = reader.GetString() ?? "";
        return TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not one of {string.Join(", ", WireNames.Values)}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireNames[value]);

    /// <summary>Parses a wire spelling (query strings use this too).</summary>
    public static bool TryParse(string text, out T value) => ByLooseName.TryGetValue(Loosen(text), out value);

    /// <summary>The wire spelling of a value.</summary>
    public static string ToWire(T value) => WireNames[value];

    private static string Loosen(string name) => name.Replace("_", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
}
