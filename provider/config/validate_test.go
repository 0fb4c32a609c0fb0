package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intp(v int) *int    { return &v }
func boolp(v bool) *bool { return &v }

var testContext = Context{
	Partition:           "aws",
	AccountID:           "111111111111",
	OrganizationID:      "o-abcd1234ef",
	ManagementAccountID: "999999999999",
	Region:              "eu-west-2",
}

// validConfig is a deployment that passes every rule; each case breaks one.
func validConfig() Config {
	return Config{
		CentralAccountResourceNamePrefix: "backup-",
		MemberAccountResourceNamePrefix:  "org-backup-",
		Deployments: map[string]Deployment{
			"web": {
				BackupTargets:    []string{"ou-abcd-defghijk"},
				MinRetentionDays: intp(7),
				MaxRetentionDays: intp(365),
				BackupTagKey:     "BackupPlan",
				Plans: map[string]Plan{
					"gold": {
						Rules: []Rule{
							{Name: "daily", ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: intp(7)},
							{ScheduleExpression: "cron(0 3 1 * ? *)", DeleteAfterDays: intp(90)},
						},
					},
				},
			},
		},
	}
}

func TestValidConfigHasNoProblems(t *testing.T) {
	assert.Empty(t, validConfig().WithDefaults(testContext).Validate(testContext))
}

