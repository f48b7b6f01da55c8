using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlanCenter.Api.Contracts;

/// <summary>
/// The one JSON configuration of the Partner Center wire format (api.md §2.5): camelCase out, any case in,
/// unknown members ignored, enums in snake_case, nulls omitted on output.
/// </summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.Converters.Add(new SnakeCaseEnumConverterFactory());
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        return options;
    }
}
