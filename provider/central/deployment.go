package central

import (
	"maps"
	"slices"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
	"github.com/orgbackup/pulumi-orgbackup/provider/policy"
	"github.com/orgbackup/pulumi-orgbackup/provider/protection"
	"github.com/orgbackup/pulumi-orgbackup/provider/statemachine"
)

// Summary is what a deployment reports: names and ARNs known from the
// plan, and the logical names of the resources whose outputs complete it.
type Summary struct {
	PolicyResources  []string // organization policies, in policy order
	PolicyNames      []string
	Roles            Roles
	Regions          map[string]RegionSummary
	PrimaryKey       string       // the multi-region key; its id completes Member
	Member           member.Input // what member accounts need, but the key id
	StackSetResource string       // the StackSet, when OrgBackup deploys member accounts
	GuardResource    string       // the guard service control policy, when there is one
	// Protection says, for every selected type and source key, where and
	// when a backup becomes immutable.
	Protection protection.Matrix
	// With auditReports: the report bucket's name and ARN, and the report
	// plans (docs/audit-reports.md).
	AuditReportBucketName, AuditReportBucketARN string
	AuditReportPlanResources                    []string
}

// Roles are the ARNs of a deployment's central roles.
type Roles struct {
	BackupService       string
	EventForwarder      string
	IngestEventBridge   string
	IngestStateMachine  string
	IngestStates        string
	RestoreStateMachine string
	RestoreTesting      string // the restore testing role's, with restore testing
}

// RegionSummary is what a deployment reports for one region.
type RegionSummary struct {
	KeyResource               string // the KMS key or replica key
	IntermediateVaultName     string
	IntermediateVaultARN      string
	StandardVaultName         string // the current configuration's
	StandardVaultARN          string
	StandardVaultARNs         []string // every configuration's, retained first
	LAGVaultName              string   // the current configuration's, when a plan uses one
	LAGVaultARN               string
	LAGVaultARNs              []string
	EventBusName              string
	EventBusARN               string
	IngestStateMachineARN     string
	RestoreStateMachineARN    string
	ShareResource             string   // the RAM share, when vaults are shared
	AlertTopicARN             string   // the created topic's, or the existing one the alerts name
	AlarmNames                []string // the alarms on what emits no event
	ReconcilerStateMachineARN string
	// RestoreTestingPlanResource is the restore testing plan, with restore testing.
	RestoreTestingPlanResource string
	// AuditFrameworkResource is the backup account's Audit Manager
	// framework in the region, with auditReports.
	AuditFrameworkResource string
	// For alerts that go to an existing topic: the topic policy, and the
	// statements its customer managed key's policy needs, as JSON.
	ExistingTopicPolicy, ExistingTopicKeyStatements string
}

type deploymentBuilder struct {
	*builder
	key   string
	d     config.Deployment
	names naming.Deployment
	scope iam.Scope
}

// scope is what the policies of deployment key are written for.
func scope(cfg config.Config, ctx config.Context, key string) iam.Scope {
	d := cfg.Deployments[key]
	var paths []string
	for _, t := range d.BackupTargets {
		paths = append(paths, naming.OrgPath(ctx.OrganizationID, t))
	}
	return iam.Scope{Partition: ctx.Partition, AccountID: ctx.AccountID, Names: cfg.Names(key),
		OrgPaths: paths, Regions: cfg.Regions, AdminRoleNames: naming.AdminRolePatterns(d.AdminRoleNames),
		MemberAirGappedVaults: d.UsesMemberLAG()}
}

func (b *builder) deployment(key string, docs []policy.Document) Summary {
	d := b.cfg.Deployments[key]
	db := &deploymentBuilder{builder: b, key: key, d: d, names: b.cfg.Names(key)}
	db.scope = scope(b.cfg, b.ctx, key)
	summary := Summary{Regions: map[string]RegionSummary{}}
	for _, doc := range docs {
		if doc.Deployment == key {
			summary.PolicyResources = append(summary.PolicyResources, db.organizationPolicy(doc))
			summary.PolicyNames = append(summary.PolicyNames, doc.Name)
		}
	}
	summary.Roles = db.roles()
	db.keys()
	for _, region := range b.cfg.Regions {
		summary.Regions[region] = db.region(region)
	}
	summary.PrimaryKey = keyName(key, b.cfg.PrimaryRegion(b.ctx))
	summary.Member = member.NewInput(b.cfg, b.ctx, key, "")
	summary.Protection = protection.Build(b.cfg, b.ctx, key)
	if b.cfg.MemberAccountResources == config.StackSet {
		summary.StackSetResource = db.stackSet(summary)
	} else {
		db.guard()
	}
	summary.GuardResource = db.guardResource()
	db.auditReports(b.auditFrameworks, &summary)
	return summary
}

