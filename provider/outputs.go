package provider

import (
	"reflect"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/protection"
)

// DeploymentOutputs are the names and ARNs of one deployment's resources.
type DeploymentOutputs struct {
	PolicyIDs                  []string                 `pulumi:"policyIds"`
	PolicyNames                []string                 `pulumi:"policyNames"`
	BackupServiceRoleArn       string                   `pulumi:"backupServiceRoleArn"`
	EventForwarderRoleArn      string                   `pulumi:"eventForwarderRoleArn"`
	IngestEventBridgeRoleArn   string                   `pulumi:"ingestEventBridgeRoleArn"`
	IngestStateMachineRoleArn  string                   `pulumi:"ingestStateMachineRoleArn"`
	IngestStatesRoleArn        string                   `pulumi:"ingestStatesRoleArn"`
	RestoreStateMachineRoleArn string                   `pulumi:"restoreStateMachineRoleArn"`
	RestoreTestingRoleArn      *string                  `pulumi:"restoreTestingRoleArn,optional"`
	AuditReportBucketName      *string                  `pulumi:"auditReportBucketName,optional"`
	AuditReportBucketArn       *string                  `pulumi:"auditReportBucketArn,optional"`
	AuditReportPlanArns        []string                 `pulumi:"auditReportPlanArns,optional"`
	Regions                    map[string]RegionOutputs `pulumi:"regions"`
	StackSetID                 *string                  `pulumi:"stackSetId,optional"`
	GuardPolicyID              *string                  `pulumi:"guardPolicyId,optional"`
	MemberAccountConfig        MemberAccountConfig      `pulumi:"memberAccountConfig"`
	Protection                 []ProtectionRow          `pulumi:"protection"`
}

func (d *DeploymentOutputs) Annotate(an infer.Annotator) {
	an.Describe(d, "What one deployment created.")
	an.Describe(&d.PolicyIDs, "Ids of the organization backup policies, in the order of policyNames.")
	an.Describe(&d.PolicyNames, "Names of the organization backup policies: the central prefix and deployment "+
		"name, then .2, .3, … when the plans need more than one 10,000-character policy.")
	an.Describe(&d.BackupServiceRoleArn, "Role AWS Backup uses to copy between the deployment's vaults.")
	an.Describe(&d.EventForwarderRoleArn, "Role of the rule forwarding backup events from the central default bus.")
	an.Describe(&d.IngestEventBridgeRoleArn, "Role of the rule that starts the ingest state machine.")
	an.Describe(&d.IngestStateMachineRoleArn, "Role of the ingest state machine; member accounts trust it.")
	an.Describe(&d.IngestStatesRoleArn, "Role the ingest state machine assumes to change central recovery points.")
	an.Describe(&d.RestoreStateMachineRoleArn, "Role of the restore state machine; member accounts trust it.")
	an.Describe(&d.RestoreTestingRoleArn, "Role AWS Backup restores the deployment's restore tests with, with "+
		"restoreTesting.")
	an.Describe(&d.AuditReportBucketName, "With auditReports: the S3 bucket of the backup account the deployment's "+
		"audit reports are delivered to, under Backup/crossaccount/<region>/<year>/<month>/<day>/ "+
		"(docs/audit-reports.md).")
	an.Describe(&d.AuditReportBucketArn, "ARN of the audit report bucket.")
	an.Describe(&d.AuditReportPlanArns, "With auditReports: the deployment's AWS Backup Audit Manager report plans "+
		"(backup, copy and restore jobs, control and resource compliance); aws backup start-report-job "+
		"--report-plan-name runs one on demand.")
	an.Describe(&d.Regions, "What the deployment created in each region, keyed by region.")
	an.Describe(&d.StackSetID, "The StackSet that deploys the member resources, when memberAccountResources "+
		"is StackSet.")
	an.Describe(&d.GuardPolicyID, "The guard service control policy attached to the targets: with a StackSet it "+
		"protects the vault manager, with protectMemberResources the member vaults, roles and event forwarder too.")
	an.Describe(&d.MemberAccountConfig, "What MemberAccount components of the deployment's accounts need; "+
		"export the deployments output for them to read it through a stack reference.")
	an.Describe(&d.Protection, "The protection matrix: for every resource type a plan selects and every kind of "+
		"source key, where the first immutable copy of a backup lives and when it becomes immutable, each cell "+
		"with the AWS pages it rests on; render writes the same as protection/<deployment>.json. See "+
		"docs/protection.md.")
}

