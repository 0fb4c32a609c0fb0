package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The OrgBackup inputs as the schema shows them. Values that decide which
// resources exist (names, plans, rules, retention) are plain: they must be
// known at preview. OU ids and tags are inputs, so they may come from
// resources of the same program. config.Config is the same model without
// Pulumi types; TestArgsMatchConfig keeps the two in step.

// OrgBackupArgs are the inputs of OrgBackup.
type OrgBackupArgs struct {
	CentralAccountResourceNamePrefix string                  `pulumi:"centralAccountResourceNamePrefix"`
	MemberAccountResourceNamePrefix  string                  `pulumi:"memberAccountResourceNamePrefix"`
	Regions                          []string                `pulumi:"regions,optional"`
	MemberAccountResources           *MemberAccountResources `pulumi:"memberAccountResources,optional"`
	GuardPolicyManagedBy             *GuardPolicyManagedBy   `pulumi:"guardPolicyManagedBy,optional"`
	Tags                             pulumi.StringMapInput   `pulumi:"tags,optional"`
	Alerts                           *Alerts                 `pulumi:"alerts,optional"`
	MpaApprovalTeamArn               *string                 `pulumi:"mpaApprovalTeamArn,optional"`
	Deployments                      map[string]Deployment   `pulumi:"deployments"`
}

func (a *OrgBackupArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.CentralAccountResourceNamePrefix, "Prefix of every resource name in the central backup account; "+
		"the deployment name follows it. Keep the reference module's value to keep its resources.")
	an.Describe(&a.MemberAccountResourceNamePrefix, "Prefix of every resource name in member accounts; "+
		"the deployment name follows it.")
	an.Describe(&a.Regions, "Regions to protect: each gets its own vaults, event bus, state machines, KMS "+
		"replica key, stack instances and backup plans. Defaults to the provider's region.")
	an.Describe(&a.MemberAccountResources, "Who creates the member-account resources: a service-managed "+
		"CloudFormation StackSet that follows accounts across the target OUs (default), or MemberAccount "+
		"components in each member account's own Pulumi stack.")
	an.Describe(&a.GuardPolicyManagedBy, "Which account creates and attaches the deployments' guard "+
		"service control policies: the management account, through the OrgPrerequisites component (default), "+
		"so the backup account holds no right on the organization's SCPs; or the backup account itself, "+
		"through a delegation policy that lets it create, tag, change and attach SCPs. See docs/prerequisites.md.")
	an.Describe(&a.Tags, "Tags applied to every taggable resource.")
	an.Describe(&a.Alerts, "Where every deployment's alerts go, unless the deployment sets its own.")
	an.Describe(&a.MpaApprovalTeamArn, "Every deployment's multi-party approval team, unless the deployment "+
		"names its own: "+"the ARN of an existing multi-party approval team (arn:<partition>:mpa:us-east-1:<account>:approval-team/<id>) "+
		"associated with every logically air-gapped vault of the deployment, central and member, so a team "+
		"outside the account can restore access to them when the account is compromised or closed. "+
		"The first association needs no approval; changing or removing a team needs the team's approval and "+
		"is done outside Pulumi. See docs/multi-party-approval.md.")
	an.Describe(&a.Deployments, "Deployments keyed by name. Each is an isolated instance with its own key, "+
		"vaults, event bus, roles, policy and StackSet; its accounts can never reach another deployment's backups.")
}

// MemberAccountResources says who creates the member-account resources.
type MemberAccountResources string

func (MemberAccountResources) Values() []infer.EnumValue[MemberAccountResources] {
	return []infer.EnumValue[MemberAccountResources]{
		{Name: config.StackSet, Value: config.StackSet,
			Description: "A service-managed StackSet with automatic deployment to the target OUs."},
		{Name: config.MemberAccountStacks, Value: config.MemberAccountStacks,
			Description: "No StackSet: each member account runs a MemberAccount component in its own stack."},
	}
}

// GuardPolicyManagedBy says which account creates and attaches the guard
// service control policies.
type GuardPolicyManagedBy string

