using System.Collections.Frozen;

namespace PlanCenter.Domain.Access;

/// <summary>
/// The Azure RBAC roles that earn partner earned credit (domain.md §6.2, the "Yes" list; "Data
/// Owner/Receiver/Sender" expanded to three roles). Names compare case-insensitively after trimming; an
/// unknown role is not eligible.
/// </summary>
public static class PecEligibleRoles
{
    private static readonly FrozenSet<string> Roles = new[]
    {
        "Owner", "Contributor", "ACRDelete", "ACRImageSigner", "ACRPull", "AcrPush", "AcrQuarantineWriter",
        "API Management Service Contributor", "API Management Service Operator Role",
        "Application Insights Component Contributor", "Application Insights Snapshot Debugger",
        "Automation Job Operator", "Automation Operator", "Automation Runbook Operator", "Avere Contributor",
        "Avere Operator", "Azure Event Hubs Data Owner", "Azure Event Hubs Data Receiver", "Azure Event Hubs Data Sender",
        "Azure Kubernetes Service Cluster Admin Role", "Azure Kubernetes Service Cluster User Role",
        "Azure Service Bus Data Owner", "Azure Service Bus Data Receiver", "Azure Service Bus Data Sender",
        "Azure Stack Registration Owner", "Backup Contributor", "Backup Operator", "BizTalk Contributor",
        "Blockchain Member Node Access (Preview)", "Blueprint Contributor", "Blueprint Operator",
        "CDN Endpoint Contributor", "CDN Profile Contributor", "Classic Network Contributor",
        "Classic Storage Account Contributor", "Classic Storage Account Key Operator Service Role",
        "Classic Virtual Machine Contributor", "Cognitive Services Contributor", "Cosmos DB Operator",
        "CosmosBackupOperator", "Cost Management Contributor", "Data Box Contributor", "Data Factory Contributor",
        "Data Lake Analytics Developer", "Data Purger", "DevTest Labs User", "DNS Zone Contributor",
        "DocumentDB Account Contributor", "Event Grid EventSubscription Contributor", "HDInsight Cluster Operator",
        "HDInsight Domain Services Contributor", "Intelligent Systems Account Contributor", "Key Vault Contributor",
        "Lab Creator", "Log Analytics Contributor", "Logic App Contributor", "Logic App Operator",
        "Managed Application Operator Role", "Managed Identity Contributor", "Managed Identity Operator",
        "Management Group Contributor", "Monitoring Contributor", "Monitoring Metrics Publisher", "Network Contributor",
        "New Relic APM Account Contributor", "Reader and Data Access", "Redis Cache Contributor",
        "Resource Policy Contributor (Preview)", "Scheduler Job Collections Contributor", "Search Service Contributor",
        "Security Admin", "Security Manager (Legacy)", "Site Recovery Contributor", "Site Recovery Operator",
        "Spatial Anchors Account Contributor", "Spatial Anchors Account Owner", "SQL DB Contributor",
        "SQL Managed Instance Contributor", "SQL Security Manager", "SQL Server Contributor",
        "Storage Account Contributor", "Storage Account Key Operator Service Role", "Storage Blob Data Contributor",
        "Storage Blob Data Owner", "Storage Blob Delegator", "Storage File Data SMB Share Contributor",
        "Storage File Data SMB Share Elevated Contributor", "Storage Queue Data Contributor",
        "Storage Queue Data Message Processor", "Storage Queue Data Message Sender", "Support Request Contributor",
        "Traffic Manager Contributor", "User Access Administrator", "Virtual Machine Administrator Login",
        "Virtual Machine Contributor", "Virtual Machine User Login", "Web Plan Contributor", "Website Contributor",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>All eligible role names.</summary>
    public static IReadOnlySet<string> All => Roles;

    /// <summary>True when <paramref name="roleName"/> earns partner earned credit.</summary>
    public static bool IsEligible(string? roleName) => roleName is not null && Roles.Contains(roleName.Trim());
}
