// Package prerequisites plans what the organization's management account
// sets up for the backup account (the OrgPrerequisites component, and
// render): RAM's sharing with the organization, AWS Backup's cross-account
// backup, the backup account's delegated administrator registrations, the
// organization's delegation policy and, with guardPolicyManagedBy
// ManagementAccount, the guard service control policies. It also names
// the organization settings no pulumi-aws v6 resource manages without
// owning the whole organization, with the command that sets each.
package prerequisites

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
)

// Service principals the backup account is registered for.
const (
	// BackupPrincipal is AWS Backup's
	// (https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-backup.html).
	BackupPrincipal = "backup.amazonaws.com"
	// StackSetsPrincipal is the one CloudFormation StackSets registers
	// delegated administrators and trusted access for
	// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html).
	StackSetsPrincipal = "member.org.stacksets.cloudformation.amazonaws.com"
)

// Logical names of the resources, after the component's name.
const (
	RAMSharing       = "ram-sharing-with-organization"
	GlobalSettings   = "backup-global-settings"
	DelegationPolicy = "delegation-policy"
)

// DelegatedAdministrator is the logical name of the backup account's
// registration for principal.
func DelegatedAdministrator(principal string) string {
	names := map[string]string{BackupPrincipal: "delegated-administrator-backup",
		StackSetsPrincipal: "delegated-administrator-stacksets"}
	return names[principal]
}

// Options are OrgPrerequisites' own inputs, and what the management account
// knows about the organization (left nil by render, which looks up nothing).
type Options struct {
	// SkipDelegationPolicy leaves the organization's resource policy to the
	// user (manageDelegationPolicy false): the plan holds no resource for it
	// and the manual steps say how to merge its content.
	SkipDelegationPolicy bool
	// GuardPolicyIDs are existing guard SCPs (p-...) by deployment, adopted
	// with their attachments instead of created.
	GuardPolicyIDs map[string]string
	// Registered are the accounts already registered as delegated
	// administrators, by service principal; nil when not looked up.
	Registered map[string][]string
	// Organization is what describe-organization answered; nil when not
	// looked up. The preview fails, naming the command of each, when it
	// lacks a setting no resource of the plan makes (the checks of
	// `orgbackup doctor`).
	Organization *Organization
}

// Result is what Build plans for the management account.
type Result struct {
	// Config is the resolved configuration, Backup the backup account's
	// context the plan (and the delegation policy) is for.
	Config config.Config
	Backup config.Context
	// Resources are the management account's resources in registration order.
	Resources []desired.Resource
	// DelegationPolicy is the content of the organization's delegation
	// policy, planned as a resource unless SkipDelegationPolicy.
	DelegationPolicy string
	// DelegatedAdministrators are the principals the backup account is
	// registered for, sorted.
	DelegatedAdministrators []string
	// GuardPolicies are the logical names of the planned guard SCPs, by deployment.
	GuardPolicies map[string]string
	// ManualSteps are the commands for what no resource does and the
	// organization is not known to have: every requirement when the
	// organization was not looked up, and the delegation policy's when the
	// user manages it.
	ManualSteps []string
	// Warnings are OrgBackup's warnings of the configuration.
	Warnings config.Problems
}

var (
	accountIDPattern = regexp.MustCompile(`^\d{12}$`)
	// policyIDPattern: "p-" followed by from 8 to 128 lowercase or uppercase
	// letters, digits, or the underscore character
	// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html).
	policyIDPattern = regexp.MustCompile(`^p-[0-9A-Za-z_]{8,128}$`)
)

