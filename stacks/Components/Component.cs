using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.Resources;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// A group of resources with one purpose in one region (hub network, office connectivity…).
/// Pulumi YAML has no component resources, so the component's resource group is the parent of
/// everything it declares: URNs carry the parent chain, and children are named from the
/// component's name (<c>hub-uan-vnet</c>), so two instances never collide.
/// </summary>
public abstract class Component
{
    /// <summary>Components whose loss would stop the estate; their groups carry a delete lock.</summary>
    private static readonly string[] CriticalKinds = ["hub", "identity", "documents", "monitoring", "continuity"];

    protected Component(StackContext context, string kind, ContinuityService service, string description)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Service = service;
        Name = $"{kind}-{context.Region.Code}";
        var critical = CriticalKinds.Contains(kind) && context.Estate.Deployment.ProtectStateful;
        var tags = Tags(DataClassification.Internal);
        // What a DR plan and the policies need to know from state alone.
        tags["estate-role"] = context.Estate.Deployment.Role == StackRole.Primary ? "primary" : "dr";
        tags["estate-primary-region"] = context.Estate.Regions.Primary.Location;
        tags["estate-dr-region"] = context.Estate.Regions.Dr.Location;
        // Where `pulumi up` of this stack reads its state and decrypts its secrets: a DR stack's must outlive the primary region.
        if (context.Estate.Deployment.Bootstrap?.StateBackend is { } backend) tags["estate-state-region"] = backend.Location;
        if (context.Estate.Deployment.Bootstrap?.SecretsProvider is { } secrets) tags["estate-secrets-region"] = secrets.Location;
        if (critical) tags["critical"] = "true";
        ResourceGroup = new ResourceGroup($"{Name}-rg", new ResourceGroupArgs
        {
            ResourceGroupName = context.Names.ResourceGroup(kind),
            Location = context.Region.Location,
            Tags = tags,
        }, new ResourceOptions { Provider = context.Provider });
        Description = description;
        if (critical)
            _ = new ManagementLockAtResourceGroupLevel($"{Name}-lock", new ManagementLockAtResourceGroupLevelArgs
            {
                LockName = "do-not-delete",
                Level = "CanNotDelete",
                ResourceGroupName = ResourceGroup.Name,
                Notes = $"The {description} of the estate; remove the lock through the estate's code review, not the portal.",
            }, Options());
    }

    public StackContext Context { get; }
    public string Name { get; }
    public string Description { get; }
    public ContinuityService Service { get; }
    public ResourceGroup ResourceGroup { get; }
    protected EstateModel Estate => Context.Estate;
    protected Input<string> Location => Context.Region.Location;
    internal Output<string> GroupName => ResourceGroup.Name;

    /// <summary>The logical name of a child: <c>{component}-{suffix}</c>.</summary>
    internal string Child(string suffix) => $"{Name}-{suffix}";

    internal InputMap<string> Tags(DataClassification classification) => Context.Tags(classification, Service);

    /// <summary>Options for a child: parented to the component, on the region's provider.</summary>
    internal ResourceOptions Options(
        bool stateful = false,
        IReadOnlyList<Resource>? dependsOn = null,
        IReadOnlyList<string>? ignoreChanges = null,
        CustomTimeouts? timeouts = null) => new()
    {
        Parent = ResourceGroup,
        Provider = Context.Provider,
        Protect = stateful && Estate.Deployment.ProtectStateful,
        DependsOn = dependsOn ?? [],
        IgnoreChanges = ignoreChanges ?? [],
        CustomTimeouts = timeouts,
    };
}