// stackSet plans the service-managed StackSet that deploys the member
// template to every account under the targets, in every region, and
// follows accounts as they join or leave the OUs.
func (db *deploymentBuilder) stackSet(s Summary) string {
	name := stackSetName(db.key)
	callAs := "DELEGATED_ADMIN"
	if db.ctx.AccountID == db.ctx.ManagementAccountID {
		callAs = "SELF"
	}
	preferences := desired.StackSetOperationPreferences{
		FailureTolerancePercentage: 10, MaxConcurrentPercentage: 100, RegionConcurrencyType: "PARALLEL",
	}
	db.add(desired.New(desired.Resource{
		Name: name, PhysicalName: db.names.StackSet(), Deployment: db.key,
		// AWS fills it in for service-managed StackSets.
		IgnoreChanges: []string{"administrationRoleArn"},
	}, desired.StackSetArgs{
		Name:            db.names.StackSet(),
		Description:     "orgbackup member account resources of the " + db.key + " deployment.",
		PermissionModel: "SERVICE_MANAGED",
		CallAs:          callAs,
		Capabilities:    []string{"CAPABILITY_NAMED_IAM"},
		TemplateBody:    member.Template(s.Member),
		Parameters: map[string]any{
			member.KMSKeyIDParameter:  desired.Out(s.PrimaryKey, desired.OutputKeyID),
			member.VaultTagsParameter: desired.ComponentTags{Format: desired.TagJSON},
		},
		AutoDeployment:       desired.StackSetAutoDeployment{Enabled: true, RetainStacksOnAccountRemoval: false},
		ManagedExecution:     desired.StackSetManagedExecution{Active: true},
		OperationPreferences: preferences,
	}))
	targets := make([]desired.TargetID, len(db.d.BackupTargets))
	for i := range db.d.BackupTargets {
		targets[i] = desired.Target(db.key, i)
	}
	guard := db.guard()
	// The member template names these central roles (trusts and vault
	// policies, by ARN): they exist before any member stack.
	dependsOn := append([]string{roleName(db.key, "backup-service"), roleName(db.key, "ingest-sfn"),
		roleName(db.key, "restore-sfn"), roleName(db.key, "reconcile-sfn")}, guard...)
	for _, region := range db.cfg.Regions {
		// Member vaults use the key of their region; member rules target the bus.
		dependsOn = append(dependsOn, keyName(db.key, region), busPolicyName(db.key, region))
	}
	db.add(desired.New(desired.Resource{Name: stackInstancesName(db.key), Deployment: db.key, DependsOn: dependsOn},
		desired.StackInstancesArgs{
			StackSetName:         desired.Out(name, desired.OutputName),
			CallAs:               callAs,
			Regions:              db.cfg.Regions,
			DeploymentTargets:    desired.StackInstancesDeploymentTargets{OrganizationalUnitIDs: targets},
			OperationPreferences: preferences,
		}))
	return name
}

// attach plans the attachments of an organization policy to every target.
func (db *deploymentBuilder) attach(policyName string, targets int) []string {
	var names []string
	for i := range targets {
		name := attachmentName(policyName, i)
		db.add(desired.New(desired.Resource{
			Name: name, Deployment: db.key,
			// Named by position: a target's id may be unknown at preview.
			// A reordered list replaces attachments, detaching first because
			// AWS refuses a second attachment of the same policy.
			DeleteBeforeReplace: true,
		}, desired.PolicyAttachmentArgs{
			PolicyID: desired.Out(policyName, desired.OutputID),
			TargetID: desired.Target(db.key, i),
		}))
		names = append(names, name)
	}
	return names
}

func (db *deploymentBuilder) organizationPolicy(doc policy.Document) string {
	name := PolicyResource(doc)
	db.add(desired.New(desired.Resource{Name: name, PhysicalName: doc.Name, Deployment: db.key},
		desired.OrganizationPolicyArgs{
			Name:        doc.Name,
			Type:        desired.BackupPolicy,
			Description: "AWS Backup plans of the " + db.key + " deployment, managed by orgbackup.",
			Content:     doc.Content,
		}))
	db.attach(name, len(doc.Targets))
	return name
}

