namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string ApimService = "azure-native:apimanagement:ApiManagementService";
    private const string ApimApi = "azure-native:apimanagement:Api";
    private const string ApimProduct = "azure-native:apimanagement:Product";
    private const string ApimApiPolicy = "azure-native:apimanagement:ApiPolicy";

    /// <summary>
    /// PSRule for Azure's rules on the API Management types the partner front declares (stacks/Components/PartnerFront.cs,
    /// docs/adr/0021), naming rules (<c>Azure.APIM.Name</c>) set aside. Read from <c>Azure/PSRule.Rules.Azure</c>:
    /// <c>src/PSRule.Rules.Azure/rules/Azure.APIM.Rule.ps1</c> at 1481d13a9619bd83786c079c352dd50ed85821de and
    /// <c>src/PSRule.Rules.Azure/rules/Azure.APIM.Rule.yaml</c> at 4f956d329836adef291c99ad7c2c9f29214fdf8d;
    /// <c>Azure.APIM.AvailabilityZone.Units</c>, newer than that script, from its
    /// <c>docs/en/rules/Azure.APIM.AvailabilityZone.Units.md</c> at 532ecddd87531752b63eaf15a28602978a924828.
    /// Rules that read <c>service/apis</c>, <c>service/products</c> or API policies (also through the service) are
    /// listed on <c>Api</c>, <c>Product</c> or <c>ApiPolicy</c>; those on sub-resources we never declare (named values,
    /// backends, service-level policies, <c>Microsoft.Security/apiCollections</c>) on the service. No PSRule rule is
    /// about what our rules read of API Management (reach-internet-fronts-only reads the service's network edge,
    /// apim-backends-private its virtual-network integration), so no row is a Rule row: what the stack sets is said in
    /// each reason, and the rows where a PSRule run on our program would fail say so.
    /// <c>ProductApiLink</c> and <c>Subscription</c> have no PSRule rule.
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> ApiManagement =
    [
        // The service (Azure.APIM.Rule.ps1 / .yaml)
        new("Azure.APIM.Protocols", ApimService, PsRuleAnswer.ByDesign,
            "PartnerFront turns off TLS 1.0 and 1.1 on the gateway and TLS 1.0, 1.1 and SSL 3.0 to the backends (customProperties); the gateway's SSL 3.0 is left at its default, off, which the rule's hasDefault accepts. TLS 1.2 only (ADR 0021); no rule of ours checks it on foreign estates yet."),
        new("Azure.APIM.Ciphers", ApimService, PsRuleAnswer.ByDesign,
            "Gap accepted for now: PartnerFront sets no cipher customProperties, so the seven TLS_RSA/CBC ciphers the rule wants set to 'False' stay at Azure's default (enabled) and a PSRule run on our program would fail it. Turning them off may refuse older partner clients, which ADR 0021 did not assess; no rule of ours checks ciphers."),
        new("Azure.APIM.ManagedIdentity", ApimService, PsRuleAnswer.ByDesign,
            "PartnerFront gives the service a system-assigned identity (ADR 0021); iam-managed-identity reads backup vaults and CMK storage accounts only, so no rule of ours checks it on the service."),
        new("Azure.APIM.MinAPIVersion", ApimService, PsRuleAnswer.ByDesign,
            "PartnerFront sets apiVersionConstraint.minApiVersion to 2021-08-01, PSRule's default AZURE_APIM_MIN_API_VERSION (older management API versions let read-only roles list subscription keys); no rule of ours checks it."),
        new("Azure.APIM.CertificateExpiry", ApimService, PsRuleAnswer.NotApplicable,
            "The front declares no custom hostnameConfigurations: the gateway answers on its *.azure-api.net name with Azure's managed certificate, so there is no certificate of ours to expire (the rule passes with none)."),
        new("Azure.APIM.AvailabilityZone", ApimService, PsRuleAnswer.ByDesign,
            "Runs only on the Premium tier; the front is StandardV2 with one unit and no zones (ADR 0021, 'Keep it small'). Gap accepted: a zone outage stops partners' API access until Azure restores the service; the estate's own services do not depend on the front and no documents are kept in it."),
        new("Azure.APIM.AvailabilityZone.Units", ApimService, PsRuleAnswer.ByDesign,
            "About units per zone on Premium, where zone redundancy is offered; the StandardV2 front has one unit and no zones (ADR 0021), the same accepted gap as Azure.APIM.AvailabilityZone."),
        new("Azure.APIM.MultiRegion", ApimService, PsRuleAnswer.ByDesign,
            "Runs only on Premium (additionalLocations); ADR 0021 keeps one StandardV2 service per stack, in the stack's own region, so the front is single-region by decision."),
        new("Azure.APIM.MultiRegionGateway", ApimService, PsRuleAnswer.NotApplicable,
            "Judges the gateways of additionalLocations on a multi-region Premium service; the StandardV2 front has no additional location."),
        new("Azure.APIM.EncryptValues", ApimService, PsRuleAnswer.NotApplicable,
            "The stack declares no named values (service/namedValues); backends are reached by the APIs' serviceUrl and partners' subscription keys are generated by Azure, never held in the program."),
        new("Azure.APIM.DefenderCloud", ApimService, PsRuleAnswer.ByDesign,
            "Open gap: the partner APIs are REST (apiType http) and no Microsoft.Security/apiCollections onboards them, nor does the primary stack enable Defender for APIs (its plans are KeyVaults, Arm, CloudPosture and StorageAccounts), so a PSRule run would fail it; ADR 0021 did not decide on Defender for APIs."),

        // APIs (service/apis)
        new("Azure.APIM.HTTPEndpoint", ApimApi, PsRuleAnswer.ByDesign,
            "Every API the front declares has protocols ['https'] (PartnerFront.DeclareApi); no rule of ours checks it on foreign estates yet."),
        new("Azure.APIM.HTTPBackend", ApimApi, PsRuleAnswer.ByDesign,
            "Every serviceUrl is https: the public store's blob endpoint, or a partnerApis entry, which the estate loader refuses unless it is an https:// URL (EstateLoader.ReadPartnerApi, exit 2). No backends resource is declared; apim-backends-private reads serviceUrl for where it leads, not its scheme, so no rule of ours checks it."),
        new("Azure.APIM.APIDescriptors", ApimApi, PsRuleAnswer.ByDesign,
            "Met by the stacks, checked by no rule of ours: every API has a displayName (from partnerApis, or 'Public documents') and a description written from it, its path and the per-partner subscription (stacks/Components/PartnerFront.cs)."),

        // API policies (service/apis/policies)
        new("Azure.APIM.CORSPolicy", ApimApiPolicy, PsRuleAnswer.NotApplicable,
            "Reads cors elements of policy documents; the one policy the stack declares (the public-documents API's: managed-identity sign-in, x-ms-version, subscription key removed; PartnerFront.PublicDocumentsPolicy) has none, and partners call the API from their servers, not browsers, so there is no CORS configuration to judge."),
        new("Azure.APIM.PolicyBase", ApimApiPolicy, PsRuleAnswer.ByDesign,
            "The public-documents API's policy puts <base /> first in inbound and in backend, outbound and on-error (PartnerFront.PublicDocumentsPolicy), so policies at the service scope still apply; a Stacks test pins the document, no rule of ours checks it on foreign estates."),

        // Products (service/products)
        new("Azure.APIM.ProductSubscription", ApimProduct, PsRuleAnswer.ByDesign,
            "Every partner product sets subscriptionRequired: true (one subscription per front partner, ADR 0021); no rule of ours checks it."),
        new("Azure.APIM.ProductApproval", ApimProduct, PsRuleAnswer.ByDesign,
            "Every partner product sets approvalRequired: true with subscriptionsLimit 1; the stack itself creates the one subscription, so no partner can subscribe on its own. No rule of ours checks it."),
        new("Azure.APIM.ProductDescriptors", ApimProduct, PsRuleAnswer.ByDesign,
            "Every partner product has a displayName (the partner's name) and a description naming the partner and the APIs it is granted (PartnerFront); no rule of ours checks it."),
        new("Azure.APIM.ProductTerms", ApimProduct, PsRuleAnswer.ByDesign,
            "Products set no terms: terms are shown when a user subscribes through the developer portal, which is disabled; subscriptions are created by the stack, and what a partner may do is agreed with the partner outside Azure (ADR 0021). A PSRule run on our program would fail it."),
        new("Azure.APIM.SampleProducts", ApimProduct, PsRuleAnswer.NeedsLiveData,
            "Our products are named partner-{key}, never starter or unlimited; whether Azure created its sample products when the service was provisioned is seen only on the live service (not confirmed for the StandardV2 tier), which no program shows."),
    ];
}
