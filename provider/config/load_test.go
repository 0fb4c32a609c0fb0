package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const contextBlock = `context:
  partition: aws
  accountId: "111111111111"
  organizationId: o-abcd1234ef
  managementAccountId: "999999999999"
  region: eu-west-2
`

func loadProblems(t *testing.T, data string) Problems {
	t.Helper()
	_, err := Load([]byte(data))
	var ps Problems
	require.ErrorAs(t, err, &ps, "%v", err)
	return ps
}

func problemLines(ps Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// Every value of the wrong type is a problem with its path, line and
// column, all at once.
func TestLoadReportsEveryTypeErrorWithPathAndLine(t *testing.T) {
	ps := loadProblems(t, contextBlock+`deployments:
  web:
    backupTargets: [ou-abcd-defghijk]
    minRetentionDays: seven
    plans:
      gold:
        rules:
          - {scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}
          - {scheduleExpression: 'cron(0 3 ? * 1 *)', deleteAfterDays: [28]}
        useLogicallyAirGappedVault: "yes"
`)
	assert.Equal(t, []string{
		`deployments["web"].minRetentionDays (line 10, column 23): "seven" is a string; want a whole number`,
		`deployments["web"].plans["gold"].rules[1].deleteAfterDays (line 15, column 72): is a list; want a whole number`,
		`deployments["web"].plans["gold"].useLogicallyAirGappedVault (line 16, column 37): "yes" is a string; want true or false`,
	}, problemLines(ps))
	assert.Equal(t, `deployments["web"].minRetentionDays`, ps[0].Path)
	assert.Equal(t, 10, ps[0].Line)
}

func TestLoadTypeErrorsOfEveryShape(t *testing.T) {
	ps := loadProblems(t, contextBlock+`regions: eu-west-2
tags: [a, b]
deployments:
  web: []
  api:
    backupTargets: [ou-abcd-defghijk, 12]
    allowBackupTargetsToRestore: 1
    plans: {gold: {rules: [{scheduleExpression: x, deleteAfterDays: 7.5}]}}
`)
	assert.Equal(t, []string{
		`regions (line 7, column 10): "eu-west-2" is a string; want a list`,
		`tags (line 8, column 7): is a list; want a mapping`,
		`deployments["web"] (line 10, column 8): is a list; want a mapping of fields (adminRoleNames, alerts, ` +
			`allowBackupTargetsToRestore, auditReports, backupTagKey, backupTargets, inAccountLockedCopies, maxRetentionDays, minRetentionDays, mpaApprovalTeamArn, plans, ` +
			`protectMemberResources, reconciliation, restoreDestinationAccountIds, restoreTesting, retainedVaults)`,
		`deployments["api"].backupTargets[1] (line 12, column 39): 12 is a whole number; want a string (quote it: "12")`,
		`deployments["api"].allowBackupTargetsToRestore (line 13, column 34): 1 is a whole number; want true or false`,
		`deployments["api"].plans["gold"].rules[0].deleteAfterDays (line 14, column 69): 7.5 is a number; want a whole number`,
	}, problemLines(ps))
}

// Unknown fields and keys given twice come with their lines too, beside
// the type errors.
func TestLoadLocatesUnknownAndRepeatedFields(t *testing.T) {
	ps := loadProblems(t, contextBlock+`deployments:
  web:
    backupTargets: [ou-abcd-defghijk]
    minRetentionDays: 7
    minRetentionDays: 8
    plans: {gold: {rules: [{scheduleExpression: x, moveToColdStorageAfterDays: 30}]}}
`)
	assert.Equal(t, []string{
		`deployments["web"].minRetentionDays (line 11, column 5): is given twice (first at line 10, column 5)`,
		`deployments["web"].plans["gold"].rules[0].moveToColdStorageAfterDays (line 12, column 52): is not a field here ` +
			`(known fields: completeBackupWindowMinutes, deleteAfterDays, intermediateRetentionDays, localRetentionDays, ` +
			`name, scheduleExpression, startBackupWindowMinutes)`,
	}, problemLines(ps))
}

func TestLoadSaysWhatTheFileIs(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"empty":         {"", "the file is empty; write the OrgBackup inputs and a context block as a mapping"},
		"blank":         {"\n  \n", "the file is empty; "},
		"comments":      {"# deployments:\n#   web: {}\n", "the file is only comments; write the OrgBackup inputs"},
		"list":          {"- context: {}\n- deployments: {}\n", "(line 1, column 1): the file's top level is a list; want a mapping of the OrgBackup inputs and a context block"},
		"json list":     {`[{"context": {}}]`, "(line 1, column 1): the file's top level is a list; want a mapping"},
		"string":        {"deployments\n", `(line 1, column 1): the file's top level is "deployments" is a string; want a mapping`},
		"no context":    {"deployments: {}\n", "context: missing; render needs the account it renders for: add a context block with partition, accountId, organizationId, managementAccountId and region"},
		"null context":  {"context:\ndeployments: {}\n", "context: missing; render needs the account it renders for"},
		"context again": {"context: {}\ncontext: {}\n", "context (line 2, column 1): is given twice (first at line 1, column 1)"},
	} {
		t.Run(name, func(t *testing.T) {
			ps := loadProblems(t, tc.data)
			require.Len(t, ps, 1, "%v", ps)
			assert.Contains(t, ps[0].String(), tc.want)
		})
	}
}