func (db *deploymentBuilder) roleARN(name string) string {
	return naming.RoleARN(db.ctx.Partition, db.ctx.AccountID, name)
}

// role plans an IAM role with its inline policy and managed policies.
func (db *deploymentBuilder) role(id, physical, description string, trust iam.Document, inline *iam.Document,
	managed []string, dependsOn ...string,
) string {
	var inlineJSON string
	if inline != nil {
		inlineJSON = inline.JSON()
	}
	arns := make([]string, len(managed))
	for i, path := range managed {
		arns[i] = iam.ManagedPolicyARN(db.ctx.Partition, path)
	}
	for _, r := range desired.RoleResources(roleName(db.key, id), physical, db.key, description, trust.JSON(),
		inlineJSON, arns, dependsOn...) {
		db.add(r)
	}
	return db.roleARN(physical)
}

func (db *deploymentBuilder) roles() Roles {
	n, s, account := db.names, db.scope, db.ctx.AccountID
	current := db.d.CurrentVaultConfig()
	forwarder, starter := s.EventForwarder(), s.IngestStarter()
	var topics []string
	for _, r := range db.cfg.Regions {
		topics = append(topics, db.cfg.AlertTopicARN(db.ctx, db.key, r))
	}
	ingest := s.IngestStateMachine(current, topics, slices.Sorted(maps.Values(db.createdTopics())))
	restore := s.RestoreStateMachine(current, n.MemberRestoreAccess())
	states := s.IngestStates()
	// Each service role is trusted for the resources that use it only
	// (aws:SourceArn): the rules and state machines of every region.
	var forwardRules, ingestRules, ingestMachines, restoreMachines []string
	for _, r := range db.cfg.Regions {
		forwardRules = append(forwardRules, naming.EventRuleARN(db.ctx.Partition, r, account, "", n.EventForwarderRule()))
		ingestRules = append(ingestRules, naming.EventRuleARN(db.ctx.Partition, r, account, n.EventBus(), n.IngestRule()))
		ingestMachines = append(ingestMachines, naming.StateMachineARN(db.ctx.Partition, r, account, n.IngestStateMachine()))
		restoreMachines = append(restoreMachines, naming.StateMachineARN(db.ctx.Partition, r, account, n.RestoreStateMachine()))
	}
	roles := Roles{
		BackupService: db.role("backup-service", n.BackupServiceRole(),
			"AWS Backup copies between the "+db.key+" deployment's vaults with this role.",
			iam.ServiceTrust(iam.BackupService, account), nil,
			[]string{"service-role/AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForS3Backup"}),
		EventForwarder: db.role("event-forwarder", n.EventForwarderRole(),
			"Forwards AWS Backup events of the default bus to the "+db.key+" deployment's bus.",
			iam.ServiceTrust(iam.EventsService, account, forwardRules...), &forwarder, nil),
		// It starts the reconciler on its schedule too (reconciler).
		IngestEventBridge: db.role("ingest-eventbridge", n.IngestEventBridgeRole(),
			"Starts the "+db.key+" deployment's ingest and reconciler state machines.",
			iam.ServiceTrust(iam.EventsService, account, append(ingestRules, db.reconcilerRules()...)...), &starter, nil),
		IngestStateMachine: db.role("ingest-sfn", n.IngestStateMachineRole(),
			"Role of the "+db.key+" deployment's ingest state machine.",
			iam.StateMachineTrust(account, ingestMachines...), &ingest, nil),
		RestoreStateMachine: db.role("restore-sfn", n.RestoreStateMachineRole(),
			"Role of the "+db.key+" deployment's restore state machine.",
			iam.StateMachineTrust(account, restoreMachines...), &restore, nil),
	}
	// A separate role keeps the state machine from assuming itself. Its
	// trust names the account and the ingest role's ARN, never the role's
	// unique id, so either role can be created again.
	roles.RestoreTesting = db.restoreTestingRole()
	roles.IngestStates = db.role("ingest-states", n.IngestStatesRole(),
		"Assumed inside the "+db.key+" deployment's ingest state machine to change central recovery points.",
		iam.AccountRoleTrust(db.ctx.Partition, account, db.ctx.OrganizationID, roles.IngestStateMachine), &states, nil)
	return roles
}

