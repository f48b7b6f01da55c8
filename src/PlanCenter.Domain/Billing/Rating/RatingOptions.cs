namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// Deployment settings of the rating engine. <see cref="PecRate"/> is the partner earned credit as a
/// fraction (default 0.15 = 15 %).
/// </summary>
public readonly record struct RatingOptions
{
    /// <summary>Default settings.</summary>
    public RatingOptions()
    {
    }

    /// <summary>The partner earned credit rate, a fraction in [0, 1].</summary>
    public decimal PecRate { get; init; } = 0.15m;

    /// <summary><see cref="PecRate"/> as a percentage, e.g. 15.</summary>
    public decimal PecPercentage => PecRate * 100m;
}
