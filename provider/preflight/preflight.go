// Package preflight decides, from what was observed of an organization
// (Facts), whether each prerequisite of docs/prerequisites.md that a
// configuration needs is in place: Checks returns one Check per
// prerequisite, ok, missing or unknown, each with the API that observes it
// and the fix. It is pure (no AWS and no Pulumi import; OrgBackup's
// delegation policy, which the observed one is compared with, is package
// deployer's): `orgbackup
// doctor` fills Facts with the AWS SDK (package awsfacts), the
// OrgPrerequisites component from the AWS provider's look-ups. A fact
// left unknown (the zero Fact) gives an unknown check, never a missing one.
//
// Not checked: Amazon GuardDuty and AWS Config, which only features not
// built yet need (malware scanning of recovery points, audits); no
// prerequisite of docs/prerequisites.md depends on them.
package preflight

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// Status is the outcome of one check.
type Status string

const (
	OK      Status = "ok"
	Missing Status = "missing"
	// Unknown: the fact could not be observed (a denied call, the wrong
	// account); the check's Detail says why.
	Unknown Status = "unknown"
)

// The service principals the organization gives trusted access to and
// registers delegated administrators for (docs/prerequisites.md, steps 2-4
// and 8-9;
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html).
const (
	BackupPrincipal    = "backup.amazonaws.com"
	RAMPrincipal       = "ram.amazonaws.com"
	StackSetsPrincipal = "member.org.stacksets.cloudformation.amazonaws.com"
)

// The policy types enabled on the root
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicyTypeSummary.html).
const (
	BackupPolicyType         = "BACKUP_POLICY"
	ServiceControlPolicyType = "SERVICE_CONTROL_POLICY"
)

// FeatureSetAll is DescribeOrganization's FeatureSet of an organization
// with all features
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html).
const FeatureSetAll = "ALL"

// MaxSCPsPerTarget is the most service control policies a root, OU or
// account may have attached directly, FullAWSAccess included
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const MaxSCPsPerTarget = 5

// The APIs that observe each fact.
const (
	APIDescribeOrganization   = "organizations:DescribeOrganization"
	APIListServiceAccess      = "organizations:ListAWSServiceAccessForOrganization"
	APIListRoots              = "organizations:ListRoots"
	APIListDelegatedAdmins    = "organizations:ListDelegatedAdministrators"
	APIDescribeGlobalSettings = "backup:DescribeGlobalSettings"
	APIListRoles              = "iam:ListRoles"
	APIDescribeResourcePolicy = "organizations:DescribeResourcePolicy"
	APIListPoliciesForTarget  = "organizations:ListPoliciesForTarget"
	APIListParents            = "organizations:ListParents"
)

// Fact is one observation: Value when Known, else Reason says why it could
// not be observed. The zero Fact is unknown ("not looked up").
type Fact[T any] struct {
	Known  bool
	Value  T
	Reason string
}

// Observed is a known fact.
func Observed[T any](v T) Fact[T] { return Fact[T]{Known: true, Value: v} }

// NotObserved is an unknown fact and why.
func NotObserved[T any](reason string) Fact[T] { return Fact[T]{Reason: reason} }

func (f Fact[T]) reason() string {
	if f.Reason == "" {
		return "not looked up"
	}
	return f.Reason
}

// Facts is what was observed of the organization and the backup account.
type Facts struct {
	// FeatureSet is DescribeOrganization's FeatureSet, "" for an account
	// outside any organization.
	FeatureSet Fact[string]
	// ServiceAccess lists the service principals with trusted access
	// (ListAWSServiceAccessForOrganization).
	ServiceAccess Fact[[]string]
	// RootID is the organization's root (ListRoots), for the fixes.
	RootID Fact[string]
	// RootPolicyTypes lists the policy types ENABLED on the root (ListRoots).
	RootPolicyTypes Fact[[]string]
	// DelegatedAdministrators lists, by service principal, the accounts
	// registered as its delegated administrators (ListDelegatedAdministrators).
	DelegatedAdministrators map[string]Fact[[]string]
	// CrossAccountBackup is the management account's
	// isCrossAccountBackupEnabled (backup DescribeGlobalSettings).
	CrossAccountBackup Fact[bool]
	// BackupServiceLinkedRole tells whether AWS Backup's service-linked
	// role exists in the backup account (iam ListRoles).
	BackupServiceLinkedRole Fact[bool]
	// Organization is DescribeOrganization's Id and MasterAccountId: with
	// the context's partition they name the resources of OrgBackup's
	// delegation statements (over the context block's, when observed).
	Organization Fact[Organization]
	// DelegationPolicy is the content of the organization's resource-based
	// delegation policy (DescribeResourcePolicy's ResourcePolicy.Content),
	// "" when it has none (ResourcePolicyNotFoundException): a content has
	// at least one character
	// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicy.html).
	DelegationPolicy Fact[string]
	// TargetSCPs lists, by target id, the names of the service control
	// policies attached directly to it (ListPoliciesForTarget).
	TargetSCPs map[string]Fact[[]string]
	// BackupAccountParents lists the backup account's parent, its parent's
	// parent and so on up to the root, ids only (ListParents).
	BackupAccountParents Fact[[]string]
}

