using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Customers;

/// <summary>A partner's attestation of a customer's agreement acceptance, as bound from the wire.</summary>
public sealed record AttestAgreementRequest(string Type, string TemplateId, DateTimeOffset DateAgreed, string FirstName, string LastName, string Email, string? PhoneNumber);

/// <summary>Customer agreement acceptances (domain.md §2.2).</summary>
public sealed class AgreementUseCases(ICommerceStore store, TimeProvider clock)
{
    /// <summary>Future dates are refused beyond this tolerance for clocks in other time zones.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public async Task<CustomerAgreement> AttestAsync(Caller caller, CustomerId customerId, AttestAgreementRequest request, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.AttestCustomerAgreement);
        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.AccessDenied);
        if (partner.Kind == PartnerKind.IndirectReseller)
        {
            throw new CommerceRuleException(CommerceErrors.AccessDenied.WithDescription("Indirect resellers can't attest agreements; their indirect provider does."));
        }

        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        if (AgreementTemplates.Find(request.Type) is not { } template)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"type '{request.Type}' is not a known agreement type."));
        }

        if (!AgreementTemplates.IsValidTemplate(template.AgreementType, request.TemplateId))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"templateId '{request.TemplateId}' is not a template of {template.AgreementType}."));
        }

        var now = clock.GetUtcNow();
        if (request.DateAgreed > now + FutureTolerance)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("dateAgreed can't be in the future."));
        }

        var existing = await store.ListAgreementsAsync(caller.PartnerId, customer.Id, ct);
        if (existing.Any(a => a.DuplicatesContactOf(template.AgreementType, request.FirstName, request.LastName, request.Email, request.PhoneNumber)))
        {
            throw new CommerceRuleException(CommerceErrors.AgreementAlreadyExists);
        }

        var agreement = new CustomerAgreement(customer.Id, caller.PartnerId, caller.PrincipalId, template.AgreementType, request.TemplateId.Trim(),
            request.DateAgreed.ToUniversalTime(), request.FirstName, request.LastName, request.Email, request.PhoneNumber, now);
        store.Add(agreement);
        await store.SaveChangesAsync(ct);
        return agreement;
    }

    /// <summary>The customer's acceptances of the agreement types a metadata query would name.</summary>
    public async Task<IReadOnlyList<CustomerAgreement>> ListAsync(Caller caller, CustomerId customerId, string? agreementType, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadAgreements);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        var types = AgreementTemplates.Query(agreementType).Select(t => t.AgreementType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var all = await store.ListAgreementsAsync(caller.PartnerId, customerId, ct);
        return [.. all.Where(a => types.Contains(a.Type))];
    }
}
