using Microsoft.AspNetCore.Http.HttpResults;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Customers;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>Agreement metadata and customer acceptances (api.md §5).</summary>
public static class AgreementsEndpoints
{
    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder v1)
    {
        v1.MapGet("/agreements", (string? agreementType, HttpContext http) =>
        {
            PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadAgreements);
            var items = AgreementTemplates.Query(agreementType).Select(WireMapping.AgreementMetaData).ToList();
            return TypedResults.Ok(new Collection<AgreementMetaDataDto>(items) { Links = new CollectionLinks(new Link("/agreements")) });
        });
        v1.MapPost("/customers/{customerId}/agreements", CreateAsync);
        v1.MapGet("/customers/{customerId}/agreements", async (string customerId, string? agreementType, HttpContext http, AgreementUseCases agreements, CancellationToken ct) =>
        {
            var items = await agreements.ListAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), agreementType, ct);
            return TypedResults.Ok(new Collection<AgreementDto>([.. items.Select(WireMapping.Agreement)]) { Links = new CollectionLinks(new Link($"/customers/{customerId}/agreements")) });
        });
        v1.MapGet("/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus", async (string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
        {
            _ = await customers.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct);
            return TypedResults.Ok(new { isSigned = false, attributes = new ResourceAttributes("DirectSignedCustomerAgreementStatus") });
        });
        return v1;
    }

    private static async Task<Created<AgreementDto>> CreateAsync(string customerId, AgreementDto? body, HttpContext http, AgreementUseCases agreements, CancellationToken ct)
    {
        var dto = WireInput.Body(body);
        var contact = dto.PrimaryContact ?? throw Errors.ApiFaultException.InvalidField("primaryContact", "is required.");
        var request = new AttestAgreementRequest(
            WireInput.Required(dto.Type, "type"),
            WireInput.Required(dto.TemplateId, "templateId"),
            WireInput.Required(dto.DateAgreed, "dateAgreed"),
            WireInput.Required(contact.FirstName, "primaryContact.firstName"),
            WireInput.Required(contact.LastName, "primaryContact.lastName"),
            WireInput.Required(contact.Email, "primaryContact.email"),
            string.IsNullOrWhiteSpace(contact.PhoneNumber) ? null : contact.PhoneNumber.Trim());
        var agreement = await agreements.AttestAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), request, ct);
        return TypedResults.Created($"/v1/customers/{customerId}/agreements", WireMapping.Agreement(agreement));
    }
}
