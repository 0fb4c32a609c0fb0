// Package awsfacts observes preflight.Facts with the AWS SDK for Go v2,
// read-only, with the caller's credentials: the organization's management
// account can make every call, the backup account (a delegated
// administrator) only some. A call that fails leaves its fact unknown with
// the reason: the permission it needs, or the account to run from.
//
// The calls, each with what it observes:
//
//   - organizations:DescribeOrganization: FeatureSet, the organization's Id
//     and the management account; AWSOrganizationsNotInUseException
//     outside an organization
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html).
//   - organizations:ListAWSServiceAccessForOrganization: the service
//     principals with trusted access; the management account or a
//     delegated administrator may call it
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAWSServiceAccessForOrganization.html).
//   - organizations:ListRoots: the root and its PolicyTypes with their
//     Status (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html,
//     https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicyTypeSummary.html).
//   - organizations:ListDelegatedAdministrators with ServicePrincipal: the
//     delegated administrators of one service
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html).
//   - backup:DescribeGlobalSettings: isCrossAccountBackupEnabled. It
//     describes the calling account's settings, and only the management
//     account can change them (UpdateGlobalSettings "returns an error if
//     the account is not an Organizations management account",
//     https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html;
//     https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeGlobalSettings.html),
//     so it is read only with the management account's credentials.
//   - iam:ListRoles under /aws-service-role/backup.amazonaws.com/: AWS
//     Backup's service-linked role, as awscontext reads it; IAM answers for
//     the calling account only, so it is read only with the backup
//     account's credentials
//     (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html).
//   - organizations:DescribeResourcePolicy: the delegation policy's
//     content, ResourcePolicy.Content, a JSON string;
//     ResourcePolicyNotFoundException when there is none
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html,
//     https://docs.aws.amazon.com/organizations/latest/APIReference/API_ResourcePolicy.html).
//   - organizations:ListPoliciesForTarget with Filter
//     SERVICE_CONTROL_POLICY: the SCPs attached directly to each guarded
//     target (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html).
//     Called whoever the caller is: the management account may, and the
//     backup account, a delegated administrator, when the delegation
//     policy lets it call organizations:ListPoliciesForTarget for
//     SERVICE_CONTROL_POLICY (organizations:PolicyType); no other call
//     (DescribePolicy) is needed to read the attached SCPs' names.
//   - organizations:ListParents from the backup account up to the root,
//     when an OU is a target; an account or OU has exactly one parent
//     (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html).
package awsfacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/orgbackup/pulumi-orgbackup/provider/awscontext"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
)

// OrganizationsClient is the part of *organizations.Client Gather calls.
type OrganizationsClient interface {
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListAWSServiceAccessForOrganization(context.Context, *organizations.ListAWSServiceAccessForOrganizationInput, ...func(*organizations.Options)) (*organizations.ListAWSServiceAccessForOrganizationOutput, error)
	ListRoots(context.Context, *organizations.ListRootsInput, ...func(*organizations.Options)) (*organizations.ListRootsOutput, error)
	ListDelegatedAdministrators(context.Context, *organizations.ListDelegatedAdministratorsInput, ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error)
	DescribeResourcePolicy(context.Context, *organizations.DescribeResourcePolicyInput, ...func(*organizations.Options)) (*organizations.DescribeResourcePolicyOutput, error)
	ListPoliciesForTarget(context.Context, *organizations.ListPoliciesForTargetInput, ...func(*organizations.Options)) (*organizations.ListPoliciesForTargetOutput, error)
	ListParents(context.Context, *organizations.ListParentsInput, ...func(*organizations.Options)) (*organizations.ListParentsOutput, error)
}

// BackupClient is the part of *backup.Client Gather calls.
type BackupClient interface {
	DescribeGlobalSettings(context.Context, *backup.DescribeGlobalSettingsInput, ...func(*backup.Options)) (*backup.DescribeGlobalSettingsOutput, error)
}

// Clients are the clients Gather calls.
type Clients struct {
	Organizations OrganizationsClient
	Backup        BackupClient
	IAM           iam.ListRolesAPIClient
}

// NewClients returns the clients of cfg.
func NewClients(cfg aws.Config) Clients {
	return Clients{
		Organizations: organizations.NewFromConfig(cfg),
		Backup:        backup.NewFromConfig(cfg),
		IAM:           iam.NewFromConfig(cfg),
	}
}

// Accounts are the accounts a gathering is about.
type Accounts struct {
	// Caller is the account whose credentials make the calls.
	Caller string
	// Backup is the backup account (the config's context account).
	Backup string
}

// maxDepth bounds the walk up from the backup account: OUs nest at most
// five levels under the root
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const maxDepth = 7