// JSON is read as YAML: its lines and columns are the JSON file's.
func TestLoadLocatesJSON(t *testing.T) {
	ps := loadProblems(t, `{
  "context": {"partition": "aws", "accountId": 111111111111},
  "deployments": {"web": {"minRetentionDays": "7"}}
}`)
	assert.Equal(t, []string{
		`context.accountId (line 2, column 48): 111111111111 is a whole number; want a string (quote it: "111111111111")`,
		`deployments["web"].minRetentionDays (line 3, column 47): "7" is a string; want a whole number`,
	}, problemLines(ps))
}

// Anchors, aliases and merge keys read as YAML says; aliases that expand
// beyond any file's size are refused.
func TestLoadAliasesAndMergeKeys(t *testing.T) {
	f, err := Load([]byte(contextBlock + `x-rule: &daily {scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}
deployments:
  web:
    backupTargets: &targets [ou-abcd-defghijk]
    plans:
      gold: {rules: [*daily, {<<: *daily, deleteAfterDays: 30, name: monthly}]}
  api:
    backupTargets: *targets
`))
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "x-rule", ps[0].Path, "only the unknown field")
	f, err = Load([]byte(contextBlock + `deployments:
  web:
    backupTargets: &targets [ou-abcd-defghijk]
    plans:
      gold: {rules: [&daily {scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}, {<<: *daily, deleteAfterDays: 30}]}
  api:
    backupTargets: *targets
`))
	require.NoError(t, err)
	assert.Equal(t, []string{"ou-abcd-defghijk"}, f.Deployments["api"].BackupTargets)
	rules := f.Deployments["web"].Plans["gold"].Rules
	require.Len(t, rules, 2)
	assert.Equal(t, "cron(0 3 ? * * *)", rules[1].ScheduleExpression)
	assert.Equal(t, 30, *rules[1].DeleteAfterDays)

	// A billion rules from a few KB: each level names the one below 300 times.
	refs := func(ref string, keys bool) string {
		var parts []string
		for i := range 300 {
			if keys {
				parts = append(parts, fmt.Sprintf("k%d: %s", i, ref))
			} else {
				parts = append(parts, ref)
			}
		}
		return strings.Join(parts, ", ")
	}
	bomb := "x-rule: &r {scheduleExpression: x}\nx-plan: &p {rules: [" + refs("*r", false) + "]}\n" +
		"x-deployment: &d {plans: {" + refs("*p", true) + "}}\ndeployments: {" + refs("*d", true) + "}\n"
	start := time.Now()
	_, err = Load([]byte(contextBlock + bomb))
	require.ErrorAs(t, err, &ps)
	assert.Contains(t, ps.Error(), "aliases expand to more than")
	assert.Less(t, time.Since(start), 3*time.Second)
}

// The values Load fills are those the JSON names give, promoted fields
// and pointers included.
func TestLoadFillsEveryExample(t *testing.T) {
	paths, err := filepath.Glob("../../examples/config/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := Load(data)
		require.NoError(t, err, path)
		assert.Equal(t, "aws", f.Context.Partition, path)
		assert.NotEmpty(t, f.Deployments, path)
	}
}

// A file over MaxFileBytes is refused before it is parsed, at once.
func TestLoadRefusesAFileOverTheLimit(t *testing.T) {
	var big strings.Builder
	big.WriteString(contextBlock + "tags:\n")
	for i := 0; big.Len() <= 5<<20; i++ {
		big.WriteString("  key" + strings.Repeat("k", 20) + string(rune('a'+i%26)) + ": value\n")
	}
	start := time.Now()
	ps := loadProblems(t, big.String())
	assert.Less(t, time.Since(start), 100*time.Millisecond)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Message, "bytes; a configuration may be at most 1048576 bytes (1 MiB), far above any real organization's")

	path := filepath.Join(t.TempDir(), "big.yaml")
	require.NoError(t, os.WriteFile(path, []byte(big.String()), 0o644))
	start = time.Now()
	_, err := ReadFile(path)
	require.ErrorAs(t, err, &ps)
	assert.Less(t, time.Since(start), 100*time.Millisecond)
	assert.Contains(t, ps.Error(), "a configuration may be at most 1048576 bytes")

	exact := filepath.Join(t.TempDir(), "exact.yaml")
	require.NoError(t, os.WriteFile(exact, make([]byte, MaxFileBytes), 0o644))
	data, err := ReadFile(exact)
	require.NoError(t, err, "a file of exactly the limit is read")
	assert.Len(t, data, MaxFileBytes)
}

// The largest file Load reads, one mapping of ~50,000 tags, loads in a
// fraction of a second: nothing is quadratic in a mapping's keys (yaml.v3's
// repeated-key check took 22 s on it).
func TestLoadIsLinearInAMappingsKeys(t *testing.T) {
	var big strings.Builder
	big.WriteString(contextBlock + "tags:\n")
	for i := 0; ; i++ {
		line := fmt.Sprintf("  key%d: value%d\n", i, i)
		if big.Len()+len(line) > MaxFileBytes {
			break
		}
		big.WriteString(line)
	}
	start := time.Now()
	f, err := Load([]byte(big.String()))
	require.NoError(t, err)
	assert.Greater(t, len(f.Tags), 45_000)
	assert.Less(t, time.Since(start), 3*time.Second)
}
