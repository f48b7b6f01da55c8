using Microsoft.EntityFrameworkCore;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage;

/// <summary>The EF Core model of the commerce aggregates. Provider-neutral: no SQL dialect here.</summary>
public sealed class CommerceDbContext(DbContextOptions<CommerceDbContext> options) : DbContext(options)
{
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerUser> PartnerUsers => Set<PartnerUser>();
    public DbSet<PartnerApplication> PartnerApplications => Set<PartnerApplication>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerAgreement> CustomerAgreements => Set<CustomerAgreement>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<AzurePlan> AzurePlans => Set<AzurePlan>();
    public DbSet<AzureSubscription> AzureSubscriptions => Set<AzureSubscription>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<InstanceSetting> InstanceSettings => Set<InstanceSetting>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<PartnerTenantId>().HaveConversion<TypedIdConverter<PartnerTenantId>>();
        configurationBuilder.Properties<CustomerId>().HaveConversion<TypedIdConverter<CustomerId>>();
        configurationBuilder.Properties<SubscriptionId>().HaveConversion<TypedIdConverter<SubscriptionId>>();
        configurationBuilder.Properties<AzureSubscriptionId>().HaveConversion<TypedIdConverter<AzureSubscriptionId>>();
        configurationBuilder.Properties<OrderId>().HaveConversion<TypedIdConverter<OrderId>>();
        configurationBuilder.Properties<CartId>().HaveConversion<TypedIdConverter<CartId>>();
        configurationBuilder.Properties<PrincipalId>().HaveConversion<TypedIdConverter<PrincipalId>>();
        configurationBuilder.Properties<RoleAssignmentId>().HaveConversion<TypedIdConverter<RoleAssignmentId>>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(28, 10);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Partner>(partner =>
        {
            partner.HasKey(p => p.Id);
            partner.Property(p => p.Kind).HasConversion<string>();
        });

        modelBuilder.Entity<PartnerUser>(user =>
        {
            user.HasKey(u => u.Id);
            user.HasIndex(u => u.Email).IsUnique();
            user.HasIndex(u => u.PartnerId);
        });

        modelBuilder.Entity<PartnerApplication>().HasKey(a => a.ClientId);

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.HasKey(c => c.Id);
            customer.HasIndex(c => c.Domain).IsUnique();
            customer.HasIndex(c => new { c.PartnerId, c.CreatedAt, c.Domain });
            customer.Property(c => c.Relationship).HasConversion<string>();
            customer.OwnsOne(c => c.BillingProfile, profile =>
            {
                profile.ToJson();
                profile.OwnsOne(p => p.DefaultAddress);
            });
        });

        modelBuilder.Entity<CustomerAgreement>(agreement =>
        {
            agreement.HasKey(a => a.Id);
            agreement.HasIndex(a => new { a.PartnerId, a.CustomerId });
        });

        modelBuilder.Entity<Cart>(cart =>
        {
            cart.HasKey(c => c.Id);
            cart.HasIndex(c => new { c.PartnerId, c.CustomerId });
            cart.Property(c => c.Status).HasConversion<string>();
            cart.OwnsMany(c => c.LineItems, line =>
            {
                line.ToJson();
                line.Property(l => l.BillingCycle).HasConversion<string>();
                line.OwnsMany(l => l.Participants);
            });
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.HasKey(o => o.Id);
            order.HasIndex(o => new { o.PartnerId, o.CustomerId });
            order.OwnsMany(o => o.LineItems, line => line.ToJson());
        });

        modelBuilder.Entity<AzurePlan>(plan =>
        {
            plan.HasKey(p => p.Id);
            plan.HasIndex(p => new { p.PartnerId, p.CustomerId });
            plan.Property(p => p.Status).HasConversion<string>();
        });

        modelBuilder.Entity<AzureSubscription>(subscription =>
        {
            subscription.HasKey(s => s.Id);
            subscription.HasIndex(s => new { s.PartnerId, s.PlanId });
            subscription.HasIndex(s => new { s.PartnerId, s.Alias }).IsUnique();
            subscription.Property(s => s.Status).HasConversion<string>();
            subscription.Property(s => s.Workload).HasConversion<string>();
            subscription.Ignore(s => s.ArmId);
        });

        modelBuilder.Entity<RoleAssignment>(assignment =>
        {
            assignment.HasKey(a => a.Id);
            assignment.HasIndex(a => a.Scope);
            assignment.Property(a => a.Kind).HasConversion<string>();
            assignment.Property(a => a.PrincipalKind).HasConversion<string>();
        });

        modelBuilder.Entity<IdempotentRequest>().HasKey(r => r.Key);
        modelBuilder.Entity<InstanceSetting>().HasKey(s => s.Name);
    }
}
