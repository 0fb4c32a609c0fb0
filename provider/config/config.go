// Package config is the OrgBackup input model: plain Go values with the
// schema's camelCase names, the defaults the component applies, and the
// validation that runs before anything is registered.
package config

import (
	"maps"
	"slices"
	"strconv"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// Who creates the member-account resources.
const (
	StackSet            = "StackSet"
	MemberAccountStacks = "MemberAccountStacks"

	// GuardManagedByManagementAccount: the OrgPrerequisites component,
	// run in the management account, creates and attaches the guard SCPs,
	// and the backup account gets no right on service control policies.
	GuardManagedByManagementAccount = "ManagementAccount"
	// GuardManagedByBackupAccount: OrgBackup creates and attaches the guard
	// SCPs from the backup account, through the delegation policy.
	GuardManagedByBackupAccount = "BackupAccount"
)

// DefaultContinuousBackupSchedule is the schedule of continuous-backup plans
// unless a plan sets its own.
const DefaultContinuousBackupSchedule = "cron(0 0 ? * * *)"

// Config holds the OrgBackup inputs.
type Config struct {
	CentralAccountResourceNamePrefix string   `json:"centralAccountResourceNamePrefix"`
	MemberAccountResourceNamePrefix  string   `json:"memberAccountResourceNamePrefix"`
	Regions                          []string `json:"regions,omitempty"`
	MemberAccountResources           string   `json:"memberAccountResources,omitempty"`
	// GuardPolicyManagedBy says which account creates and attaches the
	// deployments' guard service control policies.
	GuardPolicyManagedBy string            `json:"guardPolicyManagedBy,omitempty"`
	Tags                 map[string]string `json:"tags,omitempty"`
	Alerts               *Alerts           `json:"alerts,omitempty"`
	// MpaApprovalTeamArn is the multi-party approval team every deployment's
	// logically air-gapped vaults are associated with, unless the
	// deployment names its own.
	MpaApprovalTeamArn string                `json:"mpaApprovalTeamArn,omitempty"`
	Deployments        map[string]Deployment `json:"deployments"`
}

// Alerts says where a deployment's alerts go: to an SNS topic OrgBackup
// creates in each region with these subscriptions, except in the regions
// that name an existing topic.
type Alerts struct {
	Subscriptions []AlertSubscription `json:"subscriptions,omitempty"`
	// TopicArns maps a region to an existing SNS topic of that region that
	// receives the alerts instead of a created one.
	TopicArns map[string]string `json:"topicArns,omitempty"`
}

// AlertSubscription is one subscription of the created alert topics.
type AlertSubscription struct {
	Protocol string `json:"protocol"`
	Endpoint string `json:"endpoint"`
}

// Reconciliation tunes the scheduled workflow that starts the copies to the
// locked vault that the event-driven ingest missed.
type Reconciliation struct {
	ScheduleExpression string `json:"scheduleExpression,omitempty"`
	GracePeriodHours   *int   `json:"gracePeriodHours,omitempty"`
}

// Deployment is one isolated instance: its own key, vaults, bus, roles and policy.
type Deployment struct {
	BackupTargets               []string        `json:"backupTargets"`
	MinRetentionDays            *int            `json:"minRetentionDays,omitempty"`
	MaxRetentionDays            *int            `json:"maxRetentionDays,omitempty"`
	BackupTagKey                string          `json:"backupTagKey,omitempty"`
	AdminRoleNames              []string        `json:"adminRoleNames,omitempty"`
	AllowBackupTargetsToRestore bool            `json:"allowBackupTargetsToRestore,omitempty"`
	RetainedVaults              []RetainedVault `json:"retainedVaults,omitempty"`
	Plans                       map[string]Plan `json:"plans"`
	// Alerts, when set, replaces Config.Alerts for this deployment.
	Alerts                 *Alerts         `json:"alerts,omitempty"`
	Reconciliation         *Reconciliation `json:"reconciliation,omitempty"`
	ProtectMemberResources bool            `json:"protectMemberResources,omitempty"`
	// MpaApprovalTeamArn, when set, replaces Config.MpaApprovalTeamArn for
	// this deployment.
	MpaApprovalTeamArn string `json:"mpaApprovalTeamArn,omitempty"`
	// RestoreDestinationAccountIDs are the accounts any recovery point of
	// this deployment may also be restored into, besides its origin account
	// (an isolated recovery account, for example); the restore workflow
	// refuses every other destination.
	RestoreDestinationAccountIDs []string `json:"restoreDestinationAccountIds,omitempty"`
	// InAccountLockedCopies (default true) gives every member account a
	// compliance-locked vault (naming.MemberLockedVault) that receives an
	// in-account copy of each backup whose copy to the backup account AWS
	// refuses for its key: a type AWS Backup does not fully manage on an AWS
	// managed key or on a customer managed key the backup account may not
	// use (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption).
	InAccountLockedCopies *bool `json:"inAccountLockedCopies,omitempty"`
	// RestoreTesting, when set, tests restores of the deployment's locked
	// copies on a schedule (docs/restore-testing.md).
	RestoreTesting *RestoreTesting `json:"restoreTesting,omitempty"`
	// AuditReports, when set, turns on AWS Backup Audit Manager frameworks
	// and report plans for the deployment (docs/audit-reports.md).
	AuditReports *AuditReports `json:"auditReports,omitempty"`
}

// DeploymentMpaApprovalTeam is the multi-party approval team of deployment
// key's logically air-gapped vaults: its own when set, else the
// component's, else "".
func (c Config) DeploymentMpaApprovalTeam(key string) string {
	if team := c.Deployments[key].MpaApprovalTeamArn; team != "" {
		return team
	}
	return c.MpaApprovalTeamArn
}

// DeploymentAlerts is where the alerts of deployment key go: its own
// alerts when set, else the component's.
func (c Config) DeploymentAlerts(key string) Alerts {
	if a := c.Deployments[key].Alerts; a != nil {
		return *a
	}
	if c.Alerts != nil {
		return *c.Alerts
	}
	return Alerts{}
}

// RetainedVault is an earlier vault configuration kept because it is locked.
type RetainedVault struct {
	MinRetentionDays           int  `json:"minRetentionDays"`
	MaxRetentionDays           int  `json:"maxRetentionDays"`
	UseLogicallyAirGappedVault bool `json:"useLogicallyAirGappedVault,omitempty"`
}

// Plan is a backup plan; its window and retention fields are defaults its rules override.
type Plan struct {
	Rules                      []Rule `json:"rules"`
	RequirePlanNameResourceTag *bool  `json:"requirePlanNameResourceTag,omitempty"`
	UseLogicallyAirGappedVault bool   `json:"useLogicallyAirGappedVault,omitempty"`
	// PrimaryBackupToLogicallyAirGappedVault makes every rule name the
	// member account's logically air-gapped vault as its target, so the
	// types AWS lets into it are immutable from the backup on.
	PrimaryBackupToLogicallyAirGappedVault bool   `json:"primaryBackupToLogicallyAirGappedVault,omitempty"`
	CreateContinuousBackups                bool   `json:"createContinuousBackups,omitempty"`
	SnapshotFromContinuousBackups          *bool  `json:"snapshotFromContinuousBackups,omitempty"`
	ContinuousBackupScheduleExpression     string `json:"continuousBackupScheduleExpression,omitempty"`
	StartBackupWindowMinutes               *int   `json:"startBackupWindowMinutes,omitempty"`
	CompleteBackupWindowMinutes            *int   `json:"completeBackupWindowMinutes,omitempty"`
	LocalRetentionDays                     *int   `json:"localRetentionDays,omitempty"`
	IntermediateRetentionDays              *int   `json:"intermediateRetentionDays,omitempty"`
}

// Rule is one schedule of a plan.
type Rule struct {
	ScheduleExpression          string `json:"scheduleExpression"`
	Name                        string `json:"name,omitempty"`
	DeleteAfterDays             *int   `json:"deleteAfterDays,omitempty"`
	LocalRetentionDays          *int   `json:"localRetentionDays,omitempty"`
	IntermediateRetentionDays   *int   `json:"intermediateRetentionDays,omitempty"`
	StartBackupWindowMinutes    *int   `json:"startBackupWindowMinutes,omitempty"`
	CompleteBackupWindowMinutes *int   `json:"completeBackupWindowMinutes,omitempty"`
}

// Context is what the component looks up in AWS at run time.
type Context struct {
	Partition           string `json:"partition"`
	AccountID           string `json:"accountId"`
	OrganizationID      string `json:"organizationId"`
	ManagementAccountID string `json:"managementAccountId"`
	Region              string `json:"region"`
	// BackupServiceLinkedRoleExists tells whether the account already has
	// AWS Backup's service-linked role; OrgBackup creates it otherwise.
	BackupServiceLinkedRoleExists bool `json:"backupServiceLinkedRoleExists,omitempty"`
}

// WithDefaults returns a copy of c with every default applied: regions
// default to the context region, rule names to their index, and the plan
// switches to the reference module's defaults.
func (c Config) WithDefaults(ctx Context) Config {
	out := c
	if len(out.Regions) == 0 && ctx.Region != "" {
		out.Regions = []string{ctx.Region}
	}
	if out.MemberAccountResources == "" {
		out.MemberAccountResources = StackSet
	}
	if out.GuardPolicyManagedBy == "" {
		out.GuardPolicyManagedBy = GuardManagedByManagementAccount
	}
	out.Deployments = make(map[string]Deployment, len(c.Deployments))
	for key, d := range c.Deployments {
		plans := make(map[string]Plan, len(d.Plans))
		for name, p := range d.Plans {
			plans[name] = p.withDefaults()
		}
		d.Plans = plans
		out.Deployments[key] = d
	}
	return out
}

func (p Plan) withDefaults() Plan {
	if p.RequirePlanNameResourceTag == nil {
		p.RequirePlanNameResourceTag = ptr(true)
	}
	if p.SnapshotFromContinuousBackups == nil {
		p.SnapshotFromContinuousBackups = ptr(true)
	}
	if p.ContinuousBackupScheduleExpression == "" {
		p.ContinuousBackupScheduleExpression = DefaultContinuousBackupSchedule
	}
	rules := make([]Rule, len(p.Rules))
	for i, r := range p.Rules {
		if r.Name == "" {
			r.Name = strconv.Itoa(i)
		}
		rules[i] = r
	}
	p.Rules = rules
	return p
}

func ptr[T any](v T) *T { return &v }

// TagRequired reports whether the plan only selects resources tagged with its name.
func (p Plan) TagRequired() bool {
	return p.RequirePlanNameResourceTag == nil || *p.RequirePlanNameResourceTag
}

// SnapshotsFromContinuous reports whether the plan snapshots from continuous backups.
func (p Plan) SnapshotsFromContinuous() bool {
	return p.SnapshotFromContinuousBackups == nil || *p.SnapshotFromContinuousBackups
}

// HasContinuousPlan reports whether the plan gets a separate continuous-backup plan.
func (p Plan) HasContinuousPlan() bool {
	return p.CreateContinuousBackups || p.SnapshotsFromContinuous()
}

// PlanKind is one of the backup plans a configured plan becomes; its value
// ends the plan's key in the backup policy.
type PlanKind string

const (
	StandardPlan   PlanKind = "std"  // copies to the standard vault
	LAGPlan        PlanKind = "lag"  // copies to the logically air-gapped vault
	ContinuousPlan PlanKind = "pitr" // continuous backups, no copy
)

// Kinds lists the backup plans p becomes.
func (p Plan) Kinds() []PlanKind {
	kinds := []PlanKind{StandardPlan}
	if p.UseLogicallyAirGappedVault {
		kinds = append(kinds, LAGPlan)
	}
	if p.HasContinuousPlan() {
		kinds = append(kinds, ContinuousPlan)
	}
	return kinds
}

// PrimaryRegion holds the deployments' primary keys and the member
// accounts' account-wide resources: the provider's region when listed, so
// reordering or adding regions never moves them, else the first region.
func (c Config) PrimaryRegion(ctx Context) string {
	if len(c.Regions) == 0 || slices.Contains(c.Regions, ctx.Region) {
		return ctx.Region // with no regions, Validate reports that regions are required
	}
	return c.Regions[0]
}

// RegionsPrimaryFirst lists the regions with PrimaryRegion first.
func (c Config) RegionsPrimaryFirst(ctx Context) []string {
	primary := c.PrimaryRegion(ctx)
	regions := []string{primary}
	for _, r := range c.Regions {
		if r != primary {
			regions = append(regions, r)
		}
	}
	return regions
}

// Names returns the physical names of deployment key.
func (c Config) Names(key string) naming.Deployment {
	return naming.For(c.CentralAccountResourceNamePrefix, c.MemberAccountResourceNamePrefix, key)
}

// DeploymentKeys returns the deployment keys in sorted order.
func (c Config) DeploymentKeys() []string { return slices.Sorted(maps.Keys(c.Deployments)) }

// PlanNames returns the plan names in sorted order.
func (d Deployment) PlanNames() []string { return slices.Sorted(maps.Keys(d.Plans)) }

// UsesLAG reports whether any plan copies to a logically air-gapped vault.
func (d Deployment) UsesLAG() bool {
	for _, p := range d.Plans {
		if p.UseLogicallyAirGappedVault {
			return true
		}
	}
	return false
}

// UsesMemberLAG reports whether any plan backs up into the member
// accounts' logically air-gapped vault.
func (d Deployment) UsesMemberLAG() bool {
	for _, p := range d.Plans {
		if p.PrimaryBackupToLogicallyAirGappedVault {
			return true
		}
	}
	return false
}

// MemberLAGVaultConfig is the "<min>-<max>" of the member accounts'
// logically air-gapped vault, the current vault configuration, or "" when
// no plan backs up into one. A logically air-gapped vault's retention is
// fixed when it is created
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html),
// so the name carries it, as the central vaults' do.
func (d Deployment) MemberLAGVaultConfig() string {
	if !d.UsesMemberLAG() {
		return ""
	}
	return d.CurrentVaultConfig()
}