func (GuardPolicyManagedBy) Values() []infer.EnumValue[GuardPolicyManagedBy] {
	return []infer.EnumValue[GuardPolicyManagedBy]{
		{Name: config.GuardManagedByManagementAccount, Value: config.GuardManagedByManagementAccount,
			Description: "The OrgPrerequisites component, in the management account, creates and attaches them."},
		{Name: config.GuardManagedByBackupAccount, Value: config.GuardManagedByBackupAccount,
			Description: "OrgBackup creates and attaches them from the backup account, through the delegation policy."},
	}
}

// Deployment is one isolated instance of the backup solution.
type Deployment struct {
	BackupTargets                []pulumi.StringInput `pulumi:"backupTargets"`
	MinRetentionDays             *int                 `pulumi:"minRetentionDays,optional"`
	MaxRetentionDays             *int                 `pulumi:"maxRetentionDays,optional"`
	BackupTagKey                 *string              `pulumi:"backupTagKey,optional"`
	AdminRoleNames               []string             `pulumi:"adminRoleNames,optional"`
	AllowBackupTargetsToRestore  *bool                `pulumi:"allowBackupTargetsToRestore,optional"`
	RetainedVaults               []RetainedVault      `pulumi:"retainedVaults,optional"`
	Plans                        map[string]Plan      `pulumi:"plans"`
	Alerts                       *Alerts              `pulumi:"alerts,optional"`
	Reconciliation               *Reconciliation      `pulumi:"reconciliation,optional"`
	ProtectMemberResources       *bool                `pulumi:"protectMemberResources,optional"`
	MpaApprovalTeamArn           *string              `pulumi:"mpaApprovalTeamArn,optional"`
	RestoreDestinationAccountIds []string             `pulumi:"restoreDestinationAccountIds,optional"`
	InAccountLockedCopies        *bool                `pulumi:"inAccountLockedCopies,optional"`
	RestoreTesting               *RestoreTesting      `pulumi:"restoreTesting,optional"`
	AuditReports                 *AuditReports        `pulumi:"auditReports,optional"`
}

