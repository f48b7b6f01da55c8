using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Pricing;

/// <summary>An Azure meter GUID (price list <c>MeterIds</c>, usage <c>MeterId</c>). Written lower-case.</summary>
public readonly record struct MeterId(Guid Value) : ITypedId<MeterId>
{
    /// <inheritdoc />
    public static MeterId From(Guid value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString("D");
}
