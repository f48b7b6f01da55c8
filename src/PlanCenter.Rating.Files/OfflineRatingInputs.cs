namespace PlanCenter.Rating.Files;

/// <summary>
/// The files of one offline <c>rate</c> run. Usage files are read in the given order (CSV,
/// <c>*.jsonl</c> or <c>*.jsonl.gz</c>). Without an exchange-rate file only USD billing rates; without an
/// access file nothing earns partner earned credit. The invoice recon and rejects outputs are optional.
/// </summary>
public sealed record OfflineRatingInputs
{
    /// <summary>Usage files, in input order.</summary>
    public required IReadOnlyList<string> UsagePaths { get; init; }

    /// <summary>The consumption price list CSV.</summary>
    public required string PricesPath { get; init; }

    /// <summary>The accounts CSV.</summary>
    public required string AccountsPath { get; init; }

    /// <summary>The exchange-rate CSV, optional.</summary>
    public string? ExchangeRatesPath { get; init; }

    /// <summary>The access (role assignment) CSV, optional.</summary>
    public string? AccessPath { get; init; }

    /// <summary>Where the daily-rated usage recon CSV is written.</summary>
    public required string ReconPath { get; init; }

    /// <summary>Where the invoice recon CSV is written, optional.</summary>
    public string? InvoiceReconPath { get; init; }

    /// <summary>Where the rejects CSV is written, optional.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Where the FinOps FOCUS 1.2 CSV of the daily-rated lines is written, optional.</summary>
    public string? FocusPath { get; init; }
}