// UsesMemberLockedVault reports whether the member accounts get the
// locked vault of in-account copies (InAccountLockedCopies, default true).
func (d Deployment) UsesMemberLockedVault() bool {
	return d.InAccountLockedCopies == nil || *d.InAccountLockedCopies
}

// MemberLockedVaultConfig is the "<min>-<max>" of the member accounts'
// locked vault, the current vault configuration, or "" without one. A
// compliance lock's retention range cannot change once its grace time has
// passed (https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html),
// so the name carries it, as the other locked vaults' do.
func (d Deployment) MemberLockedVaultConfig() string {
	if !d.UsesMemberLockedVault() {
		return ""
	}
	return d.CurrentVaultConfig()
}

// needsLAGRetention reports whether a logically air-gapped vault of the
// current configuration exists, central or in the member accounts.
func (d Deployment) needsLAGRetention() bool { return d.UsesLAG() || d.UsesMemberLAG() }

// CurrentVault is the retention range of the current vault configuration.
func (d Deployment) CurrentVault() naming.VaultConfig {
	return naming.VaultConfig{MinDays: orZero(d.MinRetentionDays), MaxDays: orZero(d.MaxRetentionDays)}
}

// CurrentVaultConfig is the "<min>-<max>" of the current vault configuration.
func (d Deployment) CurrentVaultConfig() string { return d.CurrentVault().String() }