// ProtectionRow is one cell of a deployment's protection matrix.
type ProtectionRow struct {
	Plan               string   `pulumi:"plan"`
	BackupPlan         string   `pulumi:"backupPlan"`
	ResourceType       string   `pulumi:"resourceType"`
	ArnPattern         string   `pulumi:"arnPattern"`
	Encryption         string   `pulumi:"encryption"`
	FirstImmutableCopy string   `pulumi:"firstImmutableCopy"`
	TimeToImmutability string   `pulumi:"timeToImmutability"`
	Path               []string `pulumi:"path"`
	Sources            []string `pulumi:"sources"`
	Note               *string  `pulumi:"note,optional"`
}

func (r *ProtectionRow) Annotate(an infer.Annotator) {
	an.Describe(r, "Where and when a backup of one resource type, on one kind of source key, becomes immutable.")
	an.Describe(&r.Plan, "The configured plan.")
	an.Describe(&r.BackupPlan, "The backup plan of it that selects the type: std or lag.")
	an.Describe(&r.ResourceType, "The AWS Backup resource type.")
	an.Describe(&r.ArnPattern, "The selector of the type in the backup policy.")
	an.Describe(&r.Encryption, "The source's key: unencrypted (or an AWS-owned key), aws-managed-key, "+
		"customer-key-shared (with the backup account) or customer-key-unshared.")
	an.Describe(&r.FirstImmutableCopy, "member-lag-vault, central-lag-vault, central-standard-vault, "+
		"member-locked-vault (the in-account copy of a backup whose copy to the backup account AWS refuses for its key) "+
		"or none.")
	an.Describe(&r.TimeToImmutability, "at-backup, after-in-account-copy, after-central-copy, after-ingest-copy, "+
		"after-refused-copy or never.")
	an.Describe(&r.Path, "Every vault the backup lands in, in order.")
	an.Describe(&r.Sources, "The AWS pages that settle the cell.")
	an.Describe(&r.Note, "Why a vault the plan asks for is not reached, when one is not.")
}

// protectionRows are a matrix's rows in the schema's shape.
func protectionRows(m protection.Matrix) []ProtectionRow {
	out := make([]ProtectionRow, len(m.Rows))
	for i, r := range m.Rows {
		path := make([]string, len(r.Path))
		for j, v := range r.Path {
			path[j] = string(v)
		}
		out[i] = ProtectionRow{Plan: r.Plan, BackupPlan: string(r.BackupPlan), ResourceType: r.ResourceType,
			ArnPattern: r.ARNPattern, Encryption: string(r.Encryption), FirstImmutableCopy: string(r.FirstImmutableCopy),
			TimeToImmutability: string(r.TimeToImmutability), Path: path, Sources: r.Sources, Note: optional(r.Note)}
	}
	return out
}

// RegionOutputs are the names and ARNs of a deployment's resources in one region.
type RegionOutputs struct {
	KmsKeyArn                 string   `pulumi:"kmsKeyArn"`
	KmsKeyAlias               string   `pulumi:"kmsKeyAlias"`
	IntermediateVaultName     string   `pulumi:"intermediateVaultName"`
	IntermediateVaultArn      string   `pulumi:"intermediateVaultArn"`
	StandardVaultName         string   `pulumi:"standardVaultName"`
	StandardVaultArn          string   `pulumi:"standardVaultArn"`
	StandardVaultArns         []string `pulumi:"standardVaultArns"`
	LagVaultName              *string  `pulumi:"lagVaultName,optional"`
	LagVaultArn               *string  `pulumi:"lagVaultArn,optional"`
	LagVaultArns              []string `pulumi:"lagVaultArns"`
	EventBusName              string   `pulumi:"eventBusName"`
	EventBusArn               string   `pulumi:"eventBusArn"`
	IngestStateMachineArn     string   `pulumi:"ingestStateMachineArn"`
	RestoreStateMachineArn    string   `pulumi:"restoreStateMachineArn"`
	RamShareArn               *string  `pulumi:"ramShareArn,optional"`
	AlertTopicArn             string   `pulumi:"alertTopicArn"`
	AlarmNames                []string `pulumi:"alarmNames"`
	ReconcilerStateMachineArn string   `pulumi:"reconcilerStateMachineArn"`
	RestoreTestingPlanArn     *string  `pulumi:"restoreTestingPlanArn,optional"`
	AuditFrameworkArn         *string  `pulumi:"auditFrameworkArn,optional"`
}

