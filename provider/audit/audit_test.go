package audit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

func intp(v int) *int    { return &v }
func boolp(v bool) *bool { return &v }

var ctx = config.Context{Partition: "aws", AccountID: "111111111111", OrganizationID: "o-abcd1234ef",
	ManagementAccountID: "999999999999", Region: "eu-west-2"}

// lagPitr is examples/config/lag-pitr.yaml's deployment: one plan, backed
// up into the member accounts' air-gapped vault, with continuous backups.
func lagPitr() config.Config {
	return config.Config{
		CentralAccountResourceNamePrefix: "aws-backup-", MemberAccountResourceNamePrefix: "org-aws-backup-",
		Regions: []string{"eu-west-2", "eu-west-1"},
		Deployments: map[string]config.Deployment{"ca-prod": {
			BackupTargets: []string{"ou-abcd-11111111", "ou-abcd-22222222"}, MinRetentionDays: intp(7),
			MaxRetentionDays: intp(35), BackupTagKey: "BackupPolicy",
			AuditReports: &config.AuditReports{ConfigRecordingConfirmed: true},
			Plans: map[string]config.Plan{"ca-prod-important": {
				UseLogicallyAirGappedVault: true, PrimaryBackupToLogicallyAirGappedVault: true,
				CreateContinuousBackups: true, StartBackupWindowMinutes: intp(60), CompleteBackupWindowMinutes: intp(240),
				LocalRetentionDays: intp(2), IntermediateRetentionDays: intp(2),
				Rules: []config.Rule{
					{Name: "daily", ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: intp(7)},
					{Name: "weekly", ScheduleExpression: "cron(0 3 ? * 2 *)", DeleteAfterDays: intp(14)},
					{ScheduleExpression: "cron(0 3 1 * ? *)", DeleteAfterDays: intp(35)},
				},
			}},
		}},
	}.WithDefaults(ctx)
}

func TestMemberFrameworkOfLagPitr(t *testing.T) {
	f := MemberFramework(lagPitr(), ctx, "ca-prod")
	require.NotNil(t, f)
	assert.Equal(t, "aws_backup_ca_prod_member_controls", f.Name)
	tagged := Scope{Tags: map[string]string{"BackupPolicy": ""}}
	airGapped := Scope{ResourceTypes: []string{"Aurora", "CloudFormation", "DynamoDB", "EBS", "EC2", "EFS", "FSx",
		"S3", "Storage Gateway", "Timestream", "VirtualMachine"}}
	assert.Equal(t, []Control{
		{Name: ResourcesProtectedByBackupPlan, Scope: tagged},
		// The plans: std and lag (daily, weekly, monthly: the daily rule keeps
		// 7 days) and pitr (continuous, daily, 35 days). The least of the
		// longest retentions is 35 days; the plans' rules that keep 35 days
		// run monthly (std, lag) and daily (pitr): 31 days.
		{Name: PlanMinFrequencyAndMinRetention, Parameters: map[string]string{
			"requiredFrequencyUnit": "days", "requiredFrequencyValue": "31", "requiredRetentionDays": "35"}},
		{Name: ResourcesProtectedByCrossAccount, Parameters: map[string]string{"crossAccountList": "111111111111"},
			Scope: tagged},
		// Daily, with a 60-minute start window.
		{Name: LastRecoveryPointCreated, Parameters: map[string]string{
			"recoveryPointAgeUnit": "hours", "recoveryPointAgeValue": "25"}, Scope: tagged},
		{Name: RecoveryPointEncrypted},
		{Name: ResourcesProtectedByVaultLock, Parameters: map[string]string{
			"minRetentionDays": "7", "maxRetentionDays": "35"}, Scope: airGapped},
		{Name: ResourcesInAirGappedVault, Parameters: map[string]string{
			"recoveryPointAgeUnit": "hours", "recoveryPointAgeValue": "25"}, Scope: airGapped},
	}, f.Controls)
}