func (v RetainedVault) config() naming.VaultConfig {
	return naming.VaultConfig{MinDays: v.MinRetentionDays, MaxDays: v.MaxRetentionDays}
}

// StandardVaults lists the configurations of the locked standard vaults:
// every retained one, then the current one.
func (d Deployment) StandardVaults() []naming.VaultConfig {
	configs := make([]naming.VaultConfig, 0, len(d.RetainedVaults)+1)
	for _, v := range d.RetainedVaults {
		configs = append(configs, v.config())
	}
	return appendUnique(configs, d.CurrentVault())
}

// LAGVaults lists the configurations of the logically air-gapped vaults:
// retained LAG ones, then the current one when a plan uses LAG.
func (d Deployment) LAGVaults() []naming.VaultConfig {
	var configs []naming.VaultConfig
	for _, v := range d.RetainedVaults {
		if v.UseLogicallyAirGappedVault {
			configs = append(configs, v.config())
		}
	}
	if d.UsesLAG() {
		configs = appendUnique(configs, d.CurrentVault())
	}
	return configs
}

// StandardVaultConfigs and LAGVaultConfigs are the "<min>-<max>" of
// StandardVaults and LAGVaults.
func (d Deployment) StandardVaultConfigs() []string { return vaultConfigStrings(d.StandardVaults()) }

