namespace PlanCenter.Domain.Primitives;

/// <summary>
/// A GUID-backed identifier of one kind of entity. Equality is by value; GUIDs have no case, so ids
/// written in any letter case on the wire compare equal once parsed.
/// </summary>
/// <typeparam name="TSelf">The id type itself.</typeparam>
public interface ITypedId<TSelf> where TSelf : struct, ITypedId<TSelf>
{
    /// <summary>The underlying GUID.</summary>
    Guid Value { get; }

    /// <summary>Wraps a GUID without validation (every GUID is a valid id).</summary>
    static abstract TSelf From(Guid value);
}

/// <summary>Parsing helpers shared by every typed id.</summary>
public static class TypedId
{
    /// <summary>Parses a GUID in any of the standard formats and letter cases; false when it is not a GUID.</summary>
    public static bool TryParse<T>(string? text, out T id) where T : struct, ITypedId<T>
    {
        if (Guid.TryParse(text, out var guid))
        {
            id = T.From(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>A new random id.</summary>
    public static T New<T>() where T : struct, ITypedId<T> => T.From(Guid.NewGuid());
}

/// <summary>The Entra tenant id of a partner organisation (the JWT <c>tid</c> of its users and apps).</summary>
public readonly record struct PartnerTenantId(Guid Value) : ITypedId<PartnerTenantId>
{
    public static PartnerTenantId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>A customer, identified by its own tenant id (Partner Center's "Microsoft ID").</summary>
public readonly record struct CustomerId(Guid Value) : ITypedId<CustomerId>
{
    public static CustomerId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>A Partner Center subscription; for the Azure plan this is the plan id.</summary>
public readonly record struct SubscriptionId(Guid Value) : ITypedId<SubscriptionId>
{
    public static SubscriptionId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>An Azure subscription under a plan (Partner Center's "Azure entitlement").</summary>
public readonly record struct AzureSubscriptionId(Guid Value) : ITypedId<AzureSubscriptionId>
{
    public static AzureSubscriptionId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>An order created by a cart checkout.</summary>
public readonly record struct OrderId(Guid Value) : ITypedId<OrderId>
{
    public static OrderId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>A cart.</summary>
public readonly record struct CartId(Guid Value) : ITypedId<CartId>
{
    public static CartId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>The object id (<c>oid</c>) of a partner user or application.</summary>
public readonly record struct PrincipalId(Guid Value) : ITypedId<PrincipalId>
{
    public static PrincipalId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}

/// <summary>An Azure RBAC role assignment (or deny assignment) name.</summary>
public readonly record struct RoleAssignmentId(Guid Value) : ITypedId<RoleAssignmentId>
{
    public static RoleAssignmentId From(Guid value) => new(value);
    public override string ToString() => Value.ToString("D");
}
