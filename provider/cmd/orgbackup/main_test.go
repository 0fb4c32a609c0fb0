package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/cost"
	"github.com/orgbackup/pulumi-orgbackup/provider/deployer"
	"github.com/orgbackup/pulumi-orgbackup/provider/diagram"
	"github.com/orgbackup/pulumi-orgbackup/provider/iam"
	"github.com/orgbackup/pulumi-orgbackup/provider/prerequisites"
	"github.com/orgbackup/pulumi-orgbackup/provider/protection"
)

func TestRenderWritesEveryPolicy(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/lag-pitr.yaml", "--out", out}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())

	data, err := os.ReadFile("../../../examples/config/lag-pitr.yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	built, err := central.Build(f.Config, f.Context)
	require.NoError(t, err)
	cfg, docs := built.Config, built.Documents

	entries, err := os.ReadDir(filepath.Join(out, "policies"))
	require.NoError(t, err)
	assert.Len(t, entries, len(docs))
	for _, d := range docs {
		written, err := os.ReadFile(filepath.Join(out, "policies", d.Name+".json"))
		require.NoError(t, err)
		assert.Equal(t, d.Content, string(written))
		assert.Contains(t, stdout.String(), "policy "+d.Name+":")
	}
	// The input's one plan becomes three backup plans (standard, air-gapped,
	// continuous) in each region; the policies hold 4 and 2 of the 6. The
	// guard SCP is OrgPrerequisites', in the management account, with its
	// two attachments, the delegated administrators, the delegation
	// policy, RAM sharing and cross-account backup.
	assert.Equal(t, `deployment ca-prod: 1 plan in the input, 3 backup plans per region, 2 regions (eu-west-2, eu-west-1), `+
		`targets ou-abcd-11111111, ou-abcd-22222222
  policy aws-backup-ca-prod: 7455 of 10000 characters, 3 backup plans
  policy aws-backup-ca-prod.2: 7449 of 10000 characters, 3 backup plans
  guard SCP aws-backup-ca-prod-vault-manager-guard: 3841 of 5120 characters
  alerts in eu-west-2: topic aws-backup-ca-prod-alerts, 1 subscription
  alerts in eu-west-1: topic aws-backup-ca-prod-alerts, 1 subscription
  reconciler: rate(6 hours), grace period 24 hours
  restore testing: cron(0 5 ? * 1 *), 2 resource types (DynamoDB, EC2): 9.8 restore testing jobs a month per tested resource (4.9 runs × 2 regions), each charged by AWS Backup per job and per GB restored, plus the restored resource's own running cost for up to its validation window (see cost.md)
  audit reports: framework aws_backup_ca_prod_member_controls (7 controls) in each member account and region, aws_backup_central_copies (2 controls) in the backup account; 5 report plans to bucket aws-backup-ca-prod-reports-111111111111, Object Lock COMPLIANCE 35 days, kept on destroy
133 resources under the component
8 resources under OrgPrerequisites, in the management account
`+cost.Estimate(built, cost.DefaultAssumptions()).Summary()+"\n", stdout.String())

	mgmt := f.Context
	mgmt.AccountID = mgmt.ManagementAccountID
	prereqs, err := prerequisites.Build(f.Config, mgmt, f.Context.AccountID, prerequisites.Options{})
	require.NoError(t, err)
	writtenPrereqs, err := os.ReadFile(filepath.Join(out, "org-prerequisites", "resources.json"))
	require.NoError(t, err)
	var listed []struct{ Type, Name, Parent string }
	require.NoError(t, json.Unmarshal(writtenPrereqs, &listed))
	require.Len(t, listed, len(prereqs.Resources))
	for i, r := range prereqs.Resources {
		assert.Equal(t, []string{r.Type, r.Name, "orgbackup:index:OrgPrerequisites"},
			[]string{listed[i].Type, listed[i].Name, listed[i].Parent})
	}
	steps, err := os.ReadFile(filepath.Join(out, "org-prerequisites", "manual-steps.sh"))
	require.NoError(t, err)
	for _, step := range prereqs.ManualSteps {
		command, _, _ := strings.Cut(step, " (")
		assert.Contains(t, string(steps), command+"\n", "nothing looked up: every organization setting is listed")
	}
	guard, err := os.ReadFile(filepath.Join(out, "org-prerequisites", "policies", "ca-prod-vault-manager-guard.json"))
	require.NoError(t, err)
	assert.Contains(t, string(guard), `"Sid":"ProtectVaultManager"`)
	assert.Contains(t, string(steps), "--policy-type SERVICE_CONTROL_POLICY", "lag-pitr has a guard SCP")

	matrix := protection.Build(cfg, f.Context, "ca-prod")
	for name, want := range map[string]string{
		"cost.md":                 cost.Estimate(built, cost.DefaultAssumptions()).Markdown(),
		"cost.json":               cost.Estimate(built, cost.DefaultAssumptions()).JSON(),
		"diagram.md":              diagram.Markdown(built),
		"protection/ca-prod.json": matrix.JSON(),
		"protection/ca-prod.md":   matrix.Markdown(),
		"key-policies/customer-managed-key-statement.json": iam.StatementsJSON(
			iam.CustomerManagedKeySharing(f.Context.Partition, f.Context.AccountID)),
	} {
		written, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err, name)
		assert.Equal(t, want, string(written), "render writes %s from the same build", name)
	}

	// The deployer permissions of the same plan, as managed policies
	// deployer-1.json, deployer-2.json, ...
	central, err := deployer.ManagedPolicies(deployer.Central(cfg, f.Context, built.Resources))
	require.NoError(t, err)
	assert.Equal(t, writtenPolicies(t, filepath.Join(out, "policies-iam", "deployer")), central)
	assert.Greater(t, len(central), 1, "lag-pitr's deployer permissions need more than one managed policy")
	for _, key := range cfg.DeploymentKeys() {
		assert.NotEmpty(t, writtenPolicies(t, filepath.Join(out, "policies-iam", "deployer-member", key)),
			"the permissions of the deployment's MemberAccount")
	}
	delegation, err := os.ReadFile(filepath.Join(out, "policies-organizations", "delegation.json"))
	require.NoError(t, err)
	assert.Equal(t, deployer.Delegation(cfg, f.Context).JSON(), string(delegation),
		"render writes the organization's delegation policy for the same configuration")
}

