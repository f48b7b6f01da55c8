using Microsoft.AspNetCore.Http.HttpResults;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Orders;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>Carts, checkout and orders (api.md §7–8).</summary>
public static class OrdersEndpoints
{
    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers/{customerId}/carts", async (string customerId, CartDto? body, HttpContext http, CartUseCases carts, CancellationToken ct) =>
        {
            var cart = await carts.CreateAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), Lines(WireInput.Body(body)), ct);
            return TypedResults.Created($"/v1/customers/{customerId}/carts/{cart.Id}", WireMapping.Cart(cart));
        });
        v1.MapGet("/customers/{customerId}/carts/{cartId}", async (string customerId, string cartId, HttpContext http, CartUseCases carts, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.Cart(await carts.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), WireInput.Id<CartId>(cartId, "cartId"), ct))));
        v1.MapPut("/customers/{customerId}/carts/{cartId}", async (string customerId, string cartId, CartDto? body, HttpContext http, CartUseCases carts, CancellationToken ct) =>
        {
            var cart = await carts.ReplaceAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), WireInput.Id<CartId>(cartId, "cartId"), Lines(WireInput.Body(body)), ct);
            return TypedResults.Created($"/v1/customers/{customerId}/carts/{cart.Id}", WireMapping.Cart(cart));
        });
        v1.MapPost("/customers/{customerId}/carts/{cartId}/checkout", CheckoutAsync);
        v1.MapGet("/customers/{customerId}/orders", async (string customerId, HttpContext http, CartUseCases carts, CancellationToken ct) =>
        {
            var orders = await carts.ListOrdersAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct);
            return TypedResults.Ok(new Collection<OrderDto>([.. orders.Select(WireMapping.Order)]) { Links = new CollectionLinks(new Link($"/customers/{customerId}/orders")) });
        });
        v1.MapGet("/customers/{customerId}/orders/{orderId}", async (string customerId, string orderId, HttpContext http, CartUseCases carts, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.Order(await carts.GetOrderAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), WireInput.Id<OrderId>(orderId, "orderId"), ct))));
        v1.MapGet("/customers/{customerId}/orders/{orderId}/provisioningstatus", async (string customerId, string orderId, HttpContext http, CartUseCases carts, CancellationToken ct) =>
        {
            var order = await carts.GetOrderAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), WireInput.Id<OrderId>(orderId, "orderId"), ct);
            var items = order.LineItems.Select(line => new
            {
                lineItemNumber = line.LineItemNumber,
                status = "Fulfilled",
                quantityProvisioningInformation = new[] { new { quantity = line.Quantity, status = "Fulfilled" } },
            }).ToList();
            return TypedResults.Ok(new Collection<object>(items));
        });
        return v1;
    }

    /// <summary>The body is ignored: the SDK posts the JSON string "success", the docs post nothing.</summary>
    private static async Task<Created<CartCheckoutResultDto>> CheckoutAsync(string customerId, string cartId, HttpContext http, CartUseCases carts, CancellationToken ct)
    {
        var result = await carts.CheckoutAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), WireInput.Id<CartId>(cartId, "cartId"), ct);
        return TypedResults.Created($"/v1/customers/{customerId}/orders/{result.Order.Id}", new CartCheckoutResultDto([WireMapping.Order(result.Order)], []));
    }

    private static List<CartLineItem> Lines(CartDto cart)
    {
        var lines = cart.LineItems;
        if (lines is null || lines.Count == 0)
        {
            throw ApiFaultException.InvalidField("lineItems", "at least one line item is required.");
        }

        var result = new List<CartLineItem>();
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index] ?? throw ApiFaultException.InvalidField($"lineItems[{index}]", "is null.");
            var field = $"lineItems[{index}]";
            result.Add(new CartLineItem
            {
                Index = line.Id ?? index,
                CatalogItemId = WireInput.Required(line.CatalogItemId, field + ".catalogItemId"),
                FriendlyName = line.FriendlyName,
                Quantity = WireInput.Required(line.Quantity, field + ".quantity"),
                BillingCycle = WireInput.Required(line.BillingCycle, field + ".billingCycle"),
                TermDuration = string.IsNullOrWhiteSpace(line.TermDuration) ? null : line.TermDuration,
                Participants = [.. (line.Participants ?? []).Select((p, i) => new CartParticipant(
                    WireInput.Required(p?.Key, $"{field}.participants[{i}].key"), WireInput.Required(p?.Value, $"{field}.participants[{i}].value")))],
            });
        }

        return result;
    }
}