// Build plans the management account's resources for cfg, whose backup
// account is backupAccountID, with mgmt the management account's context.
// It validates cfg exactly as OrgBackup does (central.Build with the backup
// account's context), its own inputs, and, when opts.Organization is
// known, what the organization lacks; every problem at once, sorted by
// path, as config.Problems.
func Build(cfg config.Config, mgmt config.Context, backupAccountID string, opts Options) (Result, error) {
	var ps config.Problems
	backup := BackupContext(mgmt, backupAccountID)
	if !accountIDPattern.MatchString(backupAccountID) {
		ps.Add("backupAccountId", "%q is not an account id (12 digits): give the id of the dedicated backup account",
			backupAccountID)
		backup.AccountID = "000000000000" // the rest is still checked
	} else if backupAccountID == mgmt.AccountID {
		// RegisterDelegatedAdministrator registers a member account
		// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html).
		ps.Add("backupAccountId", "%q is the management account this component runs in; a delegated administrator "+
			"is a member account: give the id of the dedicated backup account", backupAccountID)
	}
	built, err := central.Build(cfg, backup)
	var problems config.Problems
	if errors.As(err, &problems) {
		ps = append(ps, problems...)
	} else if err != nil {
		return Result{}, err
	}
	resolved := built.Config
	if err != nil {
		resolved = cfg.WithDefaults(backup) // for the checks below
	}
	checkGuardPolicyIDs(&ps, resolved, opts.GuardPolicyIDs)
	if opts.Organization != nil {
		for _, c := range manualChecks(resolved, backup, opts.Organization) {
			if c.Status == preflight.Missing {
				ps.Add("organization", "%s: %s; the management account must run %s", c.Name, c.Detail, fix(c))
			}
		}
	}
	if len(ps) > 0 {
		slices.SortStableFunc(ps, func(a, b config.Problem) int { return cmp.Compare(a.Path, b.Path) })
		return Result{}, ps
	}
	return plan(built, backup, opts), nil
}

// BackupContext is the backup account's context: the management
// account's, in the backup account.
func BackupContext(mgmt config.Context, backupAccountID string) config.Context {
	return config.Context{Partition: mgmt.Partition, AccountID: backupAccountID, OrganizationID: mgmt.OrganizationID,
		ManagementAccountID: mgmt.ManagementAccountID, Region: mgmt.Region}
}

// checkGuardPolicyIDs: an adopted SCP must be a guard SCP this plan holds.
func checkGuardPolicyIDs(ps *config.Problems, cfg config.Config, ids map[string]string) {
	for _, key := range slices.Sorted(maps.Keys(ids)) {
		path := fmt.Sprintf("guardPolicyIds[%q]", key)
		switch _, ok := cfg.Deployments[key]; {
		case !ok:
			ps.Add(path, "names no deployment; adopt the guard SCP of one of %q, or remove the entry", cfg.DeploymentKeys())
			continue
		case cfg.GuardPoliciesInBackupAccount():
			ps.Add(path, "adopts a guard SCP while guardPolicyManagedBy is %s, so OrgBackup keeps it; set "+
				"guardPolicyManagedBy to %s to move the guard SCPs here, or remove guardPolicyIds",
				config.GuardManagedByBackupAccount, config.GuardManagedByManagementAccount)
			continue
		case !cfg.HasGuard(key):
			ps.Add(path, "deployment %q has no guard SCP (it has one with memberAccountResources StackSet or "+
				"protectMemberResources); remove the entry", key)
			continue
		}
		if !policyIDPattern.MatchString(ids[key]) {
			ps.Add(path, "%q is not a policy id (p- and 8 to 128 letters, digits or _); give the id "+
				"`aws organizations list-policies --filter SERVICE_CONTROL_POLICY` shows for %s", ids[key],
				cfg.Names(key).VaultManagerGuard())
		}
	}
}