// writtenPolicies are the managed policies prefix-1.json, prefix-2.json, ...
// render wrote, numbered from 1 without a gap.
func writtenPolicies(t *testing.T, prefix string) []iam.Document {
	matches, err := filepath.Glob(prefix + "-*.json")
	require.NoError(t, err)
	out := make([]iam.Document, len(matches))
	for i := range matches {
		data, err := os.ReadFile(fmt.Sprintf("%s-%d.json", prefix, i+1))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &out[i]))
	}
	return out
}

// Every file render writes under policies-iam fits a managed policy, 6,144
// characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html),
// for every example; the deployer permissions are split to fit.
func TestEveryRenderedIAMPolicyIsUnder6144Characters(t *testing.T) {
	examples, err := filepath.Glob("../../../examples/config/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, example := range examples {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run([]string{"render", "--config", example, "--out", out}, &stdout, &stderr), stderr.String())
		n := 0
		require.NoError(t, filepath.WalkDir(filepath.Join(out, "policies-iam"), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			rel, _ := filepath.Rel(out, path)
			assert.LessOrEqual(t, len(data), deployer.MaxManagedPolicyCharacters, "%s: %s", filepath.Base(example), rel)
			n++
			return nil
		}))
		assert.NotZero(t, n, example)
	}
}

func TestRenderNamesUnknownFields(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(config, []byte(`deployments:
  web:
    plans:
      gold:
        rules:
          - {scheduleExpression: 'cron(0 3 ? * * *)', moveToColdStorageAfterDays: 30}
`), 0o644))
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"render", "--config", config, "--out", t.TempDir()}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "invalid inputs (2 problems):\n"+
		`  deployments["web"].plans["gold"].rules[0].moveToColdStorageAfterDays (line 6, column 55): is not a field here`)
	assert.Contains(t, stderr.String(), "\n  context: missing; render needs the account it renders for: add a context block "+
		"with partition, accountId, organizationId, managementAccountId and region")
}

func TestRenderRefusesInvalidInputAndWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", "../../../examples/config/invalid/reference-readme.yaml", "--out", out},
		&stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), `deployments["website-service"]: backup vault name`)
	assert.Contains(t, stderr.String(), `deployments["website-service"]: IAM role name`)
	assert.NoDirExists(t, out)
	assert.Empty(t, stdout.String())
}

