package deployer

import (
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
)

// Delegation is the organization's resource-based delegation policy
// (organizations:PutResourcePolicy, put by the management account) that lets
// the backup account ctx.AccountID do the Organizations actions cfg
// (resolved) needs and nothing more: read the organization, manage backup
// policies and attach them to the deployments' targets, and, only with
// guardPolicyManagedBy BackupAccount and a deployment that has a guard,
// manage the guard SCPs. ctx is the backup account's context. The
// principal of every statement is the backup account's root, as in AWS's
// examples; the account's IAM policies (Central) narrow it to the deployer.
//
// After AWS's examples:
// https://docs.aws.amazon.com/organizations/latest/userguide/security_iam_resource-based-policy-examples.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies_example_consolidate_permissions.html
func Delegation(cfg config.Config, ctx config.Context) iam.Document {
	s := scope{Context: ctx, cfg: cfg}
	backup := &iam.Principal{AWS: iam.Strings{"arn:" + ctx.Partition + ":iam::" + ctx.AccountID + ":root"}}
	ofType := func(typ string) iam.Conditions {
		return iam.Conditions{iam.StringEquals: {iam.OrganizationsPolicyType: iam.Strings{typ}}}
	}
	backupPolicyARN := backupPolicies(s, desired.Resource{})[0]
	statements := []iam.Statement{
		// The minimum AWS's examples list to navigate the organization.
		{Sid: "ReadTheOrganization", Effect: iam.Allow, Principal: backup, Action: iam.Strings{
			"organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit", "organizations:DescribeAccount",
			"organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent", "organizations:ListParents",
			"organizations:ListChildren", "organizations:ListAccounts", "organizations:ListAccountsForParent",
			"organizations:ListTagsForResource"}, Resource: iam.Strings{"*"}},
		{Sid: "ReadBackupPolicies", Effect: iam.Allow, Principal: backup, Action: iam.Strings{
			"organizations:DescribePolicy", "organizations:DescribeEffectivePolicy", "organizations:ListPolicies",
			"organizations:ListPoliciesForTarget", "organizations:ListTargetsForPolicy"},
			Resource: iam.Strings{"*"}, Condition: ofType(backupPolicy)},
		{Sid: "CreateBackupPolicies", Effect: iam.Allow, Principal: backup, Action: iam.Strings{"organizations:CreatePolicy"},
			Resource: iam.Strings{"*"}, Condition: ofType(backupPolicy)},
		{Sid: "ChangeBackupPolicies", Effect: iam.Allow, Principal: backup, Action: iam.Strings{
			"organizations:UpdatePolicy", "organizations:DeletePolicy", "organizations:TagResource", "organizations:UntagResource"},
			Resource: iam.Strings{backupPolicyARN}},
		// Only to the deployments' own targets (an OU that the program
		// creates gets its ARN once its id is known).
		{Sid: "AttachBackupPolicies", Effect: iam.Allow, Principal: backup,
			Action:   iam.Strings{"organizations:AttachPolicy", "organizations:DetachPolicy"},
			Resource: append(targets(s, func(string) bool { return true }), backupPolicyARN), Condition: ofType(backupPolicy)},
	}
	guarded := cfg.GuardedDeployments()
	if len(guarded) == 0 {
		return iam.New(statements...)
	}
	if !cfg.GuardPoliciesInBackupAccount() {
		// Read only: which SCPs each target holds and their names, so that
		// OrgBackup's preview (and orgbackup doctor, from the backup account)
		// can tell whether the management account attached the guards.
		return iam.New(append(statements, iam.Statement{Sid: "ReadServiceControlPolicies", Effect: iam.Allow,
			Principal: backup, Action: iam.Strings{"organizations:DescribePolicy", "organizations:ListPoliciesForTarget"},
			Resource: iam.Strings{"*"}, Condition: ofType(serviceControlPolicy)})...)
	}
	// The guard SCPs, from the backup account. organizations:PolicyType is
	// what AWS's delegation examples condition on. Whether Organizations
	// evaluates aws:RequestTag/aws:ResourceTag in a delegation policy is not
	// documented: the pages checked (orgs_delegate_policies.html,
	// orgs-policy-delegate.html, security_iam_resource-based-policy-examples.html,
	// orgs_delegate_policies_example_consolidate_permissions.html under
	// https://docs.aws.amazon.com/organizations/latest/userguide/, and
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html,
	// which lists the tag keys for IAM policies) say nothing of them. The tag
	// conditions stay as defense in depth; the deployer policy (Central)
	// conditions on the same tags, and IAM evaluates those.
	scp := serviceControlPolicies(s, desired.Resource{})[0]
	tagged := func(key string) iam.Conditions {
		return iam.Conditions{iam.StringEquals: {key: iam.Sorted(guarded...)}}
	}
	create := tagged(iam.RequestTag(GuardTagKey))
	create[iam.StringEquals][iam.OrganizationsPolicyType] = iam.Strings{serviceControlPolicy}
	return iam.New(append(statements,
		iam.Statement{Sid: "CreateGuardServiceControlPolicies", Effect: iam.Allow, Principal: backup,
			Action: iam.Strings{"organizations:CreatePolicy"}, Resource: iam.Strings{"*"}, Condition: create},
		iam.Statement{Sid: "TagGuardServiceControlPoliciesAtCreation", Effect: iam.Allow, Principal: backup,
			Action: iam.Strings{"organizations:TagResource"}, Resource: iam.Strings{scp}, Condition: tagged(iam.RequestTag(GuardTagKey))},
		iam.Statement{Sid: "ManageGuardServiceControlPolicies", Effect: iam.Allow, Principal: backup, Action: iam.Strings{
			"organizations:DescribePolicy", "organizations:ListTargetsForPolicy", "organizations:UpdatePolicy",
			"organizations:DeletePolicy", "organizations:TagResource", "organizations:UntagResource",
			"organizations:AttachPolicy", "organizations:DetachPolicy"},
			Resource: iam.Strings{scp}, Condition: tagged(iam.ResourceTag(GuardTagKey))},
		iam.Statement{Sid: "AttachGuardServiceControlPoliciesToTargets", Effect: iam.Allow, Principal: backup,
			Action:    iam.Strings{"organizations:AttachPolicy", "organizations:DetachPolicy"},
			Resource:  targets(s, func(key string) bool { return slices.Contains(guarded, key) }),
			Condition: ofType(serviceControlPolicy)},
	)...)
}

// targets are the ARNs of the backup targets of the deployments of, sorted
// and without repeats.
func targets(s scope, of func(key string) bool) iam.Strings {
	seen := map[string]bool{}
	for _, key := range s.cfg.DeploymentKeys() {
		if !of(key) {
			continue
		}
		for i := range s.cfg.Deployments[key].BackupTargets {
			seen[s.target(desired.TargetID{Deployment: key, Index: i})] = true
		}
	}
	out := make([]string, 0, len(seen))
	for arn := range seen {
		out = append(out, arn)
	}
	slices.SortFunc(out, strings.Compare)
	return out
}
