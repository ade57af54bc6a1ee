using static Oic.Infra.Policies.Frameworks.Checkability;

namespace Oic.Infra.Policies.Frameworks;

public static partial class Frameworks
{
    /// <summary>
    /// Microsoft cloud security benchmark v1 (the successor of Azure Security Benchmark v3, same
    /// ids), every control of its twelve domains. Ids and names checked against the Microsoft Learn
    /// MCSB pages as published in MicrosoftDocs/learn. GS-11 (multi-cloud strategy) is part of v1.
    /// </summary>
    /// <remarks>
    /// A control marked <see cref="Checkability.Code"/> is one some rule could evidence from a
    /// stack, even where the benchmark also asks for process around it.
    /// </remarks>
    public static IReadOnlyList<Control> Mcsb { get; } = ControlsOf(McsbPrefix,
    [
        // Network security
        ("NS-1", "Establish network segmentation boundaries", Code),
        ("NS-2", "Secure cloud native services with network controls", Code),
        ("NS-3", "Deploy a firewall at the edge of the enterprise network", Code),
        ("NS-4", "Deploy intrusion detection and prevention (IDS/IPS)", Code),
        ("NS-5", "Deploy DDoS protection", Code),
        ("NS-6", "Deploy a web application firewall", Code),
        ("NS-7", "Simplify network security configuration", Manual),             // a management practice, not a setting
        ("NS-8", "Detect and disable insecure services and protocols", Code),
        ("NS-9", "Connect on-premises or cloud networks privately", Code),
        ("NS-10", "Ensure Domain Name System (DNS) security", Code),

        // Identity management
        ("IM-1", "Use a centralized identity and authentication system", Code),     // Entra-only auth on storage, SQL…
        ("IM-2", "Protect identity and authentication systems", TenantSetting),
        ("IM-3", "Manage application identities securely and automatically", Code), // managed identities
        ("IM-4", "Authenticate servers and services", Code),
        ("IM-5", "Use single sign-on for application access", TenantSetting),
        ("IM-6", "Use strong authentication controls", TenantSetting),
        ("IM-7", "Restrict resource access based on conditions", TenantSetting),     // Conditional Access
        ("IM-8", "Restrict the exposure of credentials and secrets", Code),
        ("IM-9", "Secure user access to existing applications", TenantSetting),

        // Privileged access
        ("PA-1", "Separate and limit highly privileged and administrative users", Code), // role assignments in the stack
        ("PA-2", "Avoid standing access for user accounts and permissions", Code),
        ("PA-3", "Manage the lifecycle of identities and entitlements", TenantSetting),  // Entra ID governance
        ("PA-4", "Review and reconcile user access regularly", Manual),
        ("PA-5", "Set up emergency access", TenantSetting),                               // break-glass accounts live in Entra ID
        ("PA-6", "Use privileged access workstations", Manual),
        ("PA-7", "Follow just enough administration (least privilege)", Code),
        ("PA-8", "Determine the access process for cloud provider support", TenantSetting), // Customer Lockbox

        // Data protection
        ("DP-1", "Discover, classify and label sensitive data", Code),              // classification tags on data stores
        ("DP-2", "Monitor anomalies and threats targeting sensitive data", Code),
        ("DP-3", "Encrypt sensitive data in transit", Code),
        ("DP-4", "Enable data at rest encryption by default", Code),
        ("DP-5", "Use customer-managed keys for data at rest when required", Code),
        ("DP-6", "Use a secure key management process", Code),
        ("DP-7", "Use a secure certificate management process", Code),
        ("DP-8", "Ensure the security of key and certificate repositories", Code),

        // Asset management
        ("AM-1", "Track the asset inventory and its risks", Code),                  // tags
        ("AM-2", "Use only approved services", Code),
        ("AM-3", "Ensure the security of asset lifecycle management", Manual),
        ("AM-4", "Limit access to asset management", Code),                         // locks, RBAC
        ("AM-5", "Use only approved applications in virtual machines", Manual),     // software inside the guest

        // Logging and threat detection
        ("LT-1", "Enable threat detection capabilities", Code),
        ("LT-2", "Enable threat detection for identity and access management", TenantSetting), // Entra ID Protection
        ("LT-3", "Enable logging for security investigation", Code),
        ("LT-4", "Enable network logging for security investigation", Code),
        ("LT-5", "Centralize security log management and analysis", Code),
        ("LT-6", "Configure log storage retention", Code),
        ("LT-7", "Use approved time synchronization sources", Manual),              // guest OS configuration

        // Incident response
        ("IR-1", "Preparation: update the incident response plan and handling process", Manual),
        ("IR-2", "Preparation: set up incident notification", Code),               // security contacts, action groups
        ("IR-3", "Detection and analysis: create incidents from high-quality alerts", Manual),
        ("IR-4", "Detection and analysis: investigate an incident", Manual),
        ("IR-5", "Detection and analysis: prioritize incidents", Manual),
        ("IR-6", "Containment, eradication and recovery: automate incident handling", Manual),
        ("IR-7", "Post-incident activity: conduct lessons learned and retain evidence", Manual),

        // Posture and vulnerability management
        ("PV-1", "Define and establish secure configurations", Code),
        ("PV-2", "Audit and enforce secure configurations", Code),
        ("PV-3", "Define and establish secure configurations for compute resources", Code),
        ("PV-4", "Audit and enforce secure configurations for compute resources", Code),
        ("PV-5", "Perform vulnerability assessments", Code),                        // Defender vulnerability assessment settings
        ("PV-6", "Remediate vulnerabilities rapidly and automatically", Code),      // automatic patch settings
        ("PV-7", "Conduct regular red team operations", Manual),

        // Endpoint security
        ("ES-1", "Use endpoint detection and response (EDR)", Code),                // Defender for Servers plan
        ("ES-2", "Use modern anti-malware software", Manual),                       // software inside the guest
        ("ES-3", "Keep anti-malware software and signatures up to date", Manual),

        // Backup and recovery
        ("BR-1", "Ensure regular automated backups", Code),
        ("BR-2", "Protect backup and recovery data", Code),
        ("BR-3", "Monitor backups", Code),                                          // vault diagnostics and alerts
        ("BR-4", "Test backups regularly", Manual),

        // DevOps security: pipeline practice, outside the estate's resources
        ("DS-1", "Conduct threat modeling", Manual),
        ("DS-2", "Ensure software supply chain security", Manual),
        ("DS-3", "Secure the DevOps infrastructure", Manual),
        ("DS-4", "Integrate static application security testing into the DevOps pipeline", Manual),
        ("DS-5", "Integrate dynamic application security testing into the DevOps pipeline", Manual),
        ("DS-6", "Enforce workload security throughout the DevOps lifecycle", Manual),
        ("DS-7", "Enable logging and monitoring in DevOps", Manual),

        // Governance and strategy: decisions and documents
        ("GS-1", "Align organization roles, responsibilities and accountabilities", Manual),
        ("GS-2", "Define and implement an enterprise segmentation and separation of duties strategy", Manual),
        ("GS-3", "Define and implement a data protection strategy", Manual),
        ("GS-4", "Define and implement a network security strategy", Manual),
        ("GS-5", "Define and implement a security posture management strategy", Manual),
        ("GS-6", "Define and implement an identity and privileged access strategy", Manual),
        ("GS-7", "Define and implement a logging, threat detection and incident response strategy", Manual),
        ("GS-8", "Define and implement a backup and recovery strategy", Manual),
        ("GS-9", "Define and implement an endpoint security strategy", Manual),
        ("GS-10", "Define and implement a DevOps security strategy", Manual),
        ("GS-11", "Define and implement a multi-cloud security strategy", Manual),
    ]);
}