func TestHelpExitsZeroWithUsageFlagsFormatAndExamples(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"help", "render"}, {"render", "--help"},
		{"render", "-h"}, {"render", "--config", "x.yaml", "--help"}} {
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(args, &stdout, &stderr), "%q", args)
		assert.Empty(t, stderr.String(), "%q", args)
		help := stdout.String()
		for _, want := range []string{
			"usage: orgbackup render --config FILE --out DIR [--name NAME] [--terraform-state FILE]",
			"-config FILE", "-out DIR", "-name NAME", `(default "backup")`, "-terraform-state FILE",
			"context:", "partition:", "accountId:", "organizationId:", "managementAccountId:", "region:",
			"backupServiceLinkedRoleExists:", "deployments:", "at most 1 MiB", "1048576 bytes",
			"orgbackup render --config examples/config/reference.yaml --out out/reference",
		} {
			assert.Contains(t, help, want, "%q", args)
		}
	}
}

// The file format --help shows is a configuration render takes.
func TestHelpFormatRenders(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"--help"}, &stdout, &stderr))
	help := stdout.String()
	start := strings.Index(help, "    context:\n")
	end := strings.Index(help, "\n\n  Every problem")
	require.True(t, start > 0 && end > start)
	path := filepath.Join(t.TempDir(), "help.yaml")
	require.NoError(t, os.WriteFile(path, []byte(help[start:end]+"\n"), 0o644))
	stdout.Reset()
	assert.Equal(t, 0, run([]string{"render", "--config", path, "--out", t.TempDir()}, &stdout, &stderr), stderr.String())
}

// Every misuse names what is wrong, then the usage; exit 2, nothing on stdout.
func TestMisuseNamesWhatIsWrong(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no command given: say render or doctor (or --help)"},
		{[]string{"rendr"}, `unknown command "rendr": the commands are render and doctor`},
		{[]string{"--config", "x.yaml"}, "flag --config comes before a command: write orgbackup render --config ..."},
		{[]string{"help", "deploy"}, `help has no topic "deploy"`},
		{[]string{"render"}, "render needs --config FILE and --out DIR"},
		{[]string{"render", "--config", "x.yaml"}, "render needs --out DIR"},
		{[]string{"render", "--out", "out"}, "render needs --config FILE"},
		{[]string{"render", "--config", "x.yaml", "--out", "out", "--outdir", "y"},
			"unknown flag --outdir: render's flags are --config, --out, --name, --terraform-state and --context-from-aws"},
		{[]string{"render", "--config", "x.yaml", "--out"}, "--out needs a value"},
		{[]string{"render", "--config", "x.yaml", "extra", "--out", "out"},
			`unexpected argument "extra": render takes only flags (and reads none after it)`},
		{[]string{"render", "--config", "x.yaml", "--out", "out", "extra"},
			`unexpected argument "extra": render takes only flags`},
	} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(tc.args, &stdout, &stderr), "%q", tc.args)
		assert.Empty(t, stdout.String(), "%q", tc.args)
		assert.True(t, strings.HasPrefix(stderr.String(), "orgbackup: "+tc.want), "%q: %s", tc.args, stderr.String())
		assert.Contains(t, stderr.String(), "\nusage: orgbackup render --config FILE --out DIR", "%q", tc.args)
		assert.Contains(t, stderr.String(), "orgbackup --help", "%q", tc.args)
	}
}

// Three type errors are three problems, each with its path, line and column.
func TestRenderReportsEveryTypeErrorWithItsLine(t *testing.T) {
	data, err := os.ReadFile("../../../examples/config/reference.yaml")
	require.NoError(t, err)
	broken := strings.NewReplacer("minRetentionDays: 7\n", "minRetentionDays: seven\n",
		"deleteAfterDays: 28", "deleteAfterDays: [28]", "backupTagKey: BackupPlan", "backupTagKey: {name: BackupPlan}").
		Replace(string(data))
	path := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(broken), 0o644))
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"render", "--config", path, "--out", out}, &stdout, &stderr))
	assert.Equal(t, `invalid inputs (3 problems):
  deployments["website-service"].minRetentionDays (line 16, column 23): "seven" is a string; want a whole number
  deployments["website-service"].backupTagKey (line 18, column 19): is a mapping; want a string
  deployments["website-service"].plans["GFS-7-28-90"].rules[1].deleteAfterDays (line 29, column 30): is a list; want a whole number
`, stderr.String())
	assert.NoDirExists(t, out)
}