func (d *Deployment) Annotate(an infer.Annotator) {
	an.Describe(d, "One isolated instance of the backup solution.")
	an.Describe(&d.BackupTargets, "OU ids (ou-...) or the root id (r-...) whose accounts this deployment "+
		"protects. The list's length must be known at preview; its ids may come from resources of the same program. "+
		"With memberAccountResources StackSet, a target that reaches the management account (the root, or an OU "+
		"holding it, looked up with organizations:ListAccountsForParent and ListOrganizationalUnitsForParent) "+
		"is warned of: StackSets never deploy to the management account, so it needs a MemberAccount stack.")
	an.Describe(&d.MinRetentionDays, "Least number of days the locked vaults keep a backup. Required, and at "+
		"least 7, when a plan uses a logically air-gapped vault.")
	an.Describe(&d.MaxRetentionDays, "Most number of days the locked vaults keep a backup. Required when a "+
		"plan uses a logically air-gapped vault; every rule's deleteAfterDays must fit under it.")
	an.Describe(&d.BackupTagKey, "Tag key that selects resources for plans with requirePlanNameResourceTag: "+
		"a resource is backed up by the plan named in this tag. Required when any plan selects by tag.")
	an.Describe(&d.AdminRoleNames, "IAM roles of the member accounts allowed to administer the member vaults and "+
		"use the deployment key: a role name, or its path and name without the leading '/' (ops/BackupAdmin), "+
		"exactly: no wildcards, since in a role ARN '*' and '?' also match the '/' of a path the role's creator "+
		"chooses. For an IAM Identity Center permission set: "+
		"aws-reserved/sso.amazonaws.com/AWSReservedSSO_<permission set>_*, which matches its roles with and "+
		"without the region in the path, and also the roles of a permission set named <permission set>_<more>. "+
		"That form relies on no one but IAM Identity Center creating roles under /aws-reserved/: deny "+
		"iam:CreateRole on that path to every principal but its service-linked role AWSServiceRoleForSSO.")
	an.Describe(&d.AllowBackupTargetsToRestore, "Share the logically air-gapped vaults with the backup "+
		"targets (the OUs, or the organization for a root) through AWS RAM so their accounts can restore; "+
		"needs resource sharing with AWS Organizations enabled. Defaults to false.")
	an.Describe(&d.RetainedVaults, "Earlier vault configurations to keep: locked vaults cannot be deleted, "+
		"so a changed minRetentionDays/maxRetentionDays keeps its old vaults here.")
	an.Describe(&d.Plans, "Backup plans keyed by name. With requirePlanNameResourceTag the name is the tag "+
		"value that selects resources.")
	an.Describe(&d.Alerts, "Where this deployment's alerts go, replacing the component's alerts.")
	an.Describe(&d.Reconciliation, "When and how the reconciler looks for copies the event-driven ingest missed.")
	an.Describe(&d.RestoreTesting, "Restore testing of the deployment's locked copies in the backup account "+
		"(docs/restore-testing.md). Off when unset.")
	an.Describe(&d.AuditReports, "AWS Backup Audit Manager frameworks and organization-wide reports to a "+
		"compliance-locked S3 bucket (docs/audit-reports.md). Off when unset.")
	an.Describe(&d.ProtectMemberResources, "Attach a service control policy to the targets that keeps everyone "+
		"but the StackSet and adminRoleNames from changing or deleting the member vaults, roles and event "+
		"forwarder. Defaults to false.")
	an.Describe(&d.MpaApprovalTeamArn, "ARN of an existing multi-party approval team (arn:<partition>:mpa:us-east-1:<account>:approval-team/<id>) "+
		"associated with every logically air-gapped vault of the deployment, central and member, so a team "+
		"outside the account can restore access to them when the account is compromised or closed. "+
		"The first association needs no approval; changing or removing a team needs the team's approval and "+
		"is done outside Pulumi. See docs/multi-party-approval.md.")
	an.Describe(&d.InAccountLockedCopies, "Default true: every member account gets a compliance-locked vault "+
		"(<memberAccountResourceNamePrefix><deployment>-locked-<min>-<max>, in each region) that receives an in-account copy "+
		"of each backup whose copy to the backup account AWS refuses for its key: a resource type AWS Backup does not fully "+
		"manage (EBS, EC2, RDS, Aurora, ...) on an AWS managed key (aws/ebs, aws/rds) or on a customer managed key the backup "+
		"account may not use. The vault is retained on destroy. See docs/protection.md.")
	an.Describe(&d.RestoreDestinationAccountIds, "Accounts any recovery point of this deployment may also be restored "+
		"into, besides its origin account (an isolated recovery account, for example): 12-digit account ids. The "+
		"restore workflow refuses every other destinationAccount. Each account needs the deployment's member "+
		"resources. See docs/restore.md.")
}

// Alerts says where a deployment's alerts go.
type Alerts struct {
	Subscriptions []AlertSubscription `pulumi:"subscriptions,optional"`
	TopicArns     map[string]string   `pulumi:"topicArns,optional"`
}

func (a *Alerts) Annotate(an infer.Annotator) {
	an.Describe(a, "Where alerts go: an SNS topic OrgBackup creates in each region with these subscriptions, "+
		"except in the regions that name an existing topic.")
	an.Describe(&a.Subscriptions, "Subscriptions of the created topics.")
	an.Describe(&a.TopicArns, "An existing SNS topic per region (keyed by region) that receives the alerts "+
		"instead of a created one.")
}

// AlertSubscription is one subscription of the created alert topics.
type AlertSubscription struct {
	Protocol string `pulumi:"protocol"`
	Endpoint string `pulumi:"endpoint"`
}

func (s *AlertSubscription) Annotate(an infer.Annotator) {
	an.Describe(s, "A subscription of the alert topics.")
	an.Describe(&s.Protocol, "The SNS protocol: email, email-json, https, sqs, lambda, sms, …")
	an.Describe(&s.Endpoint, "Where the protocol delivers: an address, URL or ARN.")
}

// Reconciliation tunes the reconciler.
type Reconciliation struct {
	ScheduleExpression *string `pulumi:"scheduleExpression,optional"`
	GracePeriodHours   *int    `pulumi:"gracePeriodHours,optional"`
}

func (r *Reconciliation) Annotate(an infer.Annotator) {
	an.Describe(r, "When the reconciler runs and how long it waits before it copies a recovery point itself.")
	an.Describe(&r.ScheduleExpression, "When the reconciler runs: an EventBridge rate() or cron() expression.")
	an.Describe(&r.GracePeriodHours, "Hours a recovery point may sit in the intermediate vault without a "+
		"copy to the locked vault before the reconciler starts that copy.")
}

