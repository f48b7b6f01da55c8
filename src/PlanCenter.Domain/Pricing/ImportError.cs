namespace PlanCenter.Domain.Pricing;

/// <summary>One bad row of an import file: its 1-based line, the column at fault and why.</summary>
public sealed record ImportError(long Line, string Column, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}, column {Column}: {Reason}";
}

/// <summary>
/// An import that changed nothing because its file had bad rows; <see cref="Errors"/> lists every one,
/// in line order.
/// </summary>
public sealed class ImportRejectedException(string file, IReadOnlyList<ImportError> errors)
    : Exception($"{file}: {errors.Count} bad row(s); nothing was imported.")
{
    /// <summary>The file as the caller named it.</summary>
    public string File { get; } = file;

    /// <summary>Every bad row, by line.</summary>
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}