// Organization identifies the organization.
type Organization struct {
	ID, ManagementAccountID string
}

// Check is the outcome for one prerequisite.
type Check struct {
	Name   string
	Status Status
	// API is the call that observes it.
	API string
	// Fix is what makes it ok: the command to run (and with which
	// account's credentials), or the OrgPrerequisites component.
	Fix string
	// Detail is what was observed, or, when unknown, why it could not be.
	Detail string
}

// orgPrerequisites is added to the fixes the OrgPrerequisites component
// performs.
const orgPrerequisites = ", or deploy the OrgPrerequisites component (docs/prerequisites.md)"

// Needs says which prerequisites cfg (defaults applied) needs.
type Needs struct {
	StackSets bool // member.org.stacksets: trusted access, delegated administrator
	RAM       bool // sharing logically air-gapped vaults with the targets
	// GuardKeys are the deployments with a guard SCP, sorted.
	GuardKeys []string
	// GuardsFromManagementAccount: OrgPrerequisites creates and attaches
	// the guard SCPs (guardPolicyManagedBy ManagementAccount).
	GuardsFromManagementAccount bool
}

// NeedsOf returns what cfg needs; cfg is taken with its defaults applied.
func NeedsOf(cfg config.Config, ctx config.Context) Needs {
	cfg = cfg.WithDefaults(ctx)
	n := Needs{
		StackSets:                   cfg.MemberAccountResources == config.StackSet,
		GuardKeys:                   cfg.GuardedDeployments(),
		GuardsFromManagementAccount: !cfg.GuardPoliciesInBackupAccount(),
	}
	for _, d := range cfg.Deployments {
		n.RAM = n.RAM || d.SharesAirGappedVaults()
	}
	return n
}