// Gather observes the facts cfg's checks need.
func Gather(ctx context.Context, c Clients, cfg config.Config, cctx config.Context, acc Accounts) preflight.Facts {
	var f preflight.Facts
	management := preflight.NotObserved[string]("")

	org, err := c.Organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	switch {
	case errors.As(err, &notInUse):
		f.FeatureSet = preflight.Observed("")
	case err != nil:
		f.FeatureSet = preflight.NotObserved[string](reason(preflight.APIDescribeOrganization, err))
		management = preflight.NotObserved[string](f.FeatureSet.Reason)
	case org.Organization == nil:
		f.FeatureSet = preflight.NotObserved[string]("DescribeOrganization answered no organization")
	default:
		f.FeatureSet = preflight.Observed(string(org.Organization.FeatureSet))
		management = preflight.Observed(aws.ToString(org.Organization.MasterAccountId))
		f.Organization = preflight.Observed(preflight.Organization{
			ID: aws.ToString(org.Organization.Id), ManagementAccountID: aws.ToString(org.Organization.MasterAccountId),
		})
	}
	if !f.Organization.Known {
		f.Organization = preflight.NotObserved[preflight.Organization](f.FeatureSet.Reason)
		if f.FeatureSet.Known {
			f.Organization.Reason = "the account is not in an organization"
		}
	}

	f.ServiceAccess = serviceAccess(ctx, c.Organizations)
	f.RootID, f.RootPolicyTypes = roots(ctx, c.Organizations)
	f.DelegatedAdministrators = map[string]preflight.Fact[[]string]{}
	for _, p := range []string{preflight.BackupPrincipal, preflight.StackSetsPrincipal} {
		f.DelegatedAdministrators[p] = delegatedAdministrators(ctx, c.Organizations, p)
	}

	f.CrossAccountBackup = globalSettingsFact(ctx, c.Backup, management, acc)
	f.BackupServiceLinkedRole = serviceLinkedRoleFact(ctx, c.IAM, acc)

	f.DelegationPolicy = delegationPolicy(ctx, c.Organizations)

	f.TargetSCPs = map[string]preflight.Fact[[]string]{}
	for _, target := range preflight.GuardTargets(cfg, cctx) {
		f.TargetSCPs[target] = attachedSCPs(ctx, c.Organizations, target)
	}
	if preflight.HasOUTargets(cfg) {
		f.BackupAccountParents = parents(ctx, c.Organizations, acc.Backup)
	}
	return f
}

// globalSettingsFact reads cross-account backup with the management
// account's credentials only: DescribeGlobalSettings describes the
// calling account.
func globalSettingsFact(ctx context.Context, c BackupClient, management preflight.Fact[string], acc Accounts) preflight.Fact[bool] {
	switch {
	case !management.Known:
		return preflight.NotObserved[bool]("the management account is unknown (" + management.Reason + ")")
	case management.Value != acc.Caller:
		return preflight.NotObserved[bool](fmt.Sprintf("the setting is the management account's (%s): "+
			"run `orgbackup doctor` with management account credentials to read it", management.Value))
	}
	return crossAccountBackup(ctx, c)
}

// serviceLinkedRoleFact reads the backup account's roles with its own
// credentials only: IAM answers for the calling account.
func serviceLinkedRoleFact(ctx context.Context, c iam.ListRolesAPIClient, acc Accounts) preflight.Fact[bool] {
	if acc.Caller != acc.Backup {
		return preflight.NotObserved[bool](fmt.Sprintf("IAM answers for the calling account only: "+
			"run `orgbackup doctor` with the backup account's (%s) credentials to read it", acc.Backup))
	}
	return serviceLinkedRole(ctx, c)
}

func serviceAccess(ctx context.Context, c OrganizationsClient) preflight.Fact[[]string] {
	var out []string
	pages := organizations.NewListAWSServiceAccessForOrganizationPaginator(c, &organizations.ListAWSServiceAccessForOrganizationInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return preflight.NotObserved[[]string](reason(preflight.APIListServiceAccess, err))
		}
		for _, p := range page.EnabledServicePrincipals {
			out = append(out, aws.ToString(p.ServicePrincipal))
		}
	}
	return preflight.Observed(sorted(out))
}

// roots reads the organization's root (an organization has one) and the
// policy types whose Status is ENABLED on it.
func roots(ctx context.Context, c OrganizationsClient) (preflight.Fact[string], preflight.Fact[[]string]) {
	var found []orgtypes.Root
	pages := organizations.NewListRootsPaginator(c, &organizations.ListRootsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			r := reason(preflight.APIListRoots, err)
			return preflight.NotObserved[string](r), preflight.NotObserved[[]string](r)
		}
		found = append(found, page.Roots...)
	}
	if len(found) == 0 {
		r := "ListRoots answered no root"
		return preflight.NotObserved[string](r), preflight.NotObserved[[]string](r)
	}
	var types []string
	for _, t := range found[0].PolicyTypes {
		if t.Status == orgtypes.PolicyTypeStatusEnabled {
			types = append(types, string(t.Type))
		}
	}
	return preflight.Observed(aws.ToString(found[0].Id)), preflight.Observed(sorted(types))
}

