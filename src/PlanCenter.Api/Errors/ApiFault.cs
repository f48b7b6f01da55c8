namespace PlanCenter.Api.Errors;

/// <summary>Partner Center's error body (api.md §2.8). <c>source</c> names the PlanCenter component.</summary>
public sealed record ApiFault(string Code, string Description, IReadOnlyList<object> Data, string Source = "PlanCenter");