// Targets returns every deployment's backup targets, sorted, each once.
func Targets(cfg config.Config) []string {
	var out []string
	for _, d := range cfg.Deployments {
		out = append(out, d.BackupTargets...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// GuardTargets returns the targets of the deployments with a guard SCP,
// sorted, each once: those whose attached SCPs the checks read.
func GuardTargets(cfg config.Config, ctx config.Context) []string {
	cfg = cfg.WithDefaults(ctx)
	var out []string
	for _, key := range NeedsOf(cfg, ctx).GuardKeys {
		out = append(out, cfg.Deployments[key].BackupTargets...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The target id patterns of ListPoliciesForTarget's TargetId: a root
// "r-" and 4 to 32 lowercase letters or digits, an account 12 digits, an OU
// "ou-", 4 to 32, "-", 8 to 32
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html).
var (
	rootID    = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	ouID      = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	accountID = regexp.MustCompile(`^\d{12}$`)
)

// HasOUTargets reports whether any target is an OU, the case that needs
// the backup account's parents.
func HasOUTargets(cfg config.Config) bool {
	return slices.ContainsFunc(Targets(cfg), ouID.MatchString)
}

// Checks returns the check of every prerequisite cfg needs, in a fixed
// order: the organization, trusted access, root policy types, delegated
// administrators, cross-account backup, the service-linked role, the
// delegation policy (OrgBackup's statements; with guards from the
// management account, no SCP write rights for the backup account; the
// statements that are not OrgBackup's, for information), then per target
// the backup account's place, the SCP quota and (guards from the
// management account) each guard's attachment. ctx.AccountID is the
// backup account.
func Checks(cfg config.Config, ctx config.Context, facts Facts) []Check {
	cfg = cfg.WithDefaults(ctx)
	needs := NeedsOf(cfg, ctx)
	backup := ctx.AccountID
	root := "$ROOT_ID"
	if facts.RootID.Known && facts.RootID.Value != "" {
		root = facts.RootID.Value
	}
	var out []Check

	out = append(out, featureSetCheck(facts.FeatureSet))

	access := []struct {
		principal, fix string
		needed         bool
	}{
		{BackupPrincipal, "aws organizations enable-aws-service-access --service-principal " + BackupPrincipal, true},
		{RAMPrincipal, "aws ram enable-sharing-with-aws-organization" + orgPrerequisites, needs.RAM},
		{StackSetsPrincipal, "aws cloudformation activate-organizations-access", needs.StackSets},
	}
	for _, a := range access {
		if a.needed {
			out = append(out, listed("trusted access for "+a.principal, APIListServiceAccess,
				"run in the management account: "+a.fix, facts.ServiceAccess, a.principal, "enabled", "not enabled"))
		}
	}

	types := []string{BackupPolicyType}
	if len(needs.GuardKeys) > 0 {
		types = append(types, ServiceControlPolicyType)
	}
	for _, t := range types {
		out = append(out, listed(t+" enabled on the root", APIListRoots,
			fmt.Sprintf("run in the management account: aws organizations enable-policy-type --root-id %s --policy-type %s", root, t),
			facts.RootPolicyTypes, t, "enabled on "+root, "not enabled on "+root))
	}

	principals := []string{BackupPrincipal}
	if needs.StackSets {
		principals = append(principals, StackSetsPrincipal)
	}
	for _, p := range principals {
		out = append(out, listed(fmt.Sprintf("account %s delegated administrator for %s", backup, p), APIListDelegatedAdmins,
			fmt.Sprintf("run in the management account: aws organizations register-delegated-administrator --account-id %s --service-principal %s%s",
				backup, p, orgPrerequisites),
			facts.DelegatedAdministrators[p], backup, "registered", "not registered"))
	}

	out = append(out, boolCheck("cross-account backup enabled", APIDescribeGlobalSettings,
		"run in the management account: aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true"+orgPrerequisites,
		facts.CrossAccountBackup, "isCrossAccountBackupEnabled is true", "isCrossAccountBackupEnabled is not true"))

	out = append(out, serviceLinkedRoleCheck(backup, ctx.BackupServiceLinkedRoleExists, facts.BackupServiceLinkedRole))

	out = append(out, delegationChecks(cfg, ctx, needs, facts)...)

	for _, target := range Targets(cfg) {
		out = append(out, placementCheck(cfg, backup, target, facts.BackupAccountParents))
	}
	for _, target := range GuardTargets(cfg, ctx) {
		out = append(out, quotaCheck(cfg, needs, target, facts.TargetSCPs[target]))
	}
	if needs.GuardsFromManagementAccount {
		for _, key := range needs.GuardKeys {
			name := cfg.Names(key).VaultManagerGuard()
			for _, target := range sortedOnce(cfg.Deployments[key].BackupTargets) {
				out = append(out, listed(fmt.Sprintf("guard SCP %s attached to %s", name, target), APIListPoliciesForTarget,
					"deploy OrgPrerequisites (docs/prerequisites.md) in the management account: with guardPolicyManagedBy "+
						"ManagementAccount it creates and attaches each deployment's guard SCP",
					facts.TargetSCPs[target], name, "attached", "not attached"))
			}
		}
	}
	return out
}

func featureSetCheck(f Fact[string]) Check {
	c := Check{
		Name: "organization with all features", API: APIDescribeOrganization,
		Fix: "run in the management account: aws organizations enable-all-features (every invited account must accept; " +
			"docs/prerequisites.md, step 1)",
	}
	switch {
	case !f.Known:
		c.Status, c.Detail = Unknown, f.reason()
	case f.Value == FeatureSetAll:
		c.Status, c.Detail = OK, "FeatureSet ALL"
	case f.Value == "":
		c.Status, c.Detail = Missing, "the account is not in an organization"
		c.Fix = "OrgBackup runs in a member account of an organization with all features: create the organization " +
			"(aws organizations create-organization --feature-set ALL) or invite the account"
	default:
		c.Status, c.Detail = Missing, "FeatureSet "+f.Value
	}
	return c
}

// listed is the check that want is in the observed list.
func listed(name, api, fix string, f Fact[[]string], want, okDetail, missingDetail string) Check {
	c := Check{Name: name, API: api, Fix: fix}
	switch {
	case !f.Known:
		c.Status, c.Detail = Unknown, f.reason()
	case slices.Contains(f.Value, want):
		c.Status, c.Detail = OK, okDetail
	default:
		c.Status, c.Detail = Missing, missingDetail
	}
	return c
}

func boolCheck(name, api, fix string, f Fact[bool], okDetail, missingDetail string) Check {
	c := Check{Name: name, API: api, Fix: fix}
	switch {
	case !f.Known:
		c.Status, c.Detail = Unknown, f.reason()
	case f.Value:
		c.Status, c.Detail = OK, okDetail
	default:
		c.Status, c.Detail = Missing, missingDetail
	}
	return c
}

// serviceLinkedRoleCheck compares AWS Backup's service-linked role with the
// context: OrgBackup creates the role when the context says it does not
// exist, so the role itself is no prerequisite, but a context that
// disagrees with the account makes the deployment fail (creating a role
// that exists, or relying on one that does not).
func serviceLinkedRoleCheck(backup string, inContext bool, f Fact[bool]) Check {
	c := Check{
		Name: fmt.Sprintf("AWS Backup service-linked role in %s as the context says (backupServiceLinkedRoleExists: %t)", backup, inContext),
		API:  APIListRoles,
		Fix: fmt.Sprintf("set context.backupServiceLinkedRoleExists to %t, or render with --context-from-aws "+
			"(the component looks it up itself)", !inContext),
	}
	switch {
	case !f.Known:
		c.Status, c.Detail = Unknown, f.reason()
	case f.Value == inContext && f.Value:
		c.Status, c.Detail = OK, "the role exists"
	case f.Value == inContext:
		c.Status, c.Detail = OK, "no role yet: OrgBackup creates it"
	case f.Value:
		c.Status, c.Detail = Missing, "the role exists, but the context says it does not: OrgBackup would try to create it again"
	default:
		c.Status, c.Detail = Missing, "no role, but the context says it exists: OrgBackup would not create it"
	}
	return c
}

// placementCheck checks that the backup account lies outside target.
func placementCheck(cfg config.Config, backup, target string, parents Fact[[]string]) Check {
	c := Check{
		Name: fmt.Sprintf("backup account %s outside target %s (%s)", backup, target, strings.Join(deploymentsTargeting(cfg, target), ", ")),
		API:  APIListParents,
		Fix: fmt.Sprintf("move the backup account into an OU no deployment targets (in the management account: aws organizations "+
			"move-account --account-id %s --source-parent-id PARENT --destination-parent-id OU)", backup),
	}
	switch {
	case rootID.MatchString(target):
		c.API = ""
		c.Status, c.Detail = Missing, "a root contains every account of the organization, the backup account too"
		c.Fix = "target the OUs that hold the member accounts instead of the root " + target + ", leaving out the backup account's OU"
	case accountID.MatchString(target):
		c.API = ""
		if target == backup {
			c.Status, c.Detail = Missing, "the target is the backup account itself"
			c.Fix = "remove " + target + " from backupTargets"
		} else {
			c.Status, c.Detail = OK, "another account"
		}
	case !parents.Known:
		c.Status, c.Detail = Unknown, parents.reason()
	case slices.Contains(parents.Value, target):
		c.Status, c.Detail = Missing, "the backup account lies in "+target+" (parents: "+strings.Join(parents.Value, " < ")+")"
	default:
		c.Status, c.Detail = OK, "parents: "+strings.Join(parents.Value, " < ")
	}
	return c
}

// quotaCheck checks that target has room for the guards that target it.
func quotaCheck(cfg config.Config, needs Needs, target string, attached Fact[[]string]) Check {
	var guards []string
	for _, key := range needs.GuardKeys {
		if slices.Contains(cfg.Deployments[key].BackupTargets, target) {
			guards = append(guards, cfg.Names(key).VaultManagerGuard())
		}
	}
	c := Check{
		Name: fmt.Sprintf("room for %d guard SCP(s) on %s (at most %d SCPs, FullAWSAccess included)", len(guards), target, MaxSCPsPerTarget),
		API:  APIListPoliciesForTarget,
		Fix: fmt.Sprintf("detach SCPs from %s in the management account (aws organizations detach-policy --policy-id ID --target-id %s), "+
			"or target its child OUs instead", target, target),
	}
	if !attached.Known {
		c.Status, c.Detail = Unknown, attached.reason()
		return c
	}
	adds := 0
	for _, g := range guards {
		if !slices.Contains(attached.Value, g) {
			adds++
		}
	}
	names := slices.Sorted(slices.Values(attached.Value))
	total := len(names) + adds
	c.Detail = fmt.Sprintf("%d attached (%s), %d to add: %d of %d", len(names), strings.Join(names, ", "), adds, total, MaxSCPsPerTarget)
	c.Status = OK
	if total > MaxSCPsPerTarget {
		c.Status = Missing
	}
	return c
}

func deploymentsTargeting(cfg config.Config, target string) []string {
	var out []string
	for _, key := range cfg.DeploymentKeys() {
		if slices.Contains(cfg.Deployments[key].BackupTargets, target) {
			out = append(out, key)
		}
	}
	return out
}

func sortedOnce(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// Count returns how many checks have status s.
func Count(checks []Check, s Status) int {
	n := 0
	for _, c := range checks {
		if c.Status == s {
			n++
		}
	}
	return n
}