func TestRenderSaysWhatTheFileIs(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"empty":    {"", "invalid inputs (1 problem):\n  the file is empty; write the OrgBackup inputs and a context block"},
		"comments": {"# nothing yet\n", "invalid inputs (1 problem):\n  the file is only comments; "},
		"list":     {"- deployments: {}\n", "invalid inputs (1 problem):\n  (line 1, column 1): the file's top level is a list; want a mapping"},
		"no context": {"deployments: {}\n", "invalid inputs (1 problem):\n  context: missing; render needs the account it " +
			"renders for: add a context block with partition, accountId, organizationId, managementAccountId and region"},
	} {
		path := filepath.Join(t.TempDir(), "config.yaml")
		require.NoError(t, os.WriteFile(path, []byte(tc.data), 0o644))
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 1, run([]string{"render", "--config", path, "--out", t.TempDir()}, &stdout, &stderr), name)
		assert.True(t, strings.HasPrefix(stderr.String(), tc.want), "%s: %s", name, stderr.String())
	}
}

// A 5 MB configuration is refused in well under a second, before parsing.
func TestRenderRefusesAFileOverTheSizeLimitAtOnce(t *testing.T) {
	data, err := os.ReadFile("../../../examples/config/reference.yaml")
	require.NoError(t, err)
	var big strings.Builder
	big.Write(data)
	big.WriteString("tags:\n")
	for i := 0; big.Len() < 5_000_000; i++ {
		fmt.Fprintf(&big, "  key%d: value%d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(big.String()), 0o644))
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	start := time.Now()
	assert.Equal(t, 1, run([]string{"render", "--config", path, "--out", out}, &stdout, &stderr))
	assert.Less(t, time.Since(start), 250*time.Millisecond)
	assert.Equal(t, fmt.Sprintf("invalid inputs (1 problem):\n  the file is %d bytes; a configuration may be at most "+
		"1048576 bytes (1 MiB), far above any real organization's (the reference example is 1.2 KB, and AWS's limits "+
		"on tags, rules and backup policies keep a deployable one in the tens of KB)\n", big.Len()), stderr.String())
	assert.NoDirExists(t, out)
}

// A root target with the StackSet renders, with a warning naming the
// management account and the target's path.
func TestRenderWarnsOfARootTargetWithTheStackSet(t *testing.T) {
	data, err := os.ReadFile("../../../examples/config/reference.yaml")
	require.NoError(t, err)
	config := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(config, bytes.Replace(data, []byte("ou-abcd-defghijk"), []byte("r-abcd"), 1), 0o644))
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"render", "--config", config, "--out", t.TempDir()}, &stdout, &stderr), stderr.String())
	assert.Equal(t, `warning: deployments["website-service"].alerts: the website-service deployment's alert topic `+
		`"immutable-aws-backup-website-service-alerts" in eu-west-2 has no subscriptions, so its alerts reach nobody; `+
		`add subscriptions (e.g. {protocol: email, endpoint: backup-alerts@example.com}, then confirm the email SNS `+
		`sends) to deployments["website-service"].alerts or the component's alerts, or name an existing topic for `+
		`eu-west-2 in topicArns
warning: deployments["website-service"].backupTargets[0]: "r-abcd" is the organization root, which holds every `+
		`account, the backup account 111111111111 included. Its backup policy reaches the backup account, whose own `+
		`backups then stay in a vault of that account that its administrators can empty: they are never copied to the `+
		`locked vaults, and the deployment's guard SCP restricts the backup account's own principals. Keep workloads `+
		`out of the backup account and move it into an OU that no deployment targets (or target the OUs under the `+
		`root, without the backup account's)
warning: deployments["website-service"].backupTargets[0]: "r-abcd" is the organization root: its `+
		`backup policy reaches the management account 999999999999, but service-managed StackSets never deploy to the `+
		`management account, so its backups will fail without the member vaults and roles. Cover it with a MemberAccount `+
		`stack in account 999999999999, or target the OUs under the root instead of the root
`, stderr.String())
}

