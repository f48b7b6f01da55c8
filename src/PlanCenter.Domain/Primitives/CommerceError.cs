namespace PlanCenter.Domain.Primitives;

/// <summary>How a broken rule is classified; the API layer alone turns a kind into an HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or names an invalid value.</summary>
    BadInput,

    /// <summary>The caller is not signed in or its token is invalid.</summary>
    Unauthorized,

    /// <summary>The caller may not do this, or a business precondition forbids it.</summary>
    Forbidden,

    /// <summary>The addressed resource does not exist for this caller.</summary>
    NotFound,

    /// <summary>The request conflicts with the current state.</summary>
    Conflict,

    /// <summary>The service could not do it now (its store is busy with a long write); the same request may be retried.</summary>
    Busy,
}

/// <summary>
/// A Partner Center error: a stable <paramref name="Code"/> that clients program against, a human
/// <paramref name="Description"/> and its <paramref name="Kind"/>. Equality is by value.
/// </summary>
public sealed record CommerceError(string Code, string Description, ErrorKind Kind)
{
    /// <summary>The same error with a more specific description (the code and kind are kept).</summary>
    public CommerceError WithDescription(string description) => this with { Description = description };
}

/// <summary>Thrown by domain code when a business rule is broken.</summary>
public sealed class CommerceRuleException(CommerceError error) : Exception(error.Description)
{
    /// <summary>The broken rule.</summary>
    public CommerceError Error { get; } = error;
}