func TestValidationRules(t *testing.T) {
	const web = `deployments["web"]`
	const gold = web + `.plans["gold"]`
	cases := []struct {
		name   string
		mutate func(c *Config, ctx *Context)
		want   []string // "path: message"
	}{
		{"central prefix required", func(c *Config, _ *Context) { c.CentralAccountResourceNamePrefix = "" },
			[]string{`centralAccountResourceNamePrefix: is required`}},
		{"member prefix required", func(c *Config, _ *Context) { c.MemberAccountResourceNamePrefix = "" },
			[]string{`memberAccountResourceNamePrefix: is required`}},
		{"member account resources value", func(c *Config, _ *Context) { c.MemberAccountResources = "Lambda" },
			[]string{`memberAccountResources: "Lambda" is not one of "StackSet", "MemberAccountStacks"`}},
		{"regions default needs a provider region", func(_ *Config, ctx *Context) { ctx.Region = "" },
			[]string{`regions: is required when the provider has no region`}},
		{"unknown region", func(c *Config, _ *Context) { c.Regions = []string{"eu-west-2", "eu-west-9"} },
			[]string{`regions[1]: "eu-west-9" is not a region of partition aws`}},
		{"region of another partition", func(c *Config, _ *Context) { c.Regions = []string{"us-gov-west-1"} },
			[]string{`regions[0]: "us-gov-west-1" is not a region of partition aws`}},
		{"duplicate region", func(c *Config, _ *Context) { c.Regions = []string{"eu-west-2", "eu-west-2"} },
			[]string{`regions[1]: "eu-west-2" is already listed at regions[0]`}},
		{"context", func(_ *Config, ctx *Context) {
			*ctx = Context{Partition: "aws-xx", AccountID: "123", ManagementAccountID: "x", OrganizationID: "org", Region: "eu-west-2"}
		}, []string{
			`context.partition: "aws-xx" is not one of aws, aws-cn, aws-us-gov`,
			`context.accountId: "123" is not a 12-digit account id`,
			`context.managementAccountId: "x" is not a 12-digit account id`,
			`context.organizationId: "org" is not an organization id (o-...)`,
		}},
		{"reserved tag key", func(c *Config, _ *Context) { c.Tags = map[string]string{"aws:owner": "x"} },
			[]string{`tags["aws:owner"]: tag key "aws:owner" uses the reserved prefix aws:`}},
		{"tag value too long", func(c *Config, _ *Context) { c.Tags = map[string]string{"Owner": strings.Repeat("x", 257)} },
			[]string{`tags["Owner"]: value is 257 characters, exceeds 256`}},
		{"tags over the StackSet parameter limit", func(c *Config, _ *Context) { c.Tags = bigTags() },
			[]string{`tags: make a 5181-character VaultTags parameter for the member StackSet; CloudFormation allows 4096 ` +
				`(use fewer or shorter tags, or memberAccountResources MemberAccountStacks)`}},
		{"the same tags without a StackSet", func(c *Config, _ *Context) {
			c.Tags = bigTags()
			c.MemberAccountResources = MemberAccountStacks
		}, nil},
		{"deployments required", func(c *Config, _ *Context) { c.Deployments = nil },
			[]string{`deployments: at least one deployment is required`}},
		// The reference module's README example: the names its member prefix
		// drives are too long, and the error says which input to cut by how much.
		{"generated names too long name the input that drives them", func(c *Config, _ *Context) {
			c.MemberAccountResourceNamePrefix = "orgdeploy-immutable-aws-backup-"
			c.Deployments["website-service"] = c.Deployments["web"]
			delete(c.Deployments, "web")
		}, []string{
			`deployments["website-service"]: backup vault name "orgdeploy-immutable-aws-backup-website-service-default" is 54 characters, exceeds 50: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 4 characters`,
			`deployments["website-service"]: IAM role name "orgdeploy-immutable-aws-backup-website-service-backup-service-role" is 66 characters, exceeds 64: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 2 characters`,
			`deployments["website-service"]: IAM role name "orgdeploy-immutable-aws-backup-website-service-vault-manager-eu-west-2" is 70 characters, exceeds 64 (built for region eu-west-2, the longest name in regions): shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 6 characters`,
			`deployments["website-service"]: backup vault name "orgdeploy-immutable-aws-backup-website-service-locked-7-365" is 59 characters, exceeds 50: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 9 characters`,
		}},
		// The StackSet's vault manager role is named per region
		// (<member prefix><deployment>-vault-manager-<region>); IAM role
		// names are at most 64 characters
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
		// Only the longest region's name is reported, once.
		{"the vault manager role of the longest region fits IAM's limit", func(c *Config, _ *Context) {
			c.Regions = []string{"eu-west-2", "ap-southeast-7", "us-east-1"}
			c.MemberAccountResourceNamePrefix = "orgdeploy-immutable-b-"
			c.Deployments["website-service"] = c.Deployments["web"]
			delete(c.Deployments, "web")
		}, []string{
			`deployments["website-service"]: IAM role name "orgdeploy-immutable-b-website-service-vault-manager-ap-southeast-7" is 66 characters, exceeds 64 (built for region ap-southeast-7, the longest name in regions): shorten memberAccountResourceNamePrefix "orgdeploy-immutable-b-" or the deployment name "website-service" by 2 characters`,
		}},
		{"member stacks have no vault manager role", func(c *Config, _ *Context) {
			c.MemberAccountResources = MemberAccountStacks
			c.Regions = []string{"eu-west-2", "ap-southeast-7"}
			c.MemberAccountResourceNamePrefix = "orgdeploy-immutable-b-"
			c.Deployments["website-service"] = c.Deployments["web"]
			delete(c.Deployments, "web")
		}, nil},
		{"generated names too long from the central prefix", func(c *Config, _ *Context) {
			c.CentralAccountResourceNamePrefix = strings.Repeat("c", 40) + "-"
		}, []string{
			`deployments["web"]: backup vault name "` + strings.Repeat("c", 40) + `-web-intermediate" is 57 characters, exceeds 50: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 7 characters`,
			`deployments["web"]: IAM role name "default-to-` + strings.Repeat("c", 40) + `-web-event-bus" is 65 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 1 character`,
			`deployments["web"]: EventBridge rule name "backup-events-to-` + strings.Repeat("c", 40) + `-web-event-bus" is 71 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 7 characters`,
			`deployments["web"]: IAM role name "` + strings.Repeat("c", 40) + `-web-backup-ingest-eventbridge" is 70 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 6 characters`,
			`deployments["web"]: IAM role name "` + strings.Repeat("c", 40) + `-web-backup-ingest-sfn-states" is 69 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 5 characters`,
			`deployments["web"]: IAM role name "` + strings.Repeat("c", 40) + `-web-backup-service-restore-role" is 72 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 8 characters`,
			`deployments["web"]: IAM role name "` + strings.Repeat("c", 40) + `-web-backup-reconcile-sfn" is 65 characters, exceeds 64: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 1 character`,
			`deployments["web"]: backup vault name "` + strings.Repeat("c", 40) + `-web-standard-7-365" is 59 characters, exceeds 50: shorten centralAccountResourceNamePrefix "` + strings.Repeat("c", 40) + `-" or the deployment name "web" by 9 characters`,
		}},
		{"stack set prefix must start with a letter", func(c *Config, _ *Context) { c.MemberAccountResourceNamePrefix = "1-" },
			[]string{`memberAccountResourceNamePrefix: "1-" must start with a letter and may only contain letters, digits and '-' (it starts the member StackSet's name)`}},
		{"member stacks need no StackSet name", func(c *Config, _ *Context) {
			c.MemberAccountResourceNamePrefix = "1_"
			c.MemberAccountResources = MemberAccountStacks
		}, nil},
		{"prefix characters", func(c *Config, _ *Context) {
			c.CentralAccountResourceNamePrefix = "backup."
			c.MemberAccountResourceNamePrefix = "org backup-"
			c.MemberAccountResources = MemberAccountStacks
		}, []string{
			`centralAccountResourceNamePrefix: "backup." may only contain letters, digits, '-' and '_' (it starts backup vault, state machine and KMS alias names)`,
			`memberAccountResourceNamePrefix: "org backup-" may only contain letters, digits, '-' and '_' (it starts backup vault names)`,
		}},
		{"deployment name characters", func(c *Config, _ *Context) {
			c.Deployments["web_1"] = c.Deployments["web"]
			c.Deployments["web.2"] = c.Deployments["web"]
			delete(c.Deployments, "web")
		}, []string{
			`deployments["web.2"]: deployment name "web.2" may only contain letters, digits and '-' (it is part of the member StackSet's name)`,
			`deployments["web_1"]: deployment name "web_1" may only contain letters, digits and '-' (it is part of the member StackSet's name)`,
		}},
		// The example: prefix cab-, deployment web with plan api-gold
		// and deployment web-api with plan gold make the same plan key.
		{"plan keys unique across deployments", func(c *Config, _ *Context) {
			c.CentralAccountResourceNamePrefix = "cab-"
			web := c.Deployments["web"]
			api := Deployment{BackupTargets: []string{"ou-abcd-zzzzzzzz"}, BackupTagKey: "BackupPlan",
				Plans: map[string]Plan{"gold": web.Plans["gold"]}}
			web.Plans = map[string]Plan{"api-gold": web.Plans["gold"]}
			c.Deployments["web"], c.Deployments["web-api"] = web, api
		}, []string{
			`deployments["web-api"].plans["gold"]: plan key "cab-web-api-gold-std-euw2" is also the key of deployments["web"].plans["api-gold"] in the backup policies; policies that reach the same account would merge the two plans: rename one of the plans or deployments`,
		}},
		// Central and member names share an account when the central account
		// is under a target, which is not known at preview.
		{"physical names unique across deployments", func(c *Config, _ *Context) {
			c.CentralAccountResourceNamePrefix, c.MemberAccountResourceNamePrefix = "cab-", "cab-web-"
			c.Deployments["x"] = c.Deployments["web"]
			c.Deployments["web-x"] = c.Deployments["web"]
			delete(c.Deployments, "web")
		}, []string{
			`deployments["x"]: IAM role name "cab-web-x-backup-service-role" is also a name of deployments["web-x"]; rename one of the deployments or change a prefix`,
		}},
		{"backup targets required", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.BackupTargets = nil
			c.Deployments["web"] = d
		},
			[]string{web + `.backupTargets: at least one OU or root id is required`}},
		{"backup target format", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.BackupTargets = []string{"r-abcd", "ou-abcd-defghijk", "123456789012", "ou-abcd-defghijk"}
			c.Deployments["web"] = d
		}, []string{
			web + `.backupTargets[2]: "123456789012" is not an OU id (ou-...) or root id (r-...)`,
			web + `.backupTargets[3]: "ou-abcd-defghijk" is already listed at ` + web + `.backupTargets[1]`,
		}},
		{"admin role names", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.AdminRoleNames = []string{"Admin", "bad role"}
			c.Deployments["web"] = d
		}, []string{web + `.adminRoleNames[1]: "bad role" may only contain role name characters (letters, digits and '+=,.@_-') and '/' between the segments of its path`}},
		// IAM Identity Center's roles live under aws-reserved/sso.amazonaws.com/,
		// with the region in the path or not, and a generated suffix
		// (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html);
		// a permission set's name has 1 to 32 of [\w+=,.@-]
		// (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PermissionSet.html).
		{"admin roles with paths and IAM Identity Center permission sets", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.AdminRoleNames = []string{"aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_*",
				"aws-reserved/sso.amazonaws.com/AWSReservedSSO_" + strings.Repeat("s", 32) + "_*",
				"aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DatabaseAdministrator_1234567890abcdef",
				"ops/BackupAdmin", strings.Repeat("a", 64), strings.Repeat("p", 510) + "/Admin"}
			c.Deployments["web"] = d
		}, nil},
		// ArnLike's '*' and '?' also match '/' within a role ARN's
		// role/<path><name>
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN),
		// so every other wildcard is refused.
		{"admin role wildcards", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.AdminRoleNames = []string{"*", "*/*", "Backup*", "*e*", "ops/Backup?", "ops/*/Admin",
				"aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BackupAdmin_*",
				"aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BackupAdmin_*",
				"aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_????????????????"}
			c.Deployments["web"] = d
		}, func() []string {
			var want []string
			for i, role := range []string{"*", "*/*", "Backup*", "*e*", "ops/Backup?", "ops/*/Admin",
				"aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BackupAdmin_*",
				"aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_BackupAdmin_*",
				"aws-reserved/sso.amazonaws.com/AWSReservedSSO_BackupAdmin_????????????????"} {
				want = append(want, fmt.Sprintf(`%s.adminRoleNames[%d]: %q has a wildcard: in a role ARN '*' and '?' `+
					`also match the '/' of a path the role's creator chooses, so give the role's exact path and name, `+
					`or for an IAM Identity Center permission set `+
					`aws-reserved/sso.amazonaws.com/AWSReservedSSO_<permission set>_*`, web, i, role))
			}
			return want
		}()},
		{"admin role names AWS refuses", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.AdminRoleNames = []string{"/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*",
				"ops//Admin", "ops:x/Admin", strings.Repeat("a", 65), strings.Repeat("p", 511) + "/Admin",
				"aws-reserved/sso.amazonaws.com/AWSReservedSSO_*_*",
				"aws-reserved/sso.amazonaws.com/AWSReservedSSO_" + strings.Repeat("s", 33) + "_*"}
			c.Deployments["web"] = d
		}, []string{
			web + `.adminRoleNames[0]: "/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*" starts with '/': write the role's path without it (aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*)`,
			web + `.adminRoleNames[1]: "ops//Admin" may only contain role name characters (letters, digits and '+=,.@_-') and '/' between the segments of its path`,
			web + `.adminRoleNames[2]: "ops:x/Admin" may only contain role name characters (letters, digits and '+=,.@_-') and '/' between the segments of its path`,
			web + `.adminRoleNames[3]: role name "` + strings.Repeat("a", 65) + `" is 65 characters, exceeds 64`,
			web + `.adminRoleNames[4]: IAM path /` + strings.Repeat("p", 511) + `/ is 513 characters, exceeds 512`,
			web + `.adminRoleNames[5]: permission set name "*" may only contain letters, digits and '+=,.@_-', at most 32 of them`,
			web + `.adminRoleNames[6]: permission set name "` + strings.Repeat("s", 33) + `" may only contain letters, digits and '+=,.@_-', at most 32 of them`,
		}},
		{"min above max", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MinRetentionDays = intp(400)
			c.Deployments["web"] = d
		},
			[]string{
				web + `.minRetentionDays: 400 exceeds maxRetentionDays 365`,
				gold + `.rules[0].deleteAfterDays: 7 is below minRetentionDays 400`,
				gold + `.rules[1].deleteAfterDays: 90 is below minRetentionDays 400`,
			}},
		{"retention out of range", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MaxRetentionDays = intp(40000)
			c.Deployments["web"] = d
		},
			[]string{web + `.maxRetentionDays: 40000 is outside 1-36500 days`}},
		{"LAG needs min and max", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MinRetentionDays, d.MaxRetentionDays = nil, nil
			p := d.Plans["gold"]
			p.UseLogicallyAirGappedVault = true
			d.Plans["gold"] = p
			c.Deployments["web"] = d
		}, []string{
			web + `.minRetentionDays: is required when a plan uses a logically air-gapped vault`,
			web + `.maxRetentionDays: is required when a plan uses a logically air-gapped vault`,
		}},
		{"LAG needs min of at least 7", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MinRetentionDays = intp(3)
			p := d.Plans["gold"]
			p.UseLogicallyAirGappedVault = true
			d.Plans["gold"] = p
			c.Deployments["web"] = d
		}, []string{web + `.minRetentionDays: 3 is below 7, the least a logically air-gapped vault allows`}},
		{"LAG rules need deleteAfterDays", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MaxRetentionDays = nil
			p := d.Plans["gold"]
			p.UseLogicallyAirGappedVault = true
			p.Rules[1].DeleteAfterDays = nil
			d.Plans["gold"] = p
			c.Deployments["web"] = d
		}, []string{
			web + `.maxRetentionDays: is required when a plan uses a logically air-gapped vault`,
			gold + `.rules[1].deleteAfterDays: is required when the plan uses a logically air-gapped vault`,
		}},
		{"max needs deleteAfterDays", func(c *Config, _ *Context) { c.Deployments["web"].Plans["gold"].Rules[0].DeleteAfterDays = nil },
			[]string{gold + `.rules[0].deleteAfterDays: is required when maxRetentionDays is set: the locked vault does not accept backups kept forever`}},
		{"deleteAfterDays above max", func(c *Config, _ *Context) { c.Deployments["web"].Plans["gold"].Rules[1].DeleteAfterDays = intp(400) },
			[]string{gold + `.rules[1].deleteAfterDays: 400 exceeds maxRetentionDays 365`}},
		{"deleteAfterDays below min", func(c *Config, _ *Context) { c.Deployments["web"].Plans["gold"].Rules[0].DeleteAfterDays = intp(3) },
			[]string{gold + `.rules[0].deleteAfterDays: 3 is below minRetentionDays 7`}},
		{"backup tag key required", func(c *Config, _ *Context) { d := c.Deployments["web"]; d.BackupTagKey = ""; c.Deployments["web"] = d },
			[]string{web + `.backupTagKey: is required because plan "gold" selects resources by tag (requirePlanNameResourceTag defaults to true)`}},
		{"backup tag key not needed without tag selection", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.BackupTagKey = ""
			p := d.Plans["gold"]
			p.RequirePlanNameResourceTag = boolp(false)
			d.Plans["gold"] = p
			c.Deployments["web"] = d
		}, nil},
		{"retained vaults", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.RetainedVaults = []RetainedVault{
				{MinRetentionDays: 7, MaxRetentionDays: 30},
				{MinRetentionDays: 7, MaxRetentionDays: 30, UseLogicallyAirGappedVault: true},
				{MinRetentionDays: 7, MaxRetentionDays: 365},
				{MinRetentionDays: 40, MaxRetentionDays: 30},
				{MinRetentionDays: 3, MaxRetentionDays: 30, UseLogicallyAirGappedVault: true},
				{MinRetentionDays: 0, MaxRetentionDays: 0},
				{MinRetentionDays: 14, MaxRetentionDays: 0},
				{MinRetentionDays: 14, MaxRetentionDays: 0, UseLogicallyAirGappedVault: true},
				{MinRetentionDays: -1, MaxRetentionDays: 36501},
			}
			c.Deployments["web"] = d
		}, []string{
			web + `.retainedVaults[1]: vault configuration 7-30 is already retained at retainedVaults[0]`,
			web + `.retainedVaults[2]: vault configuration 7-365 is the current one (minRetentionDays-maxRetentionDays); retain only earlier configurations`,
			web + `.retainedVaults[3].minRetentionDays: 40 exceeds maxRetentionDays 30`,
			web + `.retainedVaults[4].minRetentionDays: 3 is below 7, the least a logically air-gapped vault allows`,
			web + `.retainedVaults[7].maxRetentionDays: is required for a logically air-gapped vault`,
			web + `.retainedVaults[7]: vault configuration 14-0 is already retained at retainedVaults[6]`,
			web + `.retainedVaults[8].minRetentionDays: -1 is outside 1-36500 days`,
			web + `.retainedVaults[8].maxRetentionDays: 36501 is outside 1-36500 days`,
		}},
		{"retained LAG vault of the current configuration without LAG plans", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.RetainedVaults = []RetainedVault{{MinRetentionDays: 7, MaxRetentionDays: 365, UseLogicallyAirGappedVault: true}}
			c.Deployments["web"] = d
		}, nil},
		{"plans required", func(c *Config, _ *Context) { d := c.Deployments["web"]; d.Plans = nil; c.Deployments["web"] = d },
			[]string{web + `.plans: at least one plan is required`}},
		{"plan name characters", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.Plans["gold plan"] = d.Plans["gold"]
			delete(d.Plans, "gold")
		}, []string{
			web + `.plans["gold plan"]: plan name "gold plan" may only contain letters, digits and '-_.'`,
		}},
		// AWS's own backup policy example names its plans, rules and vaults
		// with underscores (PII_Backup_Plan, My_Backup_Vault;
		// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html);
		// the plan's continuous-backup rule name is valid too.
		{"plan name with underscores and its continuous-backup rule", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.Plans["PII_Backup_Plan"] = d.Plans["gold"]
			delete(d.Plans, "gold")
		}, nil},
		{"long plan name without continuous backups", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			p := d.Plans["gold"]
			p.SnapshotFromContinuousBackups = boolp(false)
			d.Plans[strings.Repeat("g", 40)] = p
			delete(d.Plans, "gold")
		}, nil},
		{"long plan name with continuous backups", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.Plans[strings.Repeat("g", 40)] = d.Plans["gold"]
			delete(d.Plans, "gold")
		}, []string{web + `.plans["` + strings.Repeat("g", 40) + `"]: backup rule name "` + strings.Repeat("g", 40) +
			`-continuous-backups" is 59 characters, exceeds 50 (the rule of its continuous-backup plan): shorten the plan name by 9 characters`}},
		{"plan key over the backup plan name limit", func(c *Config, _ *Context) {
			c.Regions = []string{"eu-west-2", "eu-west-1"}
			d := c.Deployments["web"]
			p := d.Plans["gold"]
			p.SnapshotFromContinuousBackups = boolp(false)
			d.Plans[strings.Repeat("g", 181)] = p
			d.Plans[strings.Repeat("h", 180)] = p
			delete(d.Plans, "gold")
		}, []string{web + `.plans["` + strings.Repeat("g", 181) + `"]: backup plan name "backup-web-` + strings.Repeat("g", 181) +
			`-std-euw2" is 201 characters, exceeds 200 (its key in the backup policy): shorten the plan name, centralAccountResourceNamePrefix "backup-" or the deployment name "web" by 1 character`}},
		{"rules required", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			p := d.Plans["gold"]
			p.Rules = nil
			d.Plans["gold"] = p
		},
			[]string{gold + `.rules: at least one rule is required`}},
		{"at most 10 rules", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.Rules = nil
			for range 11 {
				p.Rules = append(p.Rules, Rule{ScheduleExpression: "cron(0 3 ? * * *)", DeleteAfterDays: intp(7)})
			}
			c.Deployments["web"].Plans["gold"] = p
		}, []string{gold + `.rules: has 11 rules, AWS allows 10 per plan`}},
		{"rule name characters and length", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.Rules[0].Name = "daily backup"
			p.Rules[1].Name = strings.Repeat("r", 51)
		}, []string{
			gold + `.rules[0].name: backup rule name "daily backup" may only contain letters, digits and '-_.'`,
			gold + `.rules[1].name: backup rule name "` + strings.Repeat("r", 51) + `" is 51 characters, exceeds 50`,
		}},
		// RuleName's pattern is ^[a-zA-Z0-9\-\_\.]{1,50}$
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html).
		{"rule names AWS accepts", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.Rules[0].Name = "My_Hourly_Rule"
			p.Rules[1].Name = "v1.weekly"
		}, nil},
		{"rule names unique, unnamed rules named by index", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].Name = "1"
		}, []string{gold + `.rules[1].name: "1" is already the name of rules[0]`}},
		{"cron form", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "rate(1 day)"
		},
			[]string{gold + `.rules[0].scheduleExpression: "rate(1 day)" is not of the form cron(minutes hours day-of-month month day-of-week year)`}},
		{"cron field count", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0 3 * * ?)"
		},
			[]string{gold + `.rules[0].scheduleExpression: "cron(0 3 * * ?)" has 5 fields, AWS cron expressions have 6`}},
		{"cron question mark in both day fields", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0 3 ? * ? *)"
		}, []string{gold + `.rules[0].scheduleExpression: "cron(0 3 ? * ? *)": exactly one of day-of-month and day-of-week must be "?"`}},
		{"cron question mark in neither day field", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0 3 * * * *)"
		}, []string{gold + `.rules[0].scheduleExpression: "cron(0 3 * * * *)": exactly one of day-of-month and day-of-week must be "?"`}},
		{"cron more than hourly", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0/30 * ? * * *)"
		}, []string{gold + `.rules[0].scheduleExpression: "cron(0/30 * ? * * *)" runs more than once an hour; AWS Backup runs a rule at most hourly, so the minutes field must be a single minute`}},
		{"cron value out of range", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0 24 ? * * *)"
		}, []string{gold + `.rules[0].scheduleExpression: "cron(0 24 ? * * *)": hours field "24" has 24, outside 0-23`}},
		{"cron bad name", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[0].ScheduleExpression = "cron(0 3 ? * FUN *)"
		}, []string{gold + `.rules[0].scheduleExpression: "cron(0 3 ? * FUN *)": day-of-week field "FUN" has an invalid value "FUN"`}},
		{"cron accepts AWS forms", func(c *Config, _ *Context) {
			rules := c.Deployments["web"].Plans["gold"].Rules
			rules[0].ScheduleExpression = "cron(15 0/4 L * ? 2026-2030)"
			rules[1].ScheduleExpression = "cron(0 12 ? JAN-MAR,DEC MON-FRI,6L,2#3 *)"
		}, nil},
		{"continuous schedule", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.ContinuousBackupScheduleExpression = "cron(* * ? * * *)"
			c.Deployments["web"].Plans["gold"] = p
		}, []string{gold + `.continuousBackupScheduleExpression: "cron(* * ? * * *)" runs more than once an hour; AWS Backup runs a rule at most hourly, so the minutes field must be a single minute`}},
		{"start window at least 60", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.StartBackupWindowMinutes = intp(30)
			p.Rules[0].StartBackupWindowMinutes = intp(59)
			c.Deployments["web"].Plans["gold"] = p
		}, []string{
			gold + `.startBackupWindowMinutes: 30 is below 60 minutes`,
			gold + `.rules[0].startBackupWindowMinutes: 59 is below 60 minutes`,
		}},
		{"completion after start plus 60", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.StartBackupWindowMinutes, p.CompleteBackupWindowMinutes = intp(60), intp(100)
			p.Rules[0].CompleteBackupWindowMinutes = intp(90)
			p.Rules[1].StartBackupWindowMinutes = intp(120)
			c.Deployments["web"].Plans["gold"] = p
		}, []string{
			gold + `.completeBackupWindowMinutes: completion window 100 must be at least 60 minutes longer than the start window 60`,
			gold + `.rules[0].completeBackupWindowMinutes: completion window 90 must be at least 60 minutes longer than the start window 60`,
			gold + `.rules[1].startBackupWindowMinutes: completion window 100 must be at least 60 minutes longer than the start window 120`,
		}},
		// 100 years: StartWindowMinutes of
		// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html and
		// CompleteWindowMinutes of https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html.
		{"windows at most 52,560,000 minutes", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.StartBackupWindowMinutes = intp(60_000_000)
			p.CompleteBackupWindowMinutes = intp(52_560_001)
			p.Rules[0].StartBackupWindowMinutes = intp(52_560_001)
			p.Rules[0].CompleteBackupWindowMinutes = intp(52_560_000)
			p.Rules[1].CompleteBackupWindowMinutes = intp(60_000_000)
			c.Deployments["web"].Plans["gold"] = p
		}, []string{
			gold + `.startBackupWindowMinutes: 60000000 exceeds 52560000 minutes (100 years), the most AWS Backup allows`,
			gold + `.completeBackupWindowMinutes: 52560001 exceeds 52560000 minutes (100 years), the most AWS Backup allows`,
			gold + `.rules[0].startBackupWindowMinutes: 52560001 exceeds 52560000 minutes (100 years), the most AWS Backup allows`,
			gold + `.rules[1].completeBackupWindowMinutes: 60000000 exceeds 52560000 minutes (100 years), the most AWS Backup allows`,
		}},
		{"windows of 100 years", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.StartBackupWindowMinutes = intp(52_559_940)
			p.CompleteBackupWindowMinutes = intp(52_560_000)
			c.Deployments["web"].Plans["gold"] = p
		}, nil},
		{"local and intermediate within deleteAfterDays", func(c *Config, _ *Context) {
			p := c.Deployments["web"].Plans["gold"]
			p.LocalRetentionDays = intp(30)
			p.Rules[0].IntermediateRetentionDays = intp(8)
			c.Deployments["web"].Plans["gold"] = p
		}, []string{
			gold + `.localRetentionDays: 30 exceeds deleteAfterDays 7 of rules[0]`,
			gold + `.rules[0].intermediateRetentionDays: 8 exceeds the rule's deleteAfterDays 7`,
		}},
		{"retention days at least 1", func(c *Config, _ *Context) {
			c.Deployments["web"].Plans["gold"].Rules[1].LocalRetentionDays = intp(0)
		}, []string{gold + `.rules[1].localRetentionDays: 0 is outside 1-36500 days`}},
		// A logically air-gapped vault needs both bounds, the least 7 days
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html),
		// and a plan's retention must fit it
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/lag-vault-primary-backup.html).
		{"member air-gapped vault retention", func(c *Config, _ *Context) {
			d := c.Deployments["web"]
			d.MinRetentionDays, d.MaxRetentionDays = intp(3), nil
			p := d.Plans["gold"]
			p.PrimaryBackupToLogicallyAirGappedVault = true
			p.Rules[1].DeleteAfterDays = nil
			d.Plans["gold"] = p
			c.Deployments["web"] = d
		}, []string{
			web + `.minRetentionDays: 3 is below 7, the least a logically air-gapped vault allows`,
			web + `.maxRetentionDays: is required when a plan uses a logically air-gapped vault`,
			gold + `.rules[1].deleteAfterDays: is required when the plan uses a logically air-gapped vault`,
		}},
		// Approval teams live in us-east-1 (https://docs.aws.amazon.com/mpa/latest/userguide/what-is.html).
		{"approval team ARNs", func(c *Config, _ *Context) {
			c.MpaApprovalTeamArn = "arn:aws:mpa:eu-west-2:888888888888:approval-team/recovery"
			d := c.Deployments["web"]
			d.MpaApprovalTeamArn = "arn:aws-us-gov:mpa:us-east-1:888888888888:approval-team/recovery"
			c.Deployments["web"] = d
			c.Deployments["api"] = Deployment{BackupTargets: []string{"ou-abcd-zzzzzzzz"}, Plans: d.Plans,
				BackupTagKey: "BackupPlan", MinRetentionDays: intp(7), MaxRetentionDays: intp(365),
				MpaApprovalTeamArn: "team-recovery"}
		}, []string{
			`mpaApprovalTeamArn: "arn:aws:mpa:eu-west-2:888888888888:approval-team/recovery" is in eu-west-2: approval ` +
				`teams exist in us-east-1 only; name the team's us-east-1 ARN`,
			`deployments["api"].mpaApprovalTeamArn: "team-recovery" is not a multi-party approval team ARN ` +
				`(arn:aws:mpa:us-east-1:<account>:approval-team/<id>)`,
			web + `.mpaApprovalTeamArn: "arn:aws-us-gov:mpa:us-east-1:888888888888:approval-team/recovery" is in ` +
				`partition aws-us-gov, not aws, the organization's: name a team of the aws partition`,
		}},
		{"member stacks name who associates the approval team", func(c *Config, _ *Context) {
			c.MemberAccountResources = MemberAccountStacks
			c.MpaApprovalTeamArn = "arn:aws:mpa:us-east-1:888888888888:approval-team/recovery"
			p := c.Deployments["web"].Plans["gold"]
			p.PrimaryBackupToLogicallyAirGappedVault = true
			c.Deployments["web"].Plans["gold"] = p
		}, []string{web + `.adminRoleNames: is required: with memberAccountResources MemberAccountStacks, only these ` +
			`roles may associate the approval team with the member accounts' air-gapped vaults, so name the roles that ` +
			`run the MemberAccount stacks`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ctx := validConfig(), testContext
			tc.mutate(&c, &ctx)
			var got []string
			for _, p := range c.WithDefaults(ctx).Validate(ctx) {
				got = append(got, p.String())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestResolveReportsEveryProblemAtOnce(t *testing.T) {
	c := validConfig()
	c.CentralAccountResourceNamePrefix = ""
	c.Deployments["web"].Plans["gold"].Rules[1].DeleteAfterDays = intp(400)
	_, err := Resolve(c, testContext)
	require.Error(t, err)
	assert.Equal(t, `invalid inputs (2 problems):
  centralAccountResourceNamePrefix: is required
  deployments["web"].plans["gold"].rules[1].deleteAfterDays: 400 exceeds maxRetentionDays 365`, err.Error())
}

func TestWithDefaults(t *testing.T) {
	c := validConfig().WithDefaults(testContext)
	assert.Equal(t, []string{"eu-west-2"}, c.Regions)
	assert.Equal(t, StackSet, c.MemberAccountResources)
	p := c.Deployments["web"].Plans["gold"]
	assert.Equal(t, "daily", p.Rules[0].Name)
	assert.Equal(t, "1", p.Rules[1].Name)
	assert.True(t, *p.RequirePlanNameResourceTag)
	assert.True(t, *p.SnapshotFromContinuousBackups)
	assert.Equal(t, DefaultContinuousBackupSchedule, p.ContinuousBackupScheduleExpression)
	assert.Empty(t, validConfig().Deployments["web"].Plans["gold"].Rules[1].Name, "the input is not modified")
}

func TestVaultConfigs(t *testing.T) {
	d := validConfig().Deployments["web"]
	d.RetainedVaults = []RetainedVault{
		{MinRetentionDays: 7, MaxRetentionDays: 30, UseLogicallyAirGappedVault: true},
		{MinRetentionDays: 1, MaxRetentionDays: 14},
	}
	assert.Equal(t, []string{"7-30", "1-14", "7-365"}, d.StandardVaultConfigs())
	assert.Equal(t, []string{"7-30"}, d.LAGVaultConfigs())
	p := d.Plans["gold"]
	p.UseLogicallyAirGappedVault = true
	d.Plans["gold"] = p
	assert.Equal(t, []string{"7-30", "7-365"}, d.LAGVaultConfigs())
	d.MinRetentionDays, d.MaxRetentionDays = nil, nil
	assert.Equal(t, "0-0", d.CurrentVaultConfig())
}

func TestLoadIsStrict(t *testing.T) {
	_, err := Load([]byte("centralAccountResourceNamePrefix: a\nunknownField: 1\n"))
	assert.ErrorContains(t, err, `unknownField (line 2, column 1): is not a field here (known fields: alerts, centralAccountResourceNamePrefix, `+
		`context, deployments, guardPolicyManagedBy, memberAccountResourceNamePrefix, memberAccountResources, mpaApprovalTeamArn, `+
		`regions, tags)`)
	f, err := Load([]byte(`{"context": {"partition": "aws"}, "deployments": {"a": {"backupTargets": ["r-abcd"], "plans": {}}}}`))
	require.NoError(t, err)
	assert.Equal(t, "aws", f.Context.Partition)
	assert.Equal(t, []string{"r-abcd"}, f.Deployments["a"].BackupTargets)
}

// bigTags are 20 valid tags that make a 5,181-character JSON object.
func bigTags() map[string]string {
	tags := map[string]string{}
	for i := range 20 {
		tags[fmt.Sprintf("%s%02d", strings.Repeat("k", 126), i)] = strings.Repeat("v", 125)
	}
	return tags
}

// An unknown field is refused with its path, every one at once: a lifecycle
// setting of the AWS Backup API that OrgBackup has no input for, and a typo.
func TestLoadNamesTheUnknownFieldsPaths(t *testing.T) {
	_, err := Load([]byte(`
context: {partition: aws, acountId: "111111111111"}
deployments:
  web:
    backupTargets: [r-abcd]
    plans:
      gold:
        rules:
          - scheduleExpression: cron(0 3 ? * * *)
            moveToColdStorageAfterDays: 30
    retainedVaults: [{minRetentionDays: 7, maxRetention: 30}]
`))
	var ps Problems
	require.ErrorAs(t, err, &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path)
	}
	assert.Equal(t, []string{
		"context.acountId",
		`deployments["web"].plans["gold"].rules[0].moveToColdStorageAfterDays`,
		`deployments["web"].retainedVaults[0].maxRetention`,
	}, got)
	_, err = Load([]byte(`{"": 1, "context": {"": 2}}`))
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, `[""]`, ps[0].Path)
	assert.Equal(t, `context[""]`, ps[1].Path)
	assert.Contains(t, ps[1].Message, "known fields: accountId, ")
}

func TestLoadNamesTheKnownFields(t *testing.T) {
	_, err := Load([]byte("deployments: {web: {plans: {gold: {rules: [{moveToColdStorageAfterDays: 30}]}}}}"))
	var ps Problems
	require.ErrorAs(t, err, &ps)
	assert.Contains(t, ps[0].Message, "known fields: completeBackupWindowMinutes, deleteAfterDays, "+
		"intermediateRetentionDays, localRetentionDays, name, scheduleExpression, startBackupWindowMinutes")
}
