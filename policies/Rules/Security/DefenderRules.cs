using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Security;

/// <summary>
/// Microsoft Defender for Cloud (Microsoft.Security): the plans, CSPM, Defender for Storage's malware scanning
/// and who is told of an alert (CIS Azure Foundations v3.0 section 3.1). All are subscription-wide singletons,
/// owned by the primary stack (<see cref="SubscriptionOwner"/>).
/// </summary>
public static class DefenderRules
{
    private const string VirtualMachine = "azure-native:compute:VirtualMachine";

    /// <summary>The Defender plans every stack needs: storage, Key Vault and Resource Manager (and servers where there are VMs).</summary>
    private static readonly string[] DefenderPlans = ["StorageAccounts", "KeyVaults", "Arm"];

    public static readonly StackRule DefenderPlansOn = new("defender-plans",
        "Microsoft Defender is on (Standard) for storage, Key Vault and Resource Manager, and for servers where there are VMs",
        "Defender raises alerts on suspicious access to storage and key vaults and on unusual management operations; on the Free tier none of these alerts exist.",
        Severity.Medium, ["CIS-3.0:3.1.3.1", "CIS-3.0:3.1.5.1", "CIS-3.0:3.1.8.1", "CIS-3.0:3.1.9.1", "MCSB:LT-1"],
        JudgeDefenderPlans)
    {
        Reads = PropertyPaths.On(Pricing, "pricingName", "pricingTier")
            .And(ResourceGroup, "tags.estate-role"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeDefenderPlans(ResourceSet set)
    {
        string[] required = set.OfType(VirtualMachine).Count > 0 ? [.. DefenderPlans, "VirtualMachines"] : DefenderPlans;
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = false;
        foreach (var pricing in set.OfType(Pricing))
        {
            var name = pricing.Get("pricingName");
            if (name.IsUnknown) { pending = true; continue; }
            if (name.Text is not { } plan || !required.Contains(plan, StringComparer.OrdinalIgnoreCase)) continue;
            found.Add(plan);
            yield return (pricing, Check.OneOf(pricing, "pricingTier", "Standard"));
        }
        var missing = required.Where(p => !found.Contains(p)).ToList();
        if (missing.Count > 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("a Defender pricing's pricingName is not known until deployment")
                : Outcome.Fail($"no azure-native:security:Pricing turns on Defender for {string.Join(", ", missing)} (pricingTier Standard)"));
    }

    public static readonly StackRule Cspm = new("defender-cspm",
        "Defender CSPM (pricing CloudPosture) is on (Standard)",
        "The free foundational posture shows misconfigurations one resource at a time; Defender CSPM adds attack path analysis and sensitive data awareness, which is what shows that an exposed path leads to the confidential document stores.",
        Severity.Medium, ["MCSB:PV-2", "MCSB:LT-1"],
        set => JudgePlan(set, "CloudPosture", "Defender CSPM", pricing => Check.OneOf(pricing, "pricingTier", "Standard")))
    {
        Reads = PropertyPaths.On(Pricing, "pricingName", "pricingTier")
            .And(ResourceGroup, "tags.estate-role"),
    };

    /// <summary>Azure's extension names are matched case-insensitively; <c>isEnabled</c> is the string "True" or "False" (3.28.0 enum <c>IsEnabled</c>).</summary>
    private const string MalwareScanning = "OnUploadMalwareScanning";

    public static readonly StackRule StorageMalwareScanning = new("defender-storage-malware-scanning",
        "Defender for Storage runs the per-account plan (DefenderForStorageV2) with on-upload malware scanning on",
        "Documents arrive from offices and partners; a malicious file uploaded to a store is found when it lands, not when someone opens it. Malware scanning exists only in the per-storage-account plan and is off unless its extension is enabled.",
        Severity.High, ["CIS-3.0:3.1.5.1", "MCSB:LT-1"],
        set => JudgePlan(set, "StorageAccounts", "Defender for Storage with malware scanning", JudgeMalwareScanning))
    {
        Reads = PropertyPaths.On(Pricing, "extensions[].isEnabled", "extensions[].name", "pricingName", "pricingTier", "subPlan")
            .And(ResourceGroup, "tags.estate-role"),
    };

    private static Outcome JudgeMalwareScanning(PolicyResource pricing)
    {
        var tier = Check.OneOf(pricing, "pricingTier", "Standard");
        // Malware scanning is an extension of the V2 plan only (3.28.0 .d.ts of PricingArgs.extensions).
        var subPlan = Check.OneOf(pricing, "subPlan", "DefenderForStorageV2");
        var extensions = pricing.Get("extensions");
        Outcome scanning;
        if (extensions.IsUnknown) scanning = Check.Unknown("extensions");
        else
        {
            var entry = extensions.Items.Where(e => string.Equals(e.Get("name").Text, MalwareScanning, StringComparison.OrdinalIgnoreCase))
                .Select(e => (Lookup?)e).FirstOrDefault();
            var pending = extensions.Items.Any(e => e.Get("name").IsUnknown);
            var on = entry?.Get("isEnabled");
            scanning = on is null
                ? pending ? Check.Unknown("extensions[].name")
                    : Outcome.Fail($"extensions has no {MalwareScanning}; add it with isEnabled \"True\" (it is off unless enabled)")
                : on.Value.IsUnknown ? Check.Unknown("extensions[].isEnabled")
                : string.Equals(on.Value.Text, "True", StringComparison.OrdinalIgnoreCase) ? Outcome.Pass
                : Outcome.Fail($"extensions {MalwareScanning} has isEnabled '{on.Value.Text}'; must be \"True\"");
        }
        return Outcome.All(tier, subPlan, scanning);
    }

    /// <summary>The pricing of one plan judged; when the stack has none, the stack itself fails (unless a DR stack).</summary>
    private static IEnumerable<(PolicyResource, Outcome)> JudgePlan(ResourceSet set, string plan, string what, Func<PolicyResource, Outcome> judge)
    {
        var found = false;
        var pending = false;
        foreach (var pricing in set.OfType(Pricing))
        {
            var name = pricing.Get("pricingName");
            if (name.IsUnknown) { pending = true; continue; }
            if (!string.Equals(name.Text, plan, StringComparison.OrdinalIgnoreCase)) continue;
            found = true;
            yield return (pricing, judge(pricing));
        }
        if (!found && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("a Defender pricing's pricingName is not known until deployment")
                : Outcome.Fail($"no azure-native:security:Pricing with pricingName {plan} turns on {what}"));
    }

    /// <summary>Severities at or above High, lowest first: a contact told from Medium is also told of High.</summary>
    private static readonly string[] AlertSeverities = ["Low", "Medium", "High"];

    public static readonly StackRule SecurityContactPresent = new("defender-security-contact",
        "Defender for Cloud has a security contact: an e-mail address, subscription owners notified, alerts from severity High",
        "Defender's alerts are only useful if someone reads them; without a contact they sit in the portal while the attack continues.",
        Severity.High, ["CIS-3.0:3.1.12", "CIS-3.0:3.1.13", "CIS-3.0:3.1.14", "MCSB:IR-2"],
        JudgeSecurityContacts)
    {
        Reads = PropertyPaths.On(SecurityContact, "emails", "isEnabled", "notificationsByRole.roles", "notificationsByRole.state",
                "notificationsSources[].minimalSeverity", "notificationsSources[].sourceType")
            .And(ResourceGroup, "tags.estate-role"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeSecurityContacts(ResourceSet set)
    {
        var contacts = set.OfType(SecurityContact);
        foreach (var contact in contacts) yield return (contact, JudgeSecurityContact(contact));
        if (contacts.Count == 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, Outcome.Fail("no azure-native:security:SecurityContact (name default) tells anyone of Defender's alerts"));
    }

    private static Outcome JudgeSecurityContact(PolicyResource contact)
    {
        var emails = contact.Get("emails");
        var emailOutcome = emails.IsUnknown ? Outcome.Pass // a config or secret reference is set; its value is pending
            : emails.Text is { } text && text.Contains('@', StringComparison.Ordinal) ? Outcome.Pass
            : Outcome.Fail(emails.IsMissing ? "emails is not set; give the security team's address (CIS 3.1.13)" : $"emails is '{emails.Text}', not an e-mail address");
        // No default is documented for isEnabled (API 2023-12-01-preview), so it must be set (ADR 0011).
        var enabled = Check.Is(contact, "isEnabled", true);

        var roles = contact.Get("notificationsByRole.roles");
        var state = Check.OneOf(contact, "notificationsByRole.state", "On");
        var owner = roles.IsUnknown ? Check.Unknown("notificationsByRole.roles")
            : roles.Texts.Contains("Owner", StringComparer.OrdinalIgnoreCase) ? Outcome.Pass
            : Outcome.Fail("notificationsByRole.roles does not include Owner; subscription owners must be told of alerts (CIS 3.1.12)");

        var sources = contact.Get("notificationsSources");
        Outcome alerts;
        if (sources.IsUnknown) alerts = Check.Unknown("notificationsSources");
        else
        {
            var alert = sources.Items.Where(s => string.Equals(s.Get("sourceType").Text, "Alert", StringComparison.OrdinalIgnoreCase))
                .Select(s => (Lookup?)s).FirstOrDefault();
            var severity = alert?.Get("minimalSeverity") ?? default;
            alerts = alert is null
                ? sources.Items.Any(s => s.Get("sourceType").IsUnknown) ? Check.Unknown("notificationsSources[].sourceType")
                    : Outcome.Fail("notificationsSources has no source of type Alert; nobody is e-mailed about Defender's alerts")
                : severity.IsUnknown ? Check.Unknown("notificationsSources[].minimalSeverity")
                : severity.Text is { } level && AlertSeverities.Contains(level, StringComparer.OrdinalIgnoreCase) ? Outcome.Pass
                : Outcome.Fail(severity.IsMissing
                    ? "notificationsSources Alert has no minimalSeverity; set High, Medium or Low (CIS 3.1.14)"
                    : $"notificationsSources Alert has minimalSeverity '{severity.Text}'; must be High, Medium or Low (CIS 3.1.14)");
        }
        return Outcome.All(emailOutcome, enabled, state, owner, alerts);
    }
}
