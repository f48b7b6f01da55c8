using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>Wire → domain checks at the edge; each failure names the field it is about.</summary>
public static class WireInput
{
    public static T Id<T>(string? text, string field) where T : struct, ITypedId<T> =>
        TypedId.TryParse<T>(text, out var id) ? id : throw ApiFaultException.InvalidField(field, $"'{text}' is not a valid GUID.");

    public static T Body<T>(T? body) where T : class =>
        body ?? throw ApiFaultException.InvalidField("body", "a JSON body is required.");

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw ApiFaultException.InvalidField(field, "is required.") : value.Trim();

    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw ApiFaultException.InvalidField(field, "is required.");

    public static TEnum? OptionalEnum<TEnum>(string? text, string field) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return SnakeCaseEnumConverter<TEnum>.TryParse(text, out var value)
            ? value
            : throw new ApiFaultException(CommerceErrors.EnumNotParsed.WithDescription($"{field}: '{text}' is not a valid value."));
    }

    public static Address Address(AddressDto? dto, string field)
    {
        dto = dto ?? throw ApiFaultException.InvalidField(field, "is required.");
        var country = Required(dto.Country, field + ".country").ToUpperInvariant();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            throw ApiFaultException.InvalidField(field + ".country", $"'{dto.Country}' is not an ISO 3166 two-letter country code.");
        }

        return new Address
        {
            Country = country,
            Region = dto.Region,
            City = Required(dto.City, field + ".city"),
            State = dto.State,
            AddressLine1 = Required(dto.AddressLine1, field + ".addressLine1"),
            AddressLine2 = dto.AddressLine2,
            AddressLine3 = dto.AddressLine3,
            PostalCode = dto.PostalCode,
            FirstName = dto.FirstName,
            MiddleName = dto.MiddleName,
            LastName = dto.LastName,
            PhoneNumber = dto.PhoneNumber,
        };
    }

    public static BillingProfile BillingProfile(BillingProfileDto? dto, string field)
    {
        dto = dto ?? throw ApiFaultException.InvalidField(field, "is required.");
        var email = Required(dto.Email, field + ".email");
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            throw ApiFaultException.InvalidField(field + ".email", $"'{email}' is not an e-mail address.");
        }

        return new BillingProfile
        {
            Id = Guid.NewGuid(),
            FirstName = dto.FirstName,
            LastName = dto.LastName,
            Email = email,
            Culture = Required(dto.Culture, field + ".culture"),
            Language = Required(dto.Language, field + ".language"),
            CompanyName = Required(dto.CompanyName, field + ".companyName"),
            DefaultAddress = Address(dto.DefaultAddress, field + ".defaultAddress"),
        };
    }

    /// <summary>Reads an etag written by PlanCenter (a version number); null when absent.</summary>
    public static int? Etag(string? fromBody, string? fromHeader)
    {
        var text = (fromHeader ?? fromBody)?.Trim().Trim('"');
        if (string.IsNullOrEmpty(text) || text == "*")
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ApiFaultException(CommerceErrors.EtagInvalid);
    }
}