func (r *RegionOutputs) Annotate(an infer.Annotator) {
	an.Describe(r, "What a deployment created in one region.")
	an.Describe(&r.KmsKeyArn, "The deployment's multi-region key (or its replica) in the region; it encrypts "+
		"the member backup vaults and the intermediate vault.")
	an.Describe(&r.KmsKeyAlias, "Alias of the key.")
	an.Describe(&r.IntermediateVaultName, "Vault member accounts copy into first.")
	an.Describe(&r.IntermediateVaultArn, "ARN of the intermediate vault.")
	an.Describe(&r.StandardVaultName, "Compliance-locked vault on the AWS-managed key of the current configuration.")
	an.Describe(&r.StandardVaultArn, "ARN of the current locked vault.")
	an.Describe(&r.StandardVaultArns, "ARNs of every locked vault: retained configurations first, then the current one.")
	an.Describe(&r.LagVaultName, "Logically air-gapped vault of the current configuration, when a plan uses one.")
	an.Describe(&r.LagVaultArn, "ARN of the current logically air-gapped vault.")
	an.Describe(&r.LagVaultArns, "ARNs of every logically air-gapped vault, retained ones included.")
	an.Describe(&r.EventBusName, "The deployment's event bus.")
	an.Describe(&r.EventBusArn, "ARN of the event bus.")
	an.Describe(&r.IngestStateMachineArn, "State machine that handles completed copies.")
	an.Describe(&r.RestoreStateMachineArn, "State machine that copies a recovery point back to a member account.")
	an.Describe(&r.ReconcilerStateMachineArn, "Scheduled state machine that starts the copies into the locked "+
		"vault that the ingest missed, and alerts on what it cannot fix.")
	an.Describe(&r.RamShareArn, "RAM share of the logically air-gapped vaults with the target accounts, "+
		"when restores are allowed.")
	an.Describe(&r.AlertTopicArn, "SNS topic the deployment's alerts reach in the region: the one OrgBackup "+
		"created, or the existing topic alerts.topicArns names.")
	an.Describe(&r.RestoreTestingPlanArn, "The deployment's restore testing plan in the region, with restoreTesting "+
		"(docs/restore-testing.md): aws backup list-restore-jobs --by-restore-testing-plan-arn lists its tests.")
	an.Describe(&r.AuditFrameworkArn, "With auditReports: the backup account's AWS Backup Audit Manager framework "+
		"in the region, on the central copies of every audited deployment (docs/audit-reports.md).")
	an.Describe(&r.AlarmNames, "CloudWatch alarms: one on the failed, timed-out and aborted executions of the "+
		"ingest, restore and reconciler state machines, one on the failed invocations of the deployment's rules, "+
		"and the reconciler's heartbeat.")
}

// DeploymentOutputsMapOutput is the typed output of OrgBackup.deployments.
type DeploymentOutputsMapOutput struct{ *pulumi.OutputState }

func (DeploymentOutputsMapOutput) ElementType() reflect.Type {
	return reflect.TypeFor[map[string]DeploymentOutputs]()
}

func init() {
	pulumi.RegisterOutputType(DeploymentOutputsMapOutput{})
}