// keys plans the multi-region key in the primary region and a replica in
// every other, each with the alias. Pulumi never deletes them: the member
// vaults' recovery points stay encrypted with them.
func (db *deploymentBuilder) keys() {
	primary := db.cfg.PrimaryRegion(db.ctx)
	policyJSON := db.scope.KeyPolicy(db.cfg.MemberAccountResources == config.StackSet).JSON()
	// The replicas refer to the primary key, planned first.
	for _, region := range db.cfg.RegionsPrimaryFirst(db.ctx) {
		name := keyName(db.key, region)
		description := "Encrypts the " + db.key + " deployment's member vaults and intermediate vault."
		var key desired.Args = desired.KeyArgs{Description: description, Policy: policyJSON,
			EnableKeyRotation: true, MultiRegion: true}
		if region != primary {
			key = desired.ReplicaKeyArgs{Description: description, Policy: policyJSON,
				PrimaryKeyARN: desired.Out(keyName(db.key, primary), desired.OutputARN)}
		}
		db.add(desired.New(desired.Resource{Name: name, Deployment: db.key, Region: region, RetainOnDelete: true}, key))
		db.add(desired.New(desired.Resource{
			Name: keyAliasName(name), PhysicalName: db.names.KMSAlias(), Deployment: db.key, Region: region,
		}, desired.AliasArgs{Name: db.names.KMSAlias(), TargetKeyID: desired.Out(name, desired.OutputKeyID)}))
	}
}

func (db *deploymentBuilder) vaultARN(region, vault string) string {
	return naming.VaultARN(db.ctx.Partition, region, db.ctx.AccountID, vault)
}

func (db *deploymentBuilder) region(region string) RegionSummary {
	n := db.names
	s := RegionSummary{
		KeyResource:            keyName(db.key, region),
		IntermediateVaultName:  n.IntermediateVault(),
		IntermediateVaultARN:   db.vaultARN(region, n.IntermediateVault()),
		StandardVaultName:      n.StandardVault(db.d.CurrentVaultConfig()),
		StandardVaultARN:       db.vaultARN(region, n.StandardVault(db.d.CurrentVaultConfig())),
		EventBusName:           n.EventBus(),
		EventBusARN:            naming.EventBusARN(db.ctx.Partition, region, db.ctx.AccountID, n.EventBus()),
		IngestStateMachineARN:  naming.StateMachineARN(db.ctx.Partition, region, db.ctx.AccountID, n.IngestStateMachine()),
		RestoreStateMachineARN: naming.StateMachineARN(db.ctx.Partition, region, db.ctx.AccountID, n.RestoreStateMachine()),
	}

	intermediate := intermediateVaultName(db.key, region)
	db.add(desired.New(desired.Resource{
		Name: intermediate, PhysicalName: n.IntermediateVault(), Deployment: db.key, Region: region,
	}, desired.VaultArgs{Name: n.IntermediateVault(), KMSKeyARN: desired.Out(keyName(db.key, region), desired.OutputARN),
		ForceDestroy: true}))
	db.vaultPolicy(intermediate, region, db.scope.CopyIntoVault(s.IntermediateVaultARN).JSON())

	for _, cfg := range db.d.StandardVaults() {
		s.StandardVaultARNs = append(s.StandardVaultARNs, db.vaultARN(region, n.StandardVault(cfg.String())))
		db.standardVault(region, cfg)
	}
	for _, cfg := range db.d.LAGVaults() {
		s.LAGVaultARNs = append(s.LAGVaultARNs, db.vaultARN(region, n.LAGVault(cfg.String())))
		db.lagVault(region, cfg)
	}
	if db.d.UsesLAG() {
		s.LAGVaultName = n.LAGVault(db.d.CurrentVaultConfig())
		s.LAGVaultARN = db.vaultARN(region, s.LAGVaultName)
	}
	db.eventBus(region)
	db.forwarder(region, append(append([]string{s.IntermediateVaultARN}, s.StandardVaultARNs...), s.LAGVaultARNs...))
	db.stateMachines(region, s)
	s.ReconcilerStateMachineARN = db.reconciler(region)
	if db.d.SharesAirGappedVaults() {
		s.ShareResource = db.share(region, s.LAGVaultARNs)
	}
	db.alerts(region, &s)
	db.restoreTesting(region, &s)
	return s
}

