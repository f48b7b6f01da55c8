using PlanCenter.Api.Endpoints;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Plans;
using PlanCenter.Domain.Plans;

namespace PlanCenter.Api.Azure;

/// <summary>ARM body of <c>PUT /providers/Microsoft.Subscription/aliases/{alias}</c>.</summary>
public sealed record AliasRequestDto(AliasPropertiesDto? Properties);

public sealed record AliasPropertiesDto(string? DisplayName, string? BillingScope, string? Workload, string? ResellerId, string? SubscriptionId);

/// <summary>
/// The Azure Resource Manager side: creating Azure subscriptions under a customer's plan through
/// subscription aliases (domain.md §3.4). Provisioning completes at once (<c>Succeeded</c>).
/// </summary>
public static class SubscriptionAliasEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionAliases(this IEndpointRouteBuilder app)
    {
        var aliases = app.MapGroup("/providers/Microsoft.Subscription/aliases").RequireAuthorization();
        aliases.MapPut("/{alias}", async (string alias, AliasRequestDto? body, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
        {
            var properties = WireInput.Body(body).Properties ?? throw ApiFaultException.InvalidField("properties", "is required.");
            var workload = properties.Workload?.Trim() switch
            {
                null or "" or "Production" or "production" => AzureWorkload.Production,
                "DevTest" or "devtest" or "Devtest" => AzureWorkload.DevTest,
                _ => throw ApiFaultException.InvalidField("properties.workload", $"'{properties.Workload}' is not Production or DevTest."),
            };
            var request = new CreateAliasRequest(CheckAlias(alias), WireInput.Required(properties.BillingScope, "properties.billingScope"),
                WireInput.Required(properties.DisplayName, "properties.displayName"), workload);
            var (subscription, created) = await plans.CreateByAliasAsync(http.GetCaller(), request, ct);
            var result = AliasResponse(alias, subscription);
            return created ? Results.Created($"/providers/Microsoft.Subscription/aliases/{alias}", result) : Results.Ok(result);
        });
        return app;
    }

    private static string CheckAlias(string alias) =>
        alias.Length is > 0 and <= 128 && alias.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? alias
            : throw ApiFaultException.InvalidField("alias", "must be 1 to 128 letters, digits, '-', '_' or '.'.");

    private static object AliasResponse(string alias, AzureSubscription subscription) => new
    {
        id = $"/providers/Microsoft.Subscription/aliases/{alias}",
        name = alias,
        type = "Microsoft.Subscription/aliases",
        properties = new
        {
            subscriptionId = subscription.Id.ToString(),
            provisioningState = "Succeeded",
            displayName = subscription.FriendlyName,
            workload = subscription.Workload.ToString(),
        },
    };
}
