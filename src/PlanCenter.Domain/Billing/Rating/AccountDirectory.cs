using System.Collections.Frozen;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The accounts of every Azure subscription, by entitlement id (billing-rules §1.5). Immutable and safe to
/// share between threads.
/// </summary>
public sealed class AccountDirectory
{
    private readonly FrozenDictionary<AzureSubscriptionId, AzureEntitlementAccount> _accounts;

    private AccountDirectory(FrozenDictionary<AzureSubscriptionId, AzureEntitlementAccount> accounts) => _accounts = accounts;

    /// <summary>The number of Azure subscriptions.</summary>
    public int Count => _accounts.Count;

    /// <summary>Every Azure subscription's account.</summary>
    public IEnumerable<AzureEntitlementAccount> All => _accounts.Values;

    /// <summary>
    /// Builds the directory. A repeated entitlement id, or two rows of one plan that disagree on customer,
    /// partner or billing currency, is a file error against <paramref name="file"/>.
    /// </summary>
    public static AccountDirectory Build(IEnumerable<AzureEntitlementAccount> accounts, string file)
    {
        var byEntitlement = new Dictionary<AzureSubscriptionId, AzureEntitlementAccount>();
        var byPlan = new Dictionary<SubscriptionId, AzureEntitlementAccount>();
        foreach (var account in accounts)
        {
            if (!byEntitlement.TryAdd(account.EntitlementId, account))
            {
                throw new InputFileException(file, account.LineNumber, "EntitlementId", $"EntitlementId {account.EntitlementId} is repeated");
            }

            if (byPlan.TryGetValue(account.SubscriptionId, out var first))
            {
                var column = first.CustomerId != account.CustomerId ? "CustomerId"
                    : first.PartnerId != account.PartnerId ? "PartnerId"
                    : !string.Equals(first.BillingCurrency, account.BillingCurrency, StringComparison.OrdinalIgnoreCase) ? "BillingCurrency"
                    : null;
                if (column is not null)
                {
                    throw new InputFileException(file, account.LineNumber, column,
                        $"SubscriptionId {account.SubscriptionId} has a different {column} than on line {first.LineNumber}");
                }
            }
            else
            {
                byPlan.Add(account.SubscriptionId, account);
            }
        }

        return new AccountDirectory(byEntitlement.ToFrozenDictionary());
    }

    /// <summary>Finds the account of an Azure subscription.</summary>
    public bool TryGet(AzureSubscriptionId entitlementId, out AzureEntitlementAccount account) =>
        _accounts.TryGetValue(entitlementId, out account!);

    /// <summary>The account of an Azure subscription; throws when unknown.</summary>
    public AzureEntitlementAccount Get(AzureSubscriptionId entitlementId) =>
        _accounts.TryGetValue(entitlementId, out var account)
            ? account
            : throw new KeyNotFoundException($"Azure subscription {entitlementId} has no account.");
}