func (db *deploymentBuilder) vaultPolicy(vault, region, policyJSON string) {
	db.add(desired.New(desired.Resource{Name: vaultPolicyName(vault), Deployment: db.key, Region: region},
		desired.VaultPolicyArgs{BackupVaultName: desired.Out(vault, desired.OutputName), Policy: policyJSON}))
}

// standardVault plans a locked vault on the AWS-managed key. Pulumi never
// deletes it: compliance-mode locks make that impossible after three days.
func (db *deploymentBuilder) standardVault(region string, cfg naming.VaultConfig) {
	name := standardVaultName(db.key, cfg.String(), region)
	physical := db.names.StandardVault(cfg.String())
	db.add(desired.New(desired.Resource{
		Name: name, PhysicalName: physical, Deployment: db.key, Region: region, RetainOnDelete: true,
	}, desired.VaultArgs{Name: physical}))
	// A bound of 0 is none: omitted.
	db.add(desired.New(desired.Resource{
		Name: vaultLockName(name), Deployment: db.key, Region: region, RetainOnDelete: true,
	}, desired.VaultLockConfigurationArgs{BackupVaultName: desired.Out(name, desired.OutputName),
		ChangeableForDays: LockChangeableDays, MinRetentionDays: cfg.MinDays, MaxRetentionDays: cfg.MaxDays}))
	db.vaultPolicy(name, region, db.scope.LockedVault().JSON())
}

// LockChangeableDays is how long a new compliance lock can still be
// changed; after it, the lock and the vault are permanent.
const LockChangeableDays = 3

// lagVault plans a logically air-gapped vault. With a multi-party approval
// team it is aws-native's vault, the one that takes the team
// (pulumi-aws 6.83.4's has no such input), and adopts a vault of its name
// that exists: an earlier pulumi-aws one, once the team is associated
// (docs/multi-party-approval.md). Its policy stays a resource of its own
// either way.
func (db *deploymentBuilder) lagVault(region string, cfg naming.VaultConfig) {
	name := lagVaultName(db.key, cfg.String(), region)
	physical := db.names.LAGVault(cfg.String())
	vault := desired.Resource{Name: name, PhysicalName: physical, Deployment: db.key, Region: region, RetainOnDelete: true}
	policy := db.scope.AirGappedVault(db.vaultARN(region, physical)).JSON()
	team := db.cfg.DeploymentMpaApprovalTeam(db.key)
	if team == "" {
		db.add(desired.New(vault, desired.LogicallyAirGappedVaultArgs{Name: physical, MinRetentionDays: cfg.MinDays,
			MaxRetentionDays: cfg.MaxDays}))
		db.vaultPolicy(name, region, policy)
		return
	}
	// An aws-native resource: regional, on the region's aws-native provider.
	vault.Provider, vault.Adopt = desired.ProviderName(desired.AWSNative, region), true
	vault.IgnoreChanges = []string{desired.AirGappedVaultKeyInput}
	db.add(desired.New(vault, desired.AirGappedVaultArgs{BackupVaultName: physical, MinRetentionDays: cfg.MinDays,
		MaxRetentionDays: cfg.MaxDays, MpaApprovalTeamArn: team, BackupVaultTags: desired.ComponentTags{}}))
	db.vaultPolicy(name, region, policy)
}

// logGroup plans a log group kept 90 days and returns its logical name.
func (db *deploymentBuilder) logGroup(id, region, physical string) string {
	name := logGroupName(db.key, id, region)
	db.add(desired.New(desired.Resource{Name: name, PhysicalName: physical, Deployment: db.key, Region: region},
		desired.LogGroupArgs{Name: physical, RetentionInDays: LogRetentionDays}))
	return name
}

// LogRetentionDays is how long event and state machine logs are kept.
const LogRetentionDays = 90

// eventRule plans an EventBridge rule matching pattern on bus, a planned
// bus's logical name or "" for the default bus, with one target; it sets
// the target's Rule and EventBusName.
func (db *deploymentBuilder) eventRule(id, region, physical, bus, description, pattern string,
	target desired.EventTargetArgs, dependsOn ...string,
) {
	name := ruleName(db.key, id, region)
	var busRef desired.Ref
	if bus != "" {
		busRef = desired.Out(bus, desired.OutputName)
	}
	db.add(desired.New(desired.Resource{Name: name, PhysicalName: physical, Deployment: db.key, Region: region,
		DependsOn: dependsOn}, desired.EventRuleArgs{Name: physical, Description: description, EventPattern: pattern,
		EventBusName: busRef}))
	target.Rule, target.EventBusName = desired.Out(name, desired.OutputName), busRef
	db.add(desired.New(desired.Resource{Name: ruleTargetName(name), Deployment: db.key, Region: region,
		DependsOn: dependsOn}, target))
}

