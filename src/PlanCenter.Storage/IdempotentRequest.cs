namespace PlanCenter.Storage;

/// <summary>
/// The stored first response to a write request, replayed when the same client request id comes again
/// (api.md §2.9). Keyed by the partner, the method and path, and the <c>MS-RequestId</c>.
/// </summary>
public sealed class IdempotentRequest
{
    public required string Key { get; init; }
    public int StatusCode { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public required byte[] Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A named setting of the instance (the token signing key, the sandbox clock).</summary>
public sealed class InstanceSetting
{
    public required string Name { get; init; }
    public required string Value { get; set; }
}