// RetainedVault is an earlier, locked vault configuration.
type RetainedVault struct {
	MinRetentionDays           int   `pulumi:"minRetentionDays"`
	MaxRetentionDays           int   `pulumi:"maxRetentionDays"`
	UseLogicallyAirGappedVault *bool `pulumi:"useLogicallyAirGappedVault,optional"`
}

func (v *RetainedVault) Annotate(an infer.Annotator) {
	an.Describe(v, "An earlier vault configuration, kept because its vaults are locked.")
	an.Describe(&v.MinRetentionDays, "The configuration's minimum retention in days; 0 when it set none.")
	an.Describe(&v.MaxRetentionDays, "The configuration's maximum retention in days; 0 when it set none "+
		"(a logically air-gapped vault always has one).")
	an.Describe(&v.UseLogicallyAirGappedVault, "Whether the configuration also had a logically air-gapped "+
		"vault. Defaults to false.")
}

// Plan is a backup plan. Its window and retention fields are defaults that
// each rule may override.
type Plan struct {
	Rules                                  []Rule  `pulumi:"rules"`
	RequirePlanNameResourceTag             *bool   `pulumi:"requirePlanNameResourceTag,optional"`
	UseLogicallyAirGappedVault             *bool   `pulumi:"useLogicallyAirGappedVault,optional"`
	PrimaryBackupToLogicallyAirGappedVault *bool   `pulumi:"primaryBackupToLogicallyAirGappedVault,optional"`
	CreateContinuousBackups                *bool   `pulumi:"createContinuousBackups,optional"`
	SnapshotFromContinuousBackups          *bool   `pulumi:"snapshotFromContinuousBackups,optional"`
	ContinuousBackupScheduleExpression     *string `pulumi:"continuousBackupScheduleExpression,optional"`
	StartBackupWindowMinutes               *int    `pulumi:"startBackupWindowMinutes,optional"`
	CompleteBackupWindowMinutes            *int    `pulumi:"completeBackupWindowMinutes,optional"`
	LocalRetentionDays                     *int    `pulumi:"localRetentionDays,optional"`
	IntermediateRetentionDays              *int    `pulumi:"intermediateRetentionDays,optional"`
}

func (p *Plan) Annotate(an infer.Annotator) {
	an.Describe(p, "A backup plan: when backups run, which resources they take and how long copies are kept.")
	an.Describe(&p.Rules, "Between 1 and 10 rules, each a schedule and a retention.")
	an.Describe(&p.RequirePlanNameResourceTag, "Only back up resources whose backupTagKey tag equals the "+
		"plan name. Defaults to true.")
	an.Describe(&p.UseLogicallyAirGappedVault, "Copy the resource types that logically air-gapped vaults "+
		"support to one (AWS-owned key, restorable cross-account); other types still go to the locked "+
		"standard vault. Defaults to false.")
	an.Describe(&p.PrimaryBackupToLogicallyAirGappedVault, "Back up into a logically air-gapped vault in each "+
		"member account (<memberPrefix><deployment>-lag-<min>-<max>, compliance-locked from creation): the types "+
		"AWS Backup fully manages are immutable from the backup on, the others once AWS copies their temporary "+
		"backup into it; unsupported types and resources on AWS-managed keys stay in the member vault. The central "+
		"copies still happen. Needs minRetentionDays (at least 7) and maxRetentionDays, and deleteAfterDays on "+
		"every rule. Defaults to false. See docs/protection.md.")
	an.Describe(&p.CreateContinuousBackups, "Create continuous backups (S3, RDS instances, SAP HANA) for "+
		"point-in-time recovery in the member account; they are not copied. Defaults to false.")
	an.Describe(&p.SnapshotFromContinuousBackups, "Create continuous backups of S3 and take the periodic "+
		"backups from them, as AWS recommends. Defaults to true.")
	an.Describe(&p.ContinuousBackupScheduleExpression, "AWS cron expression of the continuous-backup plan. "+
		"Defaults to cron(0 0 ? * * *).")
	an.Describe(&p.StartBackupWindowMinutes, "Minutes a backup may wait to start before it is cancelled "+
		"(at least 60); the default of every rule.")
	an.Describe(&p.CompleteBackupWindowMinutes, "Minutes a started backup may run before it is cancelled "+
		"(at least the start window plus 60); the default of every rule.")
	an.Describe(&p.LocalRetentionDays, "Days a backup stays in the member account vault once copied; the "+
		"default of every rule, which otherwise keeps it for its deleteAfterDays.")
	an.Describe(&p.IntermediateRetentionDays, "Days a backup stays in the central intermediate vault once "+
		"copied to the locked vault; the default of every rule, which otherwise keeps it 7 days.")
}