// Without every plan backed up into the member air-gapped vault, the first
// vault is the unlocked backup vault: no vault lock or air-gapped control.
// Plans that select every resource leave the resource controls unscoped.
func TestMemberFrameworkWithoutMemberAirGappedVault(t *testing.T) {
	cfg := lagPitr()
	d := cfg.Deployments["ca-prod"]
	p := d.Plans["ca-prod-important"]
	p.PrimaryBackupToLogicallyAirGappedVault = false
	p.RequirePlanNameResourceTag = boolp(false)
	d.Plans["ca-prod-important"] = p
	cfg.Deployments["ca-prod"] = d
	var names []string
	for _, c := range MemberFramework(cfg, ctx, "ca-prod").Controls {
		names = append(names, c.Name)
		assert.Empty(t, c.Scope, c.Name)
	}
	assert.Equal(t, []string{ResourcesProtectedByBackupPlan, PlanMinFrequencyAndMinRetention,
		ResourcesProtectedByCrossAccount, LastRecoveryPointCreated, RecoveryPointEncrypted}, names)
}

func TestPlanTimings(t *testing.T) {
	d := config.Deployment{Plans: map[string]config.Plan{
		"hourly": {SnapshotFromContinuousBackups: boolp(false), Rules: []config.Rule{
			{ScheduleExpression: "cron(0 * ? * * *)", DeleteAfterDays: intp(2)},
			{ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: intp(30)},
		}},
		"daily": {SnapshotFromContinuousBackups: boolp(false), Rules: []config.Rule{
			{ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: intp(90)},
		}},
	}}
	d = config.Config{Deployments: map[string]config.Deployment{"d": d}}.WithDefaults(ctx).Deployments["d"]
	got, ok := PlanTimings(d)
	require.True(t, ok)
	assert.Equal(t, Timings{FrequencyUnit: "hours", FrequencyValue: 24, RetentionDays: 30}, got)
	age, ok := MaxRecoveryPointAgeMinutes(d)
	require.True(t, ok)
	assert.Equal(t, 24*60+8*60, age) // the daily plan, with AWS's 8-hour start window

	// A yearly plan is past the control's 31 days.
	d.Plans["yearly"] = config.Plan{SnapshotFromContinuousBackups: boolp(false), Rules: []config.Rule{
		{Name: "0", ScheduleExpression: "cron(0 3 1 JAN ? *)", DeleteAfterDays: intp(3650)}}}
	_, ok = PlanTimings(d)
	assert.False(t, ok)
}

func TestCentralFramework(t *testing.T) {
	assert.Nil(t, CentralFramework(config.Config{CentralAccountResourceNamePrefix: "aws-backup-"}))
	f := CentralFramework(lagPitr())
	require.NotNil(t, f)
	assert.Equal(t, "aws_backup_central_copies", f.Name)
	// The intermediate copies are kept 2 days (intermediateRetentionDays).
	assert.Equal(t, []Control{{Name: RecoveryPointEncrypted}, {Name: RecoveryPointMinimumRetention,
		Parameters: map[string]string{"requiredRetentionDays": "2"}}}, f.Controls)
}

func TestReportPlans(t *testing.T) {
	cfg := lagPitr()
	d := cfg.Deployments["ca-prod"]
	d.BackupTargets = []string{"ou-abcd-11111111", "r-ab12", "{{target ca-prod 2}}"}
	cfg.Deployments["ca-prod"] = d
	plans := ReportPlans(cfg, ctx, "ca-prod")
	require.Len(t, plans, len(ReportTemplates))
	assert.Equal(t, config.ReportPlansPerDeployment, len(ReportTemplates))
	assert.Equal(t, ReportPlan{
		Name:        "aws_backup_ca_prod_control_compliance",
		Description: "Daily control compliance report of the ca-prod deployment's accounts and the backup account, by orgbackup (docs/audit-reports.md).",
		Template:    "CONTROL_COMPLIANCE_REPORT", Accounts: []string{"111111111111", "ROOT"}, OUTargets: []int{0, 2},
		Regions: []string{"eu-west-2", "eu-west-1"},
	}, plans[3])
	assert.Nil(t, ReportPlans(config.Config{Deployments: map[string]config.Deployment{"x": {}}}, ctx, "x"))
}