func (d Deployment) LAGVaultConfigs() []string { return vaultConfigStrings(d.LAGVaults()) }

func vaultConfigStrings(configs []naming.VaultConfig) []string {
	out := make([]string, len(configs))
	for i, c := range configs {
		out[i] = c.String()
	}
	return out
}

func orZero(v *int) int {
	if v == nil {
		return 0
	}
	return *v
}

func appendUnique[T comparable](list []T, v T) []T {
	for _, have := range list {
		if have == v {
			return list
		}
	}
	return append(list, v)
}

// Resolve applies the defaults to c and validates the result with ctx,
// returning every problem at once.
func Resolve(c Config, ctx Context) (Config, error) {
	resolved := c.WithDefaults(ctx)
	if err := resolved.Validate(ctx).Err(); err != nil {
		return Config{}, err
	}
	return resolved, nil
}

// AlertTopicARN is the SNS topic that receives the alerts of deployment
// key in region: the existing topic the alerts name for the region, else
// the one OrgBackup creates there.
func (c Config) AlertTopicARN(ctx Context, key, region string) string {
	if arn, ok := c.DeploymentAlerts(key).TopicArns[region]; ok {
		return arn
	}
	return naming.TopicARN(ctx.Partition, region, ctx.AccountID, c.Names(key).AlertTopic())
}