// plan turns a valid configuration into the management account's resources.
func plan(built central.Result, backup config.Context, opts Options) Result {
	cfg := built.Config
	out := Result{Config: cfg, Backup: backup, GuardPolicies: map[string]string{}, Warnings: built.Warnings}
	add := func(r desired.Resource) { out.Resources = append(out.Resources, r) }
	// RAM shares the air-gapped vaults with the targets' OUs; the setting
	// belongs to the organization, which others may rely on: kept on delete.
	if preflight.NeedsOf(cfg, backup).RAM {
		add(desired.New(desired.Resource{Name: RAMSharing, RetainOnDelete: true}, desired.SharingWithOrganizationArgs{}))
	}
	// Cross-account backup, settable only from the management account
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html).
	add(desired.New(desired.Resource{Name: GlobalSettings, RetainOnDelete: true}, desired.GlobalSettingsArgs{
		GlobalSettings: map[string]string{"isCrossAccountBackupEnabled": "true"}}))
	principals := []string{BackupPrincipal}
	if cfg.MemberAccountResources == config.StackSet {
		principals = append(principals, StackSetsPrincipal)
	}
	for _, p := range principals {
		// Kept on delete, whoever registered it: deregistering the backup
		// account breaks its OrgBackup stack and every StackSet it manages,
		// so it is a deliberate step of its own
		// (aws organizations deregister-delegated-administrator).
		r := desired.New(desired.Resource{Name: DelegatedAdministrator(p), DependsOn: []string{GlobalSettings},
			RetainOnDelete: true},
			desired.DelegatedAdministratorArgs{AccountID: backup.AccountID, ServicePrincipal: p})
		if slices.Contains(opts.Registered[p], backup.AccountID) {
			// Registered before: adopted (an import is ignored once the
			// resource is in the stack's state).
			r.ImportID = DelegatedAdministratorImportID(backup.AccountID, p)
		}
		add(r)
	}
	out.DelegatedAdministrators = slices.Sorted(slices.Values(principals))
	out.DelegationPolicy = deployer.Delegation(cfg, backup).JSON()
	if !opts.SkipDelegationPolicy {
		// An organization has one resource policy, which PutResourcePolicy
		// creates or replaces
		// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PutResourcePolicy.html):
		// the component owns all of it, so its destroy removes what it
		// delegated rather than leave the backup account's rights behind.
		// orgbackup doctor lists an existing policy's other statements.
		add(desired.New(desired.Resource{Name: DelegationPolicy}, desired.ResourcePolicyArgs{
			Content: out.DelegationPolicy, Tags: desired.ComponentTags{}}))
	}
	if !cfg.GuardPoliciesInBackupAccount() {
		for _, r := range central.GuardPolicies(cfg, backup) {
			adopt(&r, cfg, opts.GuardPolicyIDs)
			if r.Type == desired.OrganizationsPolicy {
				out.GuardPolicies[r.Deployment] = r.Name
			}
			add(r)
		}
	}
	// What the organization is not known to have: every setting when it was
	// not looked up (render); none at a preview that passed, which refuses
	// what is missing.
	for _, c := range manualChecks(cfg, backup, opts.Organization) {
		if c.Status != preflight.OK {
			out.ManualSteps = append(out.ManualSteps, fix(c))
		}
	}
	if opts.SkipDelegationPolicy {
		out.ManualSteps = append(out.ManualSteps, DelegationPolicyCommand)
	}
	return out
}

// adopt imports a guard SCP r of a deployment with an id in ids, or its
// attachment; a target not known yet is its pending placeholder, which the
// registrar resolves.
func adopt(r *desired.Resource, cfg config.Config, ids map[string]string) {
	id, ok := ids[r.Deployment]
	if !ok {
		return
	}
	switch r.Type {
	case desired.OrganizationsPolicy:
		r.ImportID = id
	case desired.OrganizationsAttachment:
		if args, ok := desired.ArgsOf[desired.PolicyAttachmentArgs](*r); ok {
			t := args.TargetID
			r.ImportID = PolicyAttachmentImportID(cfg.Deployments[t.Deployment].BackupTargets[t.Index], id)
		}
	}
}

// DelegatedAdministratorImportID is the import id of pulumi-aws's
// delegated administrator: "<account id>/<service principal>"
// (https://www.pulumi.com/registry/packages/aws/api-docs/organizations/delegatedadministrator/#import).
func DelegatedAdministratorImportID(account, principal string) string {
	return account + "/" + principal
}

// PolicyAttachmentImportID is the import id of pulumi-aws's policy
// attachment: "<target id>:<policy id>"
// (https://www.pulumi.com/registry/packages/aws/api-docs/organizations/policyattachment/#import).
func PolicyAttachmentImportID(target, policy string) string { return target + ":" + policy }

// DelegationPolicyCommand puts the delegation policy the user manages,
// after merging the statements of delegationPolicy into the organization's
// one resource policy
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_PutResourcePolicy.html).
const DelegationPolicyCommand = "aws organizations put-resource-policy --content file://delegation.json " +
	"(delegation.json: the organization's resource policy merged with the statements of the delegationPolicy output)"
