using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Errors;

/// <summary>Bad input found at the wire edge, before the domain runs.</summary>
public sealed class ApiFaultException(CommerceError error) : Exception(error.Description)
{
    public CommerceError Error { get; } = error;

    /// <summary>A 400 (code 3000) naming the offending field.</summary>
    public static ApiFaultException InvalidField(string field, string problem) =>
        new(CommerceErrors.InvalidProperty.WithDescription($"{field}: {problem}"));
}