// eventBus plans the deployment's bus, its policy, and the rule that logs
// every event to a log group.
func (db *deploymentBuilder) eventBus(region string) {
	n := db.names
	bus := busName(db.key, region)
	db.add(desired.New(desired.Resource{Name: bus, PhysicalName: n.EventBus(), Deployment: db.key, Region: region},
		desired.EventBusArgs{Name: n.EventBus()}))
	db.add(desired.New(desired.Resource{Name: busPolicyName(db.key, region), Deployment: db.key, Region: region},
		desired.EventBusPolicyArgs{EventBusName: desired.Out(bus, desired.OutputName),
			Policy: db.scope.EventBusPolicy(region).JSON()}))
	logs := db.logGroup("event-bus", region, n.EventBusLogGroup())
	db.eventRule("log", region, n.EventBusLogRule(), bus, "Logs every event of the bus to CloudWatch Logs.",
		events.Everything().JSON(), desired.EventTargetArgs{
			ARN: naming.LogGroupARN(db.ctx.Partition, region, db.ctx.AccountID, n.EventBusLogGroup()),
		}, logs, eventBusLogPolicyName(region))
}

// forwarder plans the rule that forwards the deployment's backup and copy
// job events from the central default bus to the deployment's bus.
func (db *deploymentBuilder) forwarder(region string, centralVaultARNs []string) {
	n := db.names
	db.eventRule("forward", region, n.EventForwarderRule(), "",
		"Forwards the "+db.key+" deployment's AWS Backup events to its event bus.",
		events.BackupJobs(n.MemberJobVaults(db.d.MemberLAGVaultConfig()), centralVaultARNs,
			n.MemberLockedCopyVault(db.d.MemberLockedVaultConfig())).JSON(), desired.EventTargetArgs{
			ARN:     naming.EventBusARN(db.ctx.Partition, region, db.ctx.AccountID, n.EventBus()),
			RoleARN: db.roleARN(n.EventForwarderRole()),
		}, busName(db.key, region), rolePolicyName(roleName(db.key, "event-forwarder")))
}

// stateMachines plans the ingest state machine with the rule that starts
// it, and the restore state machine, each logging to its log group.
func (db *deploymentBuilder) stateMachines(region string, s RegionSummary) {
	n := db.names
	def := statemachine.Deployment{Partition: db.ctx.Partition, Region: region, AccountID: db.ctx.AccountID,
		Names: n, StandardConfigs: db.d.StandardVaultConfigs(), HasLAGVaults: len(s.LAGVaultARNs) > 0,
		RetentionDays: policy.RetentionTagValues(db.d), MemberLAGVault: n.MemberAirGappedVault(db.d.MemberLAGVaultConfig()),
		Key: db.key, RestoreDestinationAccountIDs: db.d.RestoreDestinationAccountIDs,
		MemberLockedVault: n.MemberLockedCopyVault(db.d.MemberLockedVaultConfig()),
		AlertTopicARN:     db.cfg.AlertTopicARN(db.ctx, db.key, region), SourceKeyTypes: SourceKeyTypes()}
	db.stateMachine("ingest", region, n.IngestStateMachine(), "EXPRESS", n.IngestLogGroup(), "ingest-sfn", statemachine.Ingest(def))
	db.stateMachine("restore", region, n.RestoreStateMachine(), "STANDARD", n.RestoreLogGroup(), "restore-sfn",
		statemachine.Restore(def))
	db.eventRule("ingest", region, n.IngestRule(), busName(db.key, region),
		"Starts the "+n.IngestStateMachine()+" state machine when a copy of the deployment completes, or when a "+
			"member account's copy into the central vaults fails.",
		events.IngestedCopies(n.MemberJobVaults(db.d.MemberLAGVaultConfig()), centralCopies(s)).JSON(),
		desired.EventTargetArgs{ARN: s.IngestStateMachineARN, RoleARN: db.roleARN(n.IngestEventBridgeRole())},
		stateMachineName(db.key, "ingest", region), rolePolicyName(roleName(db.key, "ingest-eventbridge")))
}