// render refuses what OrgBackup refuses at preview: a vault manager
// environment over Lambda's 4 KB
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
func TestRenderChecksTheVaultManagerEnvironmentAsPreviewDoes(t *testing.T) {
	data, err := os.ReadFile("../../../examples/config/lag-pitr.yaml")
	require.NoError(t, err)
	long := "adminRoleNames: [BackupAdmin"
	for i := range 30 {
		long += ", team-" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "/" + strings.Repeat("BackupOperator", 4)
	}
	config := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(config, bytes.Replace(data, []byte("adminRoleNames: [BackupAdmin"), []byte(long), 1), 0o644))
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"render", "--config", config, "--out", out}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), `deployments["ca-prod"].adminRoleNames: with the tags, makes the member vault `+
		`manager's environment`)
	assert.NoDirExists(t, out)
}

// render writes a protection matrix per deployment, and a second render
// into the same directory leaves none of the first's behind.
func TestRenderWritesAProtectionMatrixPerDeployment(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"render", "--config", "../../../examples/config/member-stacks.yaml", "--out", out},
		&stdout, &stderr), stderr.String())
	assert.ElementsMatch(t, []string{"analytics.json", "analytics.md", "payments.json", "payments.md"},
		dirNames(t, filepath.Join(out, "protection")))
	require.Equal(t, 0, run([]string{"render", "--config", "../../../examples/config/lag-pitr.yaml", "--out", out},
		&stdout, &stderr), stderr.String())
	assert.ElementsMatch(t, []string{"ca-prod.json", "ca-prod.md"}, dirNames(t, filepath.Join(out, "protection")))
}

// render writes the key policy statements of a member's customer managed
// key, for the backup account of the configuration's context, ready to
// paste into a key policy's Statement list.
func TestRenderWritesTheKeySharingStatements(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"render", "--config", "../../../examples/config/member-stacks.yaml", "--out", out},
		&stdout, &stderr), stderr.String())
	assert.Equal(t, []string{"customer-managed-key-statement.json"}, dirNames(t, filepath.Join(out, "key-policies")))
	written, err := os.ReadFile(filepath.Join(out, "key-policies", "customer-managed-key-statement.json"))
	require.NoError(t, err)
	var statements []iam.Statement
	require.NoError(t, json.Unmarshal(written, &statements))
	require.NotEmpty(t, statements)
	f, err := config.Load(mustRead(t, "../../../examples/config/member-stacks.yaml"))
	require.NoError(t, err)
	for _, st := range statements {
		assert.Equal(t, iam.Strings{iam.AccountRoot(f.Context.Partition, f.Context.AccountID)}, st.Principal.AWS,
			"the backup account of the context")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Alerts sent to an existing topic: render writes the topic policy and the
// key policy statements the user applies to it, from the same plan.
func TestRenderWritesExistingTopicPolicies(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"render", "--config", "../../../examples/config/member-stacks.yaml", "--out", out},
		&stdout, &stderr), stderr.String())
	data, err := os.ReadFile("../../../examples/config/member-stacks.yaml")
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	built, err := central.Build(f.Config, f.Context)
	require.NoError(t, err)
	s := built.Deployments["analytics"].Regions["eu-west-2"]
	require.NotEmpty(t, s.ExistingTopicPolicy)
	dir := filepath.Join(out, "policies-iam", "existing-alert-topics")
	for file, want := range map[string]string{
		"eu-west-2.topic-policy.json":          s.ExistingTopicPolicy,
		"eu-west-2.key-policy-statements.json": s.ExistingTopicKeyStatements,
	} {
		written, err := os.ReadFile(filepath.Join(dir, "analytics", file))
		require.NoError(t, err)
		assert.Equal(t, want, string(written), file)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only analytics names an existing topic")
	// payments' created topic has no subscriptions.
	assert.Contains(t, stderr.String(), `warning: deployments["payments"].alerts: the payments deployment's alert topic`)
}

// --context-from-aws takes the context block from AWS instead of the file:
// a file without one is no problem, and without a region to call AWS in,
// render says so before any call.
func TestContextFromAWSWithoutARegion(t *testing.T) {
	for _, env := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID",
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		t.Setenv(env, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	path := filepath.Join(t.TempDir(), "org.yaml")
	require.NoError(t, os.WriteFile(path, []byte("centralAccountResourceNamePrefix: backup-\n"+
		"memberAccountResourceNamePrefix: org-\ndeployments: {}\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--config", path, "--out", t.TempDir(), "--context-from-aws"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "--context-from-aws")
	assert.Contains(t, stderr.String(), "AWS_REGION")
	assert.NotContains(t, stderr.String(), "context: missing")
}