// Rule is one schedule of a plan.
type Rule struct {
	ScheduleExpression          string  `pulumi:"scheduleExpression"`
	Name                        *string `pulumi:"name,optional"`
	DeleteAfterDays             *int    `pulumi:"deleteAfterDays,optional"`
	LocalRetentionDays          *int    `pulumi:"localRetentionDays,optional"`
	IntermediateRetentionDays   *int    `pulumi:"intermediateRetentionDays,optional"`
	StartBackupWindowMinutes    *int    `pulumi:"startBackupWindowMinutes,optional"`
	CompleteBackupWindowMinutes *int    `pulumi:"completeBackupWindowMinutes,optional"`
}

func (r *Rule) Annotate(an infer.Annotator) {
	an.Describe(r, "A backup schedule and how long its backups are kept.")
	an.Describe(&r.ScheduleExpression, "AWS cron expression in UTC, e.g. cron(0 3 ? * * *); at most hourly.")
	an.Describe(&r.Name, "Rule name (letters, digits and '-_.', at most 50, as the AWS Backup API allows). Defaults to the rule's index.")
	an.Describe(&r.DeleteAfterDays, "Days the backup is kept in the locked central vault. Required when the "+
		"deployment sets maxRetentionDays or the plan uses a logically air-gapped vault.")
	an.Describe(&r.LocalRetentionDays, "Days the backup stays in the member account vault once copied; "+
		"overrides the plan's value.")
	an.Describe(&r.IntermediateRetentionDays, "Days the backup stays in the intermediate vault once copied "+
		"to the locked vault; overrides the plan's value.")
	an.Describe(&r.StartBackupWindowMinutes, "Minutes the backup may wait to start; overrides the plan's value.")
	an.Describe(&r.CompleteBackupWindowMinutes, "Minutes a started backup may run; overrides the plan's value.")
}

// knownString returns the value of an input that is known when the
// component is constructed: a plain string without dependencies.
func knownString(in pulumi.StringInput) (string, bool) {
	s, ok := in.(pulumi.String)
	return string(s), ok
}

// knownTags returns the tags when all of them are known.
func knownTags(in pulumi.StringMapInput) (map[string]string, bool) {
	if in == nil {
		return nil, true
	}
	m, ok := in.(pulumi.StringMap)
	if !ok {
		return nil, false
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		s, ok := v.(pulumi.String)
		if !ok {
			return nil, false
		}
		out[k] = string(s)
	}
	return out, true
}

// checkedTags returns tags, checked by validate: at once when they are
// known, else once they are (a component input may come from other
// resources).
func checkedTags(tags pulumi.StringMapInput, validate func(*config.Problems, map[string]string),
) (pulumi.StringMapInput, error) {
	check := func(t map[string]string) (map[string]string, error) {
		var ps config.Problems
		validate(&ps, t)
		return t, ps.Err()
	}
	if known, ok := knownTags(tags); ok {
		_, err := check(known)
		return tags, err
	}
	return tags.ToStringMapOutput().ApplyT(check).(pulumi.StringMapOutput), nil
}