// GuardPoliciesInBackupAccount reports whether OrgBackup, in the backup
// account, creates and attaches the guard SCPs itself (the explicit
// BackupAccount choice), rather than OrgPrerequisites in the management
// account.
func (c Config) GuardPoliciesInBackupAccount() bool {
	return c.GuardPolicyManagedBy == GuardManagedByBackupAccount
}

// HasGuard reports whether deployment key has a guard service control
// policy: always with the StackSet, which the guard keeps as the
// deployment's admin roles made it, and with member stacks only with
// protectMemberResources.
func (c Config) HasGuard(key string) bool {
	return c.MemberAccountResources == StackSet || c.Deployments[key].ProtectMemberResources
}

// GuardedDeployments are the keys of the deployments with a guard service
// control policy (HasGuard), sorted.
func (c Config) GuardedDeployments() []string {
	var out []string
	for _, key := range c.DeploymentKeys() {
		if c.HasGuard(key) {
			out = append(out, key)
		}
	}
	return out
}

// SharesAirGappedVaults reports whether the deployment shares its logically
// air-gapped vaults with its targets through AWS RAM: when it lets its
// targets restore and has such vaults.
func (d Deployment) SharesAirGappedVaults() bool {
	return d.AllowBackupTargetsToRestore && len(d.LAGVaultConfigs()) > 0
}
