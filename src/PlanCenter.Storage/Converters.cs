using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage;

/// <summary>Stores a typed id as its GUID.</summary>
public sealed class TypedIdConverter<T>() : ValueConverter<T, Guid>(id => id.Value, value => Wrap(value))
    where T : struct, ITypedId<T>
{
    // Expression trees can't call a static abstract member directly; a plain static method can.
    private static T Wrap(Guid value) => T.From(value);
}

/// <summary>
/// Stores an instant as UTC ticks (INTEGER). SQLite can't order or compare EF's default text form of
/// <see cref="DateTimeOffset"/>; ticks sort and compare exactly, and every instant here is UTC anyway.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
