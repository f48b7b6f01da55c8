using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Abstractions;

/// <summary>Turns a missing aggregate into the Partner Center not-found error of its kind.</summary>
public static class NotFound
{
    /// <summary>Returns <paramref name="value"/>, or throws <paramref name="error"/> when it is null.</summary>
    public static T OrThrow<T>(this T? value, CommerceError error) where T : class =>
        value ?? throw new CommerceRuleException(error);
}