func delegatedAdministrators(ctx context.Context, c OrganizationsClient, principal string) preflight.Fact[[]string] {
	var out []string
	pages := organizations.NewListDelegatedAdministratorsPaginator(c, &organizations.ListDelegatedAdministratorsInput{
		ServicePrincipal: aws.String(principal),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return preflight.NotObserved[[]string](reason(preflight.APIListDelegatedAdmins, err))
		}
		for _, a := range page.DelegatedAdministrators {
			out = append(out, aws.ToString(a.Id))
		}
	}
	return preflight.Observed(sorted(out))
}

func crossAccountBackup(ctx context.Context, c BackupClient) preflight.Fact[bool] {
	out, err := c.DescribeGlobalSettings(ctx, &backup.DescribeGlobalSettingsInput{})
	if err != nil {
		return preflight.NotObserved[bool](reason(preflight.APIDescribeGlobalSettings, err))
	}
	return preflight.Observed(out.GlobalSettings["isCrossAccountBackupEnabled"] == "true")
}

func serviceLinkedRole(ctx context.Context, c iam.ListRolesAPIClient) preflight.Fact[bool] {
	exists, err := awscontext.BackupServiceLinkedRoleExists(ctx, c)
	if err != nil {
		return preflight.NotObserved[bool](reason(preflight.APIListRoles, err))
	}
	return preflight.Observed(exists)
}

// delegationPolicy reads the organization's resource policy's content, ""
// when it has none.
func delegationPolicy(ctx context.Context, c OrganizationsClient) preflight.Fact[string] {
	out, err := c.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})
	var notFound *orgtypes.ResourcePolicyNotFoundException
	switch {
	case errors.As(err, &notFound):
		return preflight.Observed("")
	case err != nil:
		return preflight.NotObserved[string](reason(preflight.APIDescribeResourcePolicy, err))
	case out.ResourcePolicy == nil || aws.ToString(out.ResourcePolicy.Content) == "":
		return preflight.NotObserved[string]("DescribeResourcePolicy answered no ResourcePolicy.Content")
	}
	return preflight.Observed(aws.ToString(out.ResourcePolicy.Content))
}

func attachedSCPs(ctx context.Context, c OrganizationsClient, target string) preflight.Fact[[]string] {
	out := []string{}
	pages := organizations.NewListPoliciesForTargetPaginator(c, &organizations.ListPoliciesForTargetInput{
		TargetId: aws.String(target),
		Filter:   orgtypes.PolicyTypeServiceControlPolicy,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return preflight.NotObserved[[]string](reason(preflight.APIListPoliciesForTarget+" (SERVICE_CONTROL_POLICY) on "+target, err))
		}
		for _, p := range page.Policies {
			out = append(out, aws.ToString(p.Name))
		}
	}
	return preflight.Observed(sorted(out))
}

// parents walks from the account up to the root.
func parents(ctx context.Context, c OrganizationsClient, account string) preflight.Fact[[]string] {
	var out []string
	child := account
	for range maxDepth {
		page, err := c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(child)})
		if err != nil {
			return preflight.NotObserved[[]string](reason(preflight.APIListParents+" of "+child, err))
		}
		if len(page.Parents) != 1 {
			return preflight.NotObserved[[]string](fmt.Sprintf("ListParents of %s answered %d parents, not one", child, len(page.Parents)))
		}
		p := page.Parents[0]
		out = append(out, aws.ToString(p.Id))
		if p.Type == orgtypes.ParentTypeRoot {
			return preflight.Observed(out)
		}
		child = aws.ToString(p.Id)
	}
	return preflight.NotObserved[[]string](fmt.Sprintf("no root within %d levels above %s", maxDepth, account))
}

// reason says why a call failed, and what to do about a denied one.
func reason(api string, err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "AccessDeniedException", "AccessDenied":
			action, _, _ := strings.Cut(api, " ")
			return fmt.Sprintf("access denied to %s: grant the caller %s, or run `orgbackup doctor` with management account credentials",
				api, action)
		case "AWSOrganizationsNotInUseException":
			return api + ": the account is not in an organization"
		}
	}
	return fmt.Sprintf("%s failed: %v", api, err)
}

func sorted(s []string) []string {
	if s == nil {
		s = []string{}
	}
	slices.Sort(s)
	return s
}
