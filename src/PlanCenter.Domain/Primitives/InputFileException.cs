namespace PlanCenter.Domain.Primitives;

/// <summary>
/// A structurally broken input file (billing-rules §1, a "file error"): the offline command stops with
/// exit code 2 and names <see cref="File"/>, <see cref="LineNumber"/> (1-based; 0 when the error is not
/// tied to a line) and <see cref="Reason"/>. <see cref="Column"/> names the offending column when known.
/// </summary>
public sealed class InputFileException : Exception
{
    /// <summary>Creates the error.</summary>
    public InputFileException(string file, long lineNumber, string? column, string reason)
        : base(Describe(file, lineNumber, column, reason))
    {
        File = file;
        LineNumber = lineNumber;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file (as named by the caller).</summary>
    public string File { get; }

    /// <summary>The 1-based line number, 0 when not tied to a line.</summary>
    public long LineNumber { get; }

    /// <summary>The column at fault, when known.</summary>
    public string? Column { get; }

    /// <summary>Why the file is broken.</summary>
    public string Reason { get; }

    private static string Describe(string file, long lineNumber, string? column, string reason) =>
        column is null
            ? $"{file}:{lineNumber}: {reason}"
            : $"{file}:{lineNumber}: column {column}: {reason}";
}