// toConfig returns the pure model of a. Targets not known yet become
// naming.PendingTarget; their rules are checked once they are known.
func (a OrgBackupArgs) toConfig() config.Config {
	c := config.Config{
		CentralAccountResourceNamePrefix: a.CentralAccountResourceNamePrefix,
		MemberAccountResourceNamePrefix:  a.MemberAccountResourceNamePrefix,
		Regions:                          a.Regions,
		Deployments:                      make(map[string]config.Deployment, len(a.Deployments)),
	}
	if a.MemberAccountResources != nil {
		c.MemberAccountResources = string(*a.MemberAccountResources)
	}
	if a.GuardPolicyManagedBy != nil {
		c.GuardPolicyManagedBy = string(*a.GuardPolicyManagedBy)
	}
	if tags, ok := knownTags(a.Tags); ok {
		c.Tags = tags
	}
	c.Alerts = a.Alerts.toConfig()
	c.MpaApprovalTeamArn = deref(a.MpaApprovalTeamArn)
	for key, d := range a.Deployments {
		cd := config.Deployment{
			MinRetentionDays:             d.MinRetentionDays,
			MaxRetentionDays:             d.MaxRetentionDays,
			BackupTagKey:                 deref(d.BackupTagKey),
			AdminRoleNames:               d.AdminRoleNames,
			AllowBackupTargetsToRestore:  deref(d.AllowBackupTargetsToRestore),
			Plans:                        make(map[string]config.Plan, len(d.Plans)),
			Alerts:                       d.Alerts.toConfig(),
			ProtectMemberResources:       deref(d.ProtectMemberResources),
			MpaApprovalTeamArn:           deref(d.MpaApprovalTeamArn),
			RestoreDestinationAccountIDs: d.RestoreDestinationAccountIds,
			InAccountLockedCopies:        d.InAccountLockedCopies,
			RestoreTesting:               d.RestoreTesting.toConfig(),
			AuditReports:                 d.AuditReports.toConfig(),
		}
		if r := d.Reconciliation; r != nil {
			cd.Reconciliation = &config.Reconciliation{ScheduleExpression: deref(r.ScheduleExpression),
				GracePeriodHours: r.GracePeriodHours}
		}
		for i, t := range d.BackupTargets {
			id, ok := knownString(t)
			if !ok {
				id = naming.PendingTarget(key, i)
			}
			cd.BackupTargets = append(cd.BackupTargets, id)
		}
		for _, v := range d.RetainedVaults {
			cd.RetainedVaults = append(cd.RetainedVaults, config.RetainedVault{
				MinRetentionDays:           v.MinRetentionDays,
				MaxRetentionDays:           v.MaxRetentionDays,
				UseLogicallyAirGappedVault: deref(v.UseLogicallyAirGappedVault),
			})
		}
		for name, p := range d.Plans {
			cp := config.Plan{
				RequirePlanNameResourceTag:             p.RequirePlanNameResourceTag,
				UseLogicallyAirGappedVault:             deref(p.UseLogicallyAirGappedVault),
				PrimaryBackupToLogicallyAirGappedVault: deref(p.PrimaryBackupToLogicallyAirGappedVault),
				CreateContinuousBackups:                deref(p.CreateContinuousBackups),
				SnapshotFromContinuousBackups:          p.SnapshotFromContinuousBackups,
				ContinuousBackupScheduleExpression:     deref(p.ContinuousBackupScheduleExpression),
				StartBackupWindowMinutes:               p.StartBackupWindowMinutes,
				CompleteBackupWindowMinutes:            p.CompleteBackupWindowMinutes,
				LocalRetentionDays:                     p.LocalRetentionDays,
				IntermediateRetentionDays:              p.IntermediateRetentionDays,
			}
			for _, r := range p.Rules {
				cp.Rules = append(cp.Rules, config.Rule{
					ScheduleExpression:          r.ScheduleExpression,
					Name:                        deref(r.Name),
					DeleteAfterDays:             r.DeleteAfterDays,
					LocalRetentionDays:          r.LocalRetentionDays,
					IntermediateRetentionDays:   r.IntermediateRetentionDays,
					StartBackupWindowMinutes:    r.StartBackupWindowMinutes,
					CompleteBackupWindowMinutes: r.CompleteBackupWindowMinutes,
				})
			}
			cd.Plans[name] = cp
		}
		c.Deployments[key] = cd
	}
	return c
}

func (a *Alerts) toConfig() *config.Alerts {
	if a == nil {
		return nil
	}
	out := &config.Alerts{TopicArns: a.TopicArns}
	for _, s := range a.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, config.AlertSubscription{Protocol: s.Protocol, Endpoint: s.Endpoint})
	}
	return out
}

func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}