// share plans the RAM share of the logically air-gapped vaults with the
// targets themselves, OUs (or the organization, for a root) as principals,
// so accounts joining or leaving the OUs need no change and no account
// status is read. AWS RAM shares logically air-gapped vaults
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html)
// and takes OU and organization ARNs as principals once sharing with AWS
// Organizations is enabled
// (https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html).
// It is an aws-native resource: its principals are one list input.
func (db *deploymentBuilder) share(region string, vaultARNs []string) string {
	name := shareName(db.key, region)
	var dependsOn []string
	for _, cfg := range db.d.LAGVaultConfigs() {
		dependsOn = append(dependsOn, lagVaultName(db.key, cfg, region))
	}
	db.add(desired.New(desired.Resource{
		Name: name, PhysicalName: db.names.RAMShare(), Deployment: db.key, Region: region,
		Provider: desired.ProviderName(desired.AWSNative, region), DependsOn: dependsOn,
	}, desired.ResourceShareArgs{
		Name:                    db.names.RAMShare(),
		AllowExternalPrincipals: false,
		ResourceARNs:            vaultARNs, // never empty: a deployment shares only its air-gapped vaults
		Principals:              db.sharePrincipals(),
		Tags:                    desired.ComponentTags{Format: desired.TagList},
	}))
	return name
}

// sharePrincipals are the RAM principals of the deployment's targets, each once.
func (db *deploymentBuilder) sharePrincipals() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range db.d.BackupTargets {
		p := naming.SharePrincipal(db.ctx.Partition, db.ctx.ManagementAccountID, db.ctx.OrganizationID, t)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) eventBusLogPolicy(region string) {
	physical := naming.EventBusLogPolicy(b.cfg.CentralAccountResourceNamePrefix)
	b.add(desired.New(desired.Resource{Name: eventBusLogPolicyName(region), PhysicalName: physical, Region: region},
		desired.LogResourcePolicyArgs{
			PolicyName: physical,
			PolicyDocument: iam.EventBusLogs(b.ctx.Partition, region, b.ctx.AccountID,
				b.cfg.CentralAccountResourceNamePrefix).JSON(),
		}))
}

// stateMachine plans a state machine of kind (EXPRESS or STANDARD) with
// the role roleName(db.key, role) names, logging everything to its own log group,
// and returns its logical name.
func (db *deploymentBuilder) stateMachine(id, region, physical, kind, logGroup, role string,
	definition statemachine.Definition,
) string {
	logs := db.logGroup(id, region, logGroup)
	name := stateMachineName(db.key, id, region)
	db.add(desired.New(desired.Resource{
		Name: name, PhysicalName: physical, Deployment: db.key, Region: region,
		DependsOn: []string{logs, rolePolicyName(roleName(db.key, role))},
	}, desired.StateMachineArgs{
		Name:       physical,
		Type:       kind,
		RoleARN:    desired.Out(roleName(db.key, role), desired.OutputARN),
		Definition: definition.JSON(),
		LoggingConfiguration: desired.StateMachineLoggingConfiguration{
			Level:                "ALL",
			IncludeExecutionData: true,
			LogDestination:       naming.LogGroupARN(db.ctx.Partition, region, db.ctx.AccountID, logGroup) + ":*",
		},
	}))
	return name
}

// centralCopies are the central vaults of s the ingest and alert rules
// tell apart.
func centralCopies(s RegionSummary) events.CentralCopies {
	return events.CentralCopies{Intermediate: s.IntermediateVaultARN, Standard: s.StandardVaultARNs, LAG: s.LAGVaultARNs}
}

// clusterEngines are the AWS Backup resource types of the resource type
// table's cluster row (rds:*:*:cluster:*: Aurora, DocumentDB and Neptune
// clusters), whose recovery points keep their source's key as Aurora's do
// (iam.RecoveryPointFormats: rds cluster-snapshot:awsbackup:*).
var clusterEngines = []string{"DocumentDB", "Neptune"}

// SourceKeyTypes are the AWS Backup resource types whose backups keep
// their source's key, the resource type table's rows AWS Backup does not
// fully manage (policy.ResourceTypes, FullyManaged false), sorted: only
// their copies to the backup account are refused for a key
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html#copy-encryption).
func SourceKeyTypes() []string {
	seen := map[string]bool{}
	for _, t := range policy.ResourceTypes {
		if t.FullyManaged {
			continue
		}
		seen[t.Name] = true
		if t.ARNPattern == "rds:*:*:cluster:*" {
			for _, e := range clusterEngines {
				seen[e] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