// deploymentOutputs completes a deployment's summary with the outputs of
// its registered resources, each read by its logical name.
func (r *registrar) deploymentOutputs(s central.Summary, kmsAlias string) (pulumi.Output, error) {
	primaryKey := desired.Out(s.PrimaryKey, desired.OutputKeyID)
	refs := []desired.Ref{primaryKey}
	stackSet := desired.Out(s.StackSetResource, desired.OutputID)
	guard := desired.Out(s.GuardResource, desired.OutputID)
	if s.StackSetResource != "" {
		refs = append(refs, stackSet)
	}
	if s.GuardResource != "" {
		refs = append(refs, guard)
	}
	for _, p := range s.PolicyResources {
		refs = append(refs, desired.Out(p, desired.OutputID))
	}
	for _, rs := range s.Regions {
		refs = append(refs, desired.Out(rs.KeyResource, desired.OutputARN))
		if rs.ShareResource != "" {
			refs = append(refs, desired.Out(rs.ShareResource, desired.OutputARN))
		}
		if rs.RestoreTestingPlanResource != "" {
			refs = append(refs, desired.Out(rs.RestoreTestingPlanResource, desired.OutputARN))
		}
		if rs.AuditFrameworkResource != "" {
			refs = append(refs, desired.Out(rs.AuditFrameworkResource, desired.OutputARN))
		}
	}
	for _, p := range s.AuditReportPlanResources {
		refs = append(refs, desired.Out(p, desired.OutputARN))
	}
	resolved, err := r.outputs(refs)
	if err != nil {
		return nil, err
	}
	return resolved.ApplyT(func(values map[string]string) DeploymentOutputs {
		value := func(ref desired.Ref) string { return values[ref.String()] }
		in := s.Member
		in.KMSKeyID = value(primaryKey)
		out := DeploymentOutputs{
			MemberAccountConfig:        memberConfig(in),
			Protection:                 protectionRows(s.Protection),
			PolicyNames:                s.PolicyNames,
			BackupServiceRoleArn:       s.Roles.BackupService,
			EventForwarderRoleArn:      s.Roles.EventForwarder,
			IngestEventBridgeRoleArn:   s.Roles.IngestEventBridge,
			IngestStateMachineRoleArn:  s.Roles.IngestStateMachine,
			IngestStatesRoleArn:        s.Roles.IngestStates,
			RestoreStateMachineRoleArn: s.Roles.RestoreStateMachine,
			RestoreTestingRoleArn:      optional(s.Roles.RestoreTesting),
			Regions:                    map[string]RegionOutputs{},
		}
		if s.StackSetResource != "" {
			out.StackSetID = ptr(value(stackSet))
		}
		if s.GuardResource != "" {
			out.GuardPolicyID = ptr(value(guard))
		}
		for _, p := range s.PolicyResources {
			out.PolicyIDs = append(out.PolicyIDs, value(desired.Out(p, desired.OutputID)))
		}
		out.AuditReportBucketName = optional(s.AuditReportBucketName)
		out.AuditReportBucketArn = optional(s.AuditReportBucketARN)
		for _, p := range s.AuditReportPlanResources {
			out.AuditReportPlanArns = append(out.AuditReportPlanArns, value(desired.Out(p, desired.OutputARN)))
		}
		for region, rs := range s.Regions {
			ro := RegionOutputs{
				KmsKeyArn:                 value(desired.Out(rs.KeyResource, desired.OutputARN)),
				KmsKeyAlias:               kmsAlias,
				IntermediateVaultName:     rs.IntermediateVaultName,
				IntermediateVaultArn:      rs.IntermediateVaultARN,
				StandardVaultName:         rs.StandardVaultName,
				StandardVaultArn:          rs.StandardVaultARN,
				StandardVaultArns:         rs.StandardVaultARNs,
				LagVaultName:              optional(rs.LAGVaultName),
				LagVaultArn:               optional(rs.LAGVaultARN),
				LagVaultArns:              rs.LAGVaultARNs,
				EventBusName:              rs.EventBusName,
				EventBusArn:               rs.EventBusARN,
				IngestStateMachineArn:     rs.IngestStateMachineARN,
				RestoreStateMachineArn:    rs.RestoreStateMachineARN,
				AlertTopicArn:             rs.AlertTopicARN,
				AlarmNames:                rs.AlarmNames,
				ReconcilerStateMachineArn: rs.ReconcilerStateMachineARN,
			}
			if rs.ShareResource != "" {
				ro.RamShareArn = ptr(value(desired.Out(rs.ShareResource, desired.OutputARN)))
			}
			if rs.RestoreTestingPlanResource != "" {
				ro.RestoreTestingPlanArn = ptr(value(desired.Out(rs.RestoreTestingPlanResource, desired.OutputARN)))
			}
			if rs.AuditFrameworkResource != "" {
				ro.AuditFrameworkArn = ptr(value(desired.Out(rs.AuditFrameworkResource, desired.OutputARN)))
			}
			out.Regions[region] = ro
		}
		return out
	}), nil
}

// outputs resolves refs, outputs of registered resources, into one map
// keyed by Ref.String.
func (r *registrar) outputs(refs []desired.Ref) (pulumi.StringMapOutput, error) {
	m := make(pulumi.StringMap, len(refs))
	for _, ref := range refs {
		in, err := r.input(ref)
		if err != nil {
			return pulumi.StringMapOutput{}, err
		}
		m[ref.String()] = in.(pulumi.StringInput)
	}
	return m.ToStringMapOutput(), nil
}

func ptr[T any](v T) *T { return &v }

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
