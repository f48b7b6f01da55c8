namespace PlanCenter.Storage.Exports;

/// <summary>Settings of the asynchronous export (configuration section <c>Exports</c>).</summary>
public sealed class ExportOptions
{
    /// <summary>Most records in one blob (the <c>ItemCount</c> partition size); default 200,000.</summary>
    public int MaxRecordsPerBlob { get; set; } = 200_000;

    /// <summary>How long a finished operation, its manifest and its blobs are kept; default 7 days. After that they answer 410 Gone.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a manifest's SAS token is valid from the moment the manifest is read; default 1 hour (never past the retention).</summary>
    public TimeSpan SasLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The clock of the export bookkeeping (created, last action, expiry, SAS expiry): the wall clock, not the
/// sandbox's shifted billing clock, like token lifetimes.
/// </summary>
public sealed record ExportClock(TimeProvider Wall);
