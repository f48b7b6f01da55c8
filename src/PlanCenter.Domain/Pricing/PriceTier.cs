namespace PlanCenter.Domain.Pricing;

/// <summary>A graduated tier: <see cref="UnitPrice"/> (USD) applies to the monthly quantity above <see cref="Minimum"/>.</summary>
public readonly record struct PriceTier(decimal Minimum, decimal UnitPrice);
