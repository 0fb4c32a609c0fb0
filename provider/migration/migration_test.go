package migration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// example resolves an example configuration and plans it, as render does.
func example(t *testing.T, name string) (config.Config, config.Context, central.Result) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "config", name+".yaml"))
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	built, err := central.Build(file.Config, file.Context)
	require.NoError(t, err)
	return built.Config, file.Context, built
}

var examples = []string{"reference", "reference-lag", "lag-pitr"}

// lookupID matches a Lookup placeholder inside an id.
const lookupID = `\{\{terraform module\.deployment\["[^"]+"\]\S* [a-z_]+\}\}`

// idFormats is the import id of each type, as the "Import" section of its
// pulumi-aws v6 registry page gives it.
var idFormats = map[string]*regexp.Regexp{
	// https://www.pulumi.com/registry/packages/aws/api-docs/backup/vault/#import: the name
	desired.BackupVault: regexp.MustCompile(`^[a-zA-Z0-9\-_]{2,50}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/backup/vaultpolicy/#import: the vault's name
	desired.BackupVaultPolicy: regexp.MustCompile(`^[a-zA-Z0-9\-_]{2,50}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/backup/vaultlockconfiguration/#import: the vault's name
	desired.BackupVaultLockConfiguration: regexp.MustCompile(`^[a-zA-Z0-9\-_]{2,50}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/backup/logicallyairgappedvault/#import: the name
	desired.BackupLogicallyAirGapped: regexp.MustCompile(`^[a-zA-Z0-9\-_]{2,50}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/kms/key/#import: the key id, from the state
	desired.KMSKey: regexp.MustCompile(`^` + lookupID + `$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/kms/alias/#import: the alias name
	desired.KMSAlias: regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/iam/role/#import: the role name
	desired.IAMRole: regexp.MustCompile(`^[\w+=,.@-]{1,64}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/iam/rolepolicy/#import: role_name:role_policy_name
	desired.IAMRolePolicy: regexp.MustCompile(`^[\w+=,.@-]{1,64}:[\w+=,.@-]{1,128}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/iam/rolepolicyattachment/#import: role-name/policy-arn
	desired.IAMRolePolicyAttachment: regexp.MustCompile(`^[\w+=,.@-]{1,64}/arn:aws:iam::aws:policy/[\w/+=,.@-]+$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/iam/servicelinkedrole/#import: the role ARN
	desired.IAMServiceLinkedRole: regexp.MustCompile(`^arn:aws:iam::\d{12}:role/aws-service-role/backup\.amazonaws\.com/AWSServiceRoleForBackup$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventbus/#import: the bus name
	desired.EventBus: regexp.MustCompile(`^[\w.-]{1,256}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventbuspolicy/#import: the bus name
	desired.EventBusPolicy: regexp.MustCompile(`^[\w.-]{1,256}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventrule/#import: event_bus_name/rule_name, or rule_name on the default bus
	desired.EventRule: regexp.MustCompile(`^([\w.-]+/)?[\w.-]{1,64}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/eventtarget/#import: event_bus_name/rule-name/target-id, the target id from the state
	desired.EventTarget: regexp.MustCompile(`^([\w.-]+/)?[\w.-]{1,64}/` + lookupID + `$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/loggroup/#import: the name
	desired.LogGroup: regexp.MustCompile(`^[\w/.#-]{1,512}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/sfn/statemachine/#import: the ARN
	desired.StateMachine: regexp.MustCompile(`^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[\w-]{1,80}$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/organizations/policy/#import: the policy id, from the state
	desired.OrganizationsPolicy: regexp.MustCompile(`^` + lookupID + `$`),
	// https://www.pulumi.com/registry/packages/aws/api-docs/organizations/policyattachment/#import: target id:policy id
	desired.OrganizationsAttachment: regexp.MustCompile(`^(ou-[a-z0-9]+-[a-z0-9]+|r-[a-z0-9]+):` + lookupID + `$`),
}

func TestEveryImportIDIsInItsTypesFormat(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			cfg, ctx, plan := example(t, name)
			file := Import(cfg, ctx, plan, "backup")
			require.Greater(t, len(file.Resources), 30)
			for _, r := range file.Resources[1:] {
				format, ok := idFormats[r.Type]
				if assert.True(t, ok, "%s: no id format for %s", r.Name, r.Type) {
					assert.Regexp(t, format, r.ID, "%s", r.Name)
				}
			}
		})
	}
}

// The component comes first, an empty component; every other entry
// is its child under the name the component registers the planned
// resource with, at the aws plugin version the component uses.
func TestEveryEntryIsAChildOfTheComponent(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			cfg, ctx, plan := example(t, name)
			file := Import(cfg, ctx, plan, "main")
			assert.Equal(t, Resource{Type: "orgbackup:index:OrgBackup", Name: "main", Component: true},
				file.Resources[0])
			planned := map[string]string{}
			for _, r := range plan.Resources {
				planned["main-"+r.Name] = r.Type
			}
			names := map[string]bool{}
			for _, r := range file.Resources[1:] {
				assert.Equal(t, "main", r.Parent, r.Name)
				assert.Equal(t, planned[r.Name], r.Type, "%s is a planned resource of that type", r.Name)
				assert.Equal(t, "6.83.4", r.Version, r.Name)
				assert.False(t, r.Component, r.Name)
				assert.False(t, names[r.Name], "%s listed once", r.Name)
				names[r.Name] = true
			}
		})
	}
}

func TestImportFileIsDeterministic(t *testing.T) {
	for _, name := range examples {
		cfg, ctx, plan := example(t, name)
		first, err := json.Marshal(Import(cfg, ctx, plan, "backup"))
		require.NoError(t, err)
		for range 5 {
			cfg, ctx, plan := example(t, name)
			again, err := json.Marshal(Import(cfg, ctx, plan, "backup"))
			require.NoError(t, err)
			assert.Equal(t, string(first), string(again), name)
		}
	}
}

// excludedBecause says why the reference module creates no resource r
// could adopt, "" when it does create one.
func excludedBecause(ctx config.Context, cfg config.Config, r desired.Resource) string {
	switch {
	case strings.HasPrefix(r.Type, desired.ProviderPrefix):
		return "a provider of another region"
	case r.Region != "" && r.Region != ctx.Region:
		return "the module is single-region"
	case r.Type == desired.RAMResourceShare:
		return "registered through the component's aws-native provider"
	case r.Type == desired.LogResourcePolicy:
		return "one policy for every deployment's buses; the module has one per bus under another name"
	case strings.HasPrefix(r.Type, "aws:cloudformation/"):
		return "the module's StackSet is deleted and the component's created: its template cannot become ours in place"
	case r.Type == desired.BackupVaultPolicy && strings.Contains(r.Name, "-standard-vault-"):
		return "the module puts no policy on its locked vaults"
	case strings.Contains(r.Name, "-reconcile-"):
		return "the module has no reconciler"
	case strings.Contains(r.Name, "-restore-testing"):
		return "the module has no restore testing"
	case r.Type == desired.BackupFramework || r.Type == desired.BackupReportPlan || strings.HasPrefix(r.Type, "aws:s3/"):
		return "the module has no audit reports"
	case strings.HasPrefix(r.Type, "aws:sns/") || r.Type == desired.MetricAlarm ||
		strings.Contains(r.Name, "-alerts-key-") ||
		strings.Contains(r.Name, "-failed-jobs-rule-"):
		return "the module has no alerts"
	}
	if r.Deployment != "" {
		first := cfg.Names(r.Deployment).OrganizationPolicy()
		if r.Adopt {
			return "adopted by the component itself on its first up: an aws-native vault, on a provider of its own"
		}
		if r.Type == desired.OrganizationsPolicy && r.PhysicalName != first {
			return "not the backup policy the module names: a split-off backup policy or the vault manager's guard"
		}
		if r.Type == desired.OrganizationsAttachment &&
			!strings.HasPrefix(r.Name, r.Deployment+"-policy-"+first+"-") {
			return "an attachment of such a policy"
		}
	}
	return ""
}

// Import and Excluded partition the plan, and only what the reference
// module does not create is excluded.
func TestOnlyWhatTheReferenceDoesNotCreateIsExcluded(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			cfg, ctx, plan := example(t, name)
			imported := map[string]bool{}
			for _, r := range Import(cfg, ctx, plan, "c").Resources[1:] {
				imported[strings.TrimPrefix(r.Name, "c-")] = true
			}
			excluded := Excluded(cfg, ctx, plan)
			for _, r := range excluded {
				assert.NotEmpty(t, excludedBecause(ctx, cfg, r), "%s %s is excluded", r.Type, r.Name)
				assert.False(t, imported[r.Name], r.Name)
			}
			for _, r := range plan.Resources {
				if excludedBecause(ctx, cfg, r) == "" {
					assert.True(t, imported[r.Name], "%s %s is imported", r.Type, r.Name)
				}
			}
			assert.Equal(t, len(plan.Resources), len(imported)+len(excluded))
		})
	}
}

// The README example (reference.yaml) leaves out exactly the locked
// vault's policy, the log resource policy, the reconciler and the alerts
// (topic and its key, alert rules, alarms; the module has none), the StackSet and the
// service control policy guarding the vault manager, with its attachment.
func TestReferenceExampleExcludes(t *testing.T) {
	cfg, ctx, plan := example(t, "reference")
	var names []string
	for _, r := range Excluded(cfg, ctx, plan) {
		names = append(names, r.Type+" "+r.Name)
	}
	assert.Equal(t, []string{
		"aws:cloudwatch/logResourcePolicy:LogResourcePolicy event-bus-logs-policy-eu-west-2",
		"aws:backup/vaultPolicy:VaultPolicy website-service-standard-vault-7-90-eu-west-2-policy",
		"aws:iam/role:Role website-service-role-reconcile-sfn",
		"aws:iam/rolePolicy:RolePolicy website-service-role-reconcile-sfn-policy",
		"aws:sfn/stateMachine:StateMachine website-service-reconcile-eu-west-2",
		"aws:cloudwatch/eventRule:EventRule website-service-reconcile-rule-eu-west-2",
		"aws:cloudwatch/eventTarget:EventTarget website-service-reconcile-rule-eu-west-2-target",
		"aws:kms/key:Key website-service-alerts-key-eu-west-2",
		"aws:sns/topic:Topic website-service-alert-topic-eu-west-2",
		"aws:cloudwatch/eventRule:EventRule website-service-failed-jobs-rule-eu-west-2",
		"aws:cloudwatch/eventTarget:EventTarget website-service-failed-jobs-rule-eu-west-2-target",
		"aws:cloudwatch/metricAlarm:MetricAlarm website-service-alarm-executions-failed-eu-west-2",
		"aws:cloudwatch/metricAlarm:MetricAlarm website-service-alarm-rules-failed-invocations-eu-west-2",
		"aws:cloudwatch/metricAlarm:MetricAlarm website-service-alarm-reconciler-heartbeat-eu-west-2",
		"aws:cloudformation/stackSet:StackSet website-service-stack-set",
		"aws:cloudformation/stackInstances:StackInstances website-service-stack-set-instances",
	}, names)
}

// Locks are imported with the changeableForDays the provider cannot read
// back, the intermediate vault with the forceDestroy both set.
func TestImportSuppliesWhatReadCannotReturn(t *testing.T) {
	cfg, ctx, plan := example(t, "reference-lag")
	file := Import(cfg, ctx, plan, "backup")
	locks := 0
	for _, r := range file.Resources {
		switch {
		case r.Type == desired.BackupVaultLockConfiguration:
			locks++
			assert.Equal(t, map[string]any{"changeableForDays": central.LockChangeableDays}, r.Inputs, r.Name)
		case r.Type == desired.BackupVault && strings.HasSuffix(r.ID, "-intermediate"):
			assert.Equal(t, map[string]any{"forceDestroy": true}, r.Inputs, r.Name)
		default:
			assert.Nil(t, r.Inputs, r.Name)
		}
	}
	assert.Equal(t, len(cfg.Deployments["website-service"].StandardVaults()), locks)
}

// Each imported resource's id and Terraform address, as the reference
// module names them for its README example (nationalarchives/
// terraform-aws-immutable-aws-backup at a2852e95, README.md:25-36:
// central prefix "immutable-aws-backup-", deployment "website-service",
// retention 7-90, one target OU), in the provider's region eu-west-2. The
// member prefix is examples/config/reference.yaml's: the README's is too
// long for AWS's names (examples/config/invalid/reference-readme.yaml).
// The file:line before each row is where the module builds that name, under
// modules/service-deployment/ (regional resources: under
// modules/service-deployment-regional/) unless the path says otherwise.
func TestPhysicalNamesAreTheReferenceModules(t *testing.T) {
	const (
		d = `module.deployment["website-service"]`
		r = d + `.module.region["eu-west-2"]`
	)
	type row struct{ address, id string }
	want := []row{
		// iam-service-linked-role.tf:22-30 at the module's root (the account had no AWS Backup service-linked role)
		{`aws_iam_service_linked_role.backup_service_linked_role[0]`,
			"arn:aws:iam::111111111111:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup"},
		// backup-policies.tf:108-113, locals.tf:5
		{d + `.aws_organizations_policy.backup_policy`, "{{terraform " + d + ".aws_organizations_policy.backup_policy id}}"},
		// backup-policies.tf:115-120: one attachment per target, keyed by the OU id
		{d + `.aws_organizations_policy_attachment.backup_policy["ou-abcd-defghijk"]`,
			"ou-abcd-defghijk:{{terraform " + d + ".aws_organizations_policy.backup_policy id}}"},
		// iam-service-role.tf:9, managed policies :27-30
		{d + `.module.backup_service_role.aws_iam_role.this`, "immutable-aws-backup-website-service-backup-service-role"},
		{d + `.module.backup_service_role.aws_iam_role_policy_attachment.this["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"]`,
			"immutable-aws-backup-website-service-backup-service-role/arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"},
		{d + `.module.backup_service_role.aws_iam_role_policy_attachment.this["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"]`,
			"immutable-aws-backup-website-service-backup-service-role/arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"},
		// iam-eventbridge-forwarder.tf:7; each inline policy is named after its role (modules/iam-role/main.tf:8)
		{d + `.module.default_to_event_bus_role.aws_iam_role.this`, "default-to-immutable-aws-backup-website-service-event-bus"},
		{d + `.module.default_to_event_bus_role.aws_iam_role_policy.this[0]`,
			"default-to-immutable-aws-backup-website-service-event-bus:default-to-immutable-aws-backup-website-service-event-bus"},
		// iam-sfn-backup-ingest.tf:7
		{d + `.module.backup_ingest_eventbridge_role.aws_iam_role.this`, "immutable-aws-backup-website-service-backup-ingest-eventbridge"},
		{d + `.module.backup_ingest_eventbridge_role.aws_iam_role_policy.this[0]`,
			"immutable-aws-backup-website-service-backup-ingest-eventbridge:immutable-aws-backup-website-service-backup-ingest-eventbridge"},
		// iam-sfn-backup-ingest.tf:43
		{d + `.module.backup_ingest_sfn_role.aws_iam_role.this`, "immutable-aws-backup-website-service-backup-ingest-sfn"},
		{d + `.module.backup_ingest_sfn_role.aws_iam_role_policy.this[0]`,
			"immutable-aws-backup-website-service-backup-ingest-sfn:immutable-aws-backup-website-service-backup-ingest-sfn"},
		// iam-sfn-backup-restore.tf:7
		{d + `.module.backup_restore_sfn_role.aws_iam_role.this`, "immutable-aws-backup-website-service-backup-restore-sfn"},
		{d + `.module.backup_restore_sfn_role.aws_iam_role_policy.this[0]`,
			"immutable-aws-backup-website-service-backup-restore-sfn:immutable-aws-backup-website-service-backup-restore-sfn"},
		// iam-sfn-backup-ingest.tf:75
		{d + `.module.backup_ingest_sfn_state_role.aws_iam_role.this`, "immutable-aws-backup-website-service-backup-ingest-sfn-states"},
		{d + `.module.backup_ingest_sfn_state_role.aws_iam_role_policy.this[0]`,
			"immutable-aws-backup-website-service-backup-ingest-sfn-states:immutable-aws-backup-website-service-backup-ingest-sfn-states"},
		// kms.tf:92-97 (multi-region, rotation on), alias kms.tf:100
		{d + `.aws_kms_key.key`, "{{terraform " + d + ".aws_kms_key.key key_id}}"},
		{d + `.aws_kms_alias.key`, "alias/immutable-aws-backup-website-service"},
		// locals.tf:27, backup-vaults.tf:30-41
		{r + `.aws_backup_vault.intermediate`, "immutable-aws-backup-website-service-intermediate"},
		{r + `.aws_backup_vault_policy.intermediate`, "immutable-aws-backup-website-service-intermediate"},
		// locals.tf:26,30-31, backup-vaults.tf:66-83: "<min>-<max>" of the current configuration
		{r + `.aws_backup_vault.standard["7-90"]`, "immutable-aws-backup-website-service-standard-7-90"},
		{r + `.aws_backup_vault_lock_configuration.standard["7-90"]`, "immutable-aws-backup-website-service-standard-7-90"},
		// locals.tf:6, eventbridge.tf:4-34
		{r + `.aws_cloudwatch_event_bus.event_bus`, "immutable-aws-backup-website-service"},
		{r + `.aws_cloudwatch_event_bus_policy.event_bus`, "immutable-aws-backup-website-service"},
		// eventbridge.tf:39-43
		{r + `.aws_cloudwatch_log_group.event_bus`, "/aws/events/immutable-aws-backup-website-service"},
		// eventbridge.tf:68-81: rule "log-to-cloudwatch" on the deployment's bus
		{r + `.aws_cloudwatch_event_rule.event_bus_to_cloudwatch`, "immutable-aws-backup-website-service/log-to-cloudwatch"},
		{r + `.aws_cloudwatch_event_target.event_bus_to_cloudwatch`, "immutable-aws-backup-website-service/log-to-cloudwatch/{{terraform " +
			r + ".aws_cloudwatch_event_target.event_bus_to_cloudwatch target_id}}"},
		// eventbridge.tf:86-109: on the default bus
		{r + `.aws_cloudwatch_event_rule.default_to_event_bus`, "backup-events-to-immutable-aws-backup-website-service-event-bus"},
		{r + `.aws_cloudwatch_event_target.default_to_event_bus`, "backup-events-to-immutable-aws-backup-website-service-event-bus/{{terraform " +
			r + ".aws_cloudwatch_event_target.default_to_event_bus target_id}}"},
		// sfn_backup_ingest.tf:47-51, :53-57, locals.tf:7
		{r + `.aws_cloudwatch_log_group.backup_ingest`, "/aws/vendedlogs/states/immutable-aws-backup-website-service-backup-ingest"},
		{r + `.aws_sfn_state_machine.backup_ingest`, "arn:aws:states:eu-west-2:111111111111:stateMachine:immutable-aws-backup-website-service-backup-ingest"},
		// sfn_backup_restore.tf:6, :11, locals.tf:8
		{r + `.aws_cloudwatch_log_group.backup_restore`, "/aws/vendedlogs/states/immutable-aws-backup-website-service-backup-restore"},
		{r + `.aws_sfn_state_machine.backup_restore`, "arn:aws:states:eu-west-2:111111111111:stateMachine:immutable-aws-backup-website-service-backup-restore"},
		// sfn_backup_ingest.tf:4-7, :36-42: named after the ingest state machine, on the deployment's bus
		{r + `.aws_cloudwatch_event_rule.backup_ingest`, "immutable-aws-backup-website-service/immutable-aws-backup-website-service-backup-ingest"},
		{r + `.aws_cloudwatch_event_target.backup_ingest`, "immutable-aws-backup-website-service/immutable-aws-backup-website-service-backup-ingest/{{terraform " +
			r + ".aws_cloudwatch_event_target.backup_ingest target_id}}"},
	}
	cfg, ctx, plan := example(t, "reference")
	var got []row
	for _, r := range Import(cfg, ctx, plan, "backup").Resources[1:] {
		got = append(got, row{r.TerraformAddress, r.ID})
	}
	sortRows := func(rows []row) {
		slices.SortFunc(rows, func(a, b row) int { return strings.Compare(a.address, b.address) })
	}
	sortRows(want)
	sortRows(got)
	assert.Equal(t, want, got)
}

func TestLAGVaultsAndTheirPoliciesAreImported(t *testing.T) {
	cfg, ctx, plan := example(t, "reference-lag")
	byAddress := map[string]Resource{}
	for _, r := range Import(cfg, ctx, plan, "backup").Resources {
		byAddress[r.TerraformAddress] = r
	}
	for _, vault := range cfg.Deployments["website-service"].LAGVaults() {
		// service-deployment-regional/backup-vaults.tf:46-61, locals.tf:28-29
		prefix := `module.deployment["website-service"].module.region["eu-west-2"]`
		lag := byAddress[prefix+`.aws_backup_logically_air_gapped_vault.lag["`+vault.String()+`"]`]
		assert.Equal(t, desired.BackupLogicallyAirGapped, lag.Type)
		assert.Equal(t, "immutable-aws-backup-website-service-lag-"+vault.String(), lag.ID)
		policy := byAddress[prefix+`.aws_backup_vault_policy.lag["`+vault.String()+`"]`]
		assert.Equal(t, desired.BackupVaultPolicy, policy.Type)
		assert.Equal(t, lag.ID, policy.ID)
	}
}
