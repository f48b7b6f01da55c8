using System.CommandLine;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Identity;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Commands;

/// <summary><c>token</c>, <c>partners add</c>, <c>users add</c> and <c>apps add</c>: operator commands on the database.</summary>
public static class TenantCommands
{
    public static void Add(RootCommand root, Option<string> dataDir)
    {
        var user = new Option<string>("--user") { Description = "E-mail of the partner user.", Required = true };
        var token = new Command("token", "Print an app+user access token for a user of this instance.") { user, dataDir };
        token.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: true, ct: ct, work: async services =>
        {
            var found = await services.GetRequiredService<ICommerceStore>().FindUserByEmailAsync(parse.GetValue(user)!, ct)
                ?? throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"no user '{parse.GetValue(user)}'."));
            Console.WriteLine(services.GetRequiredService<TokenIssuer>().IssueForUser(found, TokenEndpoints.PublicClientId, null).AccessToken);
        }));
        root.Subcommands.Add(token);

        var name = new Option<string>("--name") { Description = "Company name of the partner.", Required = true };
        var country = new Option<string>("--country") { Description = "ISO country of the partner's location (sets its market and currency).", Required = true };
        var mpnId = new Option<string>("--mpn-id") { Description = "The partner's PartnerID (MPN id).", Required = true };
        var tenant = new Option<Guid?>("--tenant-id") { Description = "The partner's tenant id (default: a new GUID)." };
        var kind = new Option<PartnerKind>("--kind") { Description = "DirectBill, IndirectProvider or IndirectReseller.", DefaultValueFactory = _ => PartnerKind.DirectBill };
        var addPartner = new Command("add", "Add a partner tenant.") { name, country, mpnId, tenant, kind, dataDir };
        addPartner.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, ct: ct, work: async services =>
        {
            var partner = await services.GetRequiredService<TenantAdministration>().AddPartnerAsync(
                new PartnerTenantId(parse.GetValue(tenant) ?? Guid.NewGuid()), parse.GetValue(name)!, parse.GetValue(mpnId)!, parse.GetValue(country)!, parse.GetValue(kind), ct);
            Console.WriteLine($"partner {partner.Id} ({partner.Name}, {partner.Country}, billed in {partner.BillingCurrency})");
        }));
        root.Subcommands.Add(new Command("partners", "Partner tenants.") { addPartner });

        var partnerId = new Option<Guid>("--partner") { Description = "Tenant id of the partner.", Required = true };
        var email = new Option<string>("--email") { Description = "Sign-in e-mail.", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role: GlobalAdmin, AdminAgent, SalesAgent, BillingAdmin, HelpdeskAgent (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var password = new Option<string>("--password") { Description = "Password (at least 12 characters).", Required = true };
        var addUser = new Command("add", "Add a user to a partner tenant.") { partnerId, email, roles, password, dataDir };
        addUser.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, ct: ct, work: async services =>
        {
            var given = parse.GetValue(roles)!;
            var parsed = PartnerRoleNames.FromNames(given);
            if (PartnerRoleNames.ToNames(parsed).Count() != given.Distinct(StringComparer.OrdinalIgnoreCase).Count())
            {
                throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"--role: unknown role in '{string.Join(", ", given)}'."));
            }

            var added = await services.GetRequiredService<TenantAdministration>().AddUserAsync(
                new PartnerTenantId(parse.GetValue(partnerId)), parse.GetValue(email)!, parse.GetValue(email)!, parsed, parse.GetValue(password)!, ct);
            Console.WriteLine($"user {added.Email} ({string.Join(", ", PartnerRoleNames.ToNames(added.Roles))}) oid {added.Id}");
        }));
        root.Subcommands.Add(new Command("users", "Partner users.") { addUser });

        var appName = new Option<string>("--name") { Description = "Display name of the application.", Required = true };
        var addApp = new Command("add", "Register an application (prints its client id and secret once).") { partnerId, appName, dataDir };
        addApp.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, ct: ct, work: async services =>
        {
            var (application, secret) = await services.GetRequiredService<TenantAdministration>().AddApplicationAsync(
                new PartnerTenantId(parse.GetValue(partnerId)), parse.GetValue(appName)!, ct);
            Console.WriteLine($"client_id={application.ClientId:D}");
            Console.WriteLine($"client_secret={secret}");
        }));
        root.Subcommands.Add(new Command("apps", "Registered applications.") { addApp });
    }

}
