using System.Text.Json.Serialization;

namespace PlanCenter.Api.Contracts;

/// <summary>A header a client must send when it follows a link (e.g. <c>MS-ContinuationToken</c>).</summary>
public sealed record LinkHeader(string Key, string Value);

/// <summary>A Partner Center link: a relative URI, a method and headers (always present, maybe empty).</summary>
public sealed record Link(string Uri, string Method = "GET")
{
    public IReadOnlyList<LinkHeader> Headers { get; init; } = [];
}

/// <summary>The <c>attributes</c> member of every resource.</summary>
public sealed record ResourceAttributes(string? ObjectType, string? Etag = null);

/// <summary>Links of a collection.</summary>
public sealed record CollectionLinks(Link? Self, Link? Next = null, Link? Previous = null);

/// <summary>
/// A Partner Center collection. <see cref="ContinuationToken"/> is only written on seek-paged collections,
/// and exactly under that name at the top level (the SDK reads it case-sensitively).
/// </summary>
public sealed record Collection<T>(IReadOnlyList<T> Items)
{
    public int TotalCount => Items.Count;

    [JsonPropertyName("continuationToken")]
    public string? ContinuationToken { get; init; }

    public CollectionLinks? Links { get; init; }

    public ResourceAttributes Attributes { get; init; } = new("Collection");
}
