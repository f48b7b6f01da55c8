namespace PlanCenter.Domain.Access;

/// <summary>ARM scope arithmetic for access checks; comparisons are case-insensitive.</summary>
public static class AccessScope
{
    /// <summary>Trims spaces and trailing <c>/</c> characters.</summary>
    public static string Normalize(string scope)
    {
        var trimmed = scope.AsSpan().Trim().TrimEnd('/');
        return trimmed.Length == scope.Length ? scope : trimmed.ToString();
    }

    /// <summary>
    /// True when <paramref name="scope"/> equals <paramref name="resourceUri"/> or is a prefix of it that
    /// ends at a <c>/</c> segment boundary (so <c>.../resourceGroups/prod</c> does not cover
    /// <c>.../resourceGroups/prod2/...</c>).
    /// </summary>
    public static bool Covers(ReadOnlySpan<char> scope, ReadOnlySpan<char> resourceUri)
    {
        scope = scope.TrimEnd('/');
        resourceUri = resourceUri.TrimEnd('/');
        if (scope.Length == 0)
        {
            return true;
        }

        if (!resourceUri.StartsWith(scope, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return resourceUri.Length == scope.Length || resourceUri[scope.Length] == '/';
    }

    /// <summary>
    /// The <c>/subscriptions/{id}</c> head of an ARM id, or empty when the id does not start so.
    /// </summary>
    public static ReadOnlySpan<char> SubscriptionHead(ReadOnlySpan<char> armId)
    {
        const string Prefix = "/subscriptions/";
        if (!armId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var rest = armId[Prefix.Length..];
        var slash = rest.IndexOf('/');
        var head = slash < 0 ? armId : armId[..(Prefix.Length + slash)];
        return head.Length == Prefix.Length ? [] : head;
    }

    /// <summary>The resource group segment (after <c>resourceGroups</c>) of an ARM id, or null.</summary>
    public static string? ResourceGroup(string resourceUri)
    {
        var span = resourceUri.AsSpan();
        var start = 0;
        var takeNext = false;
        while (start <= span.Length)
        {
            var rest = span[start..];
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (takeNext)
            {
                return segment.Length == 0 ? null : segment.ToString();
            }

            takeNext = segment.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase);
            if (slash < 0)
            {
                break;
            }

            start += slash + 1;
        }

        return null;
    }
}
