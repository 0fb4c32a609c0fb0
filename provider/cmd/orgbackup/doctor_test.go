package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
)

func TestDoctorMisuse(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"doctor"}, "doctor needs --config FILE"},
		{[]string{"doctor", "--config", "x.yaml", "extra"}, `unexpected argument "extra"`},
		{[]string{"doctor", "--out", "x"}, "unknown flag --out: doctor's flags are --config, --backup-account-id, --region and --profile"},
		{[]string{"doctor", "--config", "x.yaml", "--backup-account-id", "12345"}, `--backup-account-id "12345" is not a 12-digit account id`},
	} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(tc.args, &stdout, &stderr), tc.args)
		assert.Contains(t, stderr.String(), tc.want)
		assert.Contains(t, stderr.String(), doctorUsage)
		assert.Empty(t, stdout.String())
	}
}

func TestDoctorHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"doctor", "--help"}, &stdout, &stderr))
	assert.Contains(t, stdout.String(), doctorUsage)
	assert.Contains(t, stdout.String(), "-backup-account-id ID")
	assert.Contains(t, stdout.String(), "3 nothing missing but something unknown")
	assert.Empty(t, stderr.String())
}

// TestDoctorUnreadableConfig: a configuration that does not load is
// reported before any AWS call, with exit status 1.
func TestDoctorUnreadableConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.yaml")
	require.NoError(t, os.WriteFile(path, []byte("deployments: [1, 2]\n"), 0o600))
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"doctor", "--config", path}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "deployments")
	assert.Empty(t, stdout.String())
}

// A configuration render refuses is refused before any AWS call, with
// render's problems: the environment has no credentials and no endpoint
// that could answer.
func TestDoctorRefusesAnInvalidConfigurationFirst(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"doctor", "--config", "../../../examples/config/invalid/reference-readme.yaml"},
		&stdout, &stderr))
	assert.Contains(t, stderr.String(), "invalid inputs")
	assert.Contains(t, stderr.String(), `deployments["website-service"]: backup vault name`)
	assert.NotContains(t, stderr.String(), "credentials")
	assert.Empty(t, stdout.String())
}

func TestDoctorOutputAndExitStatus(t *testing.T) {
	ok := preflight.Check{Name: "organization with all features", Status: preflight.OK, API: preflight.APIDescribeOrganization,
		Detail: "FeatureSet ALL", Fix: "aws organizations enable-all-features"}
	missing := preflight.Check{Name: "resource-based delegation policy", Status: preflight.Missing,
		API: preflight.APIDescribeResourcePolicy, Detail: "the organization has no resource policy", Fix: "aws organizations put-resource-policy"}
	unknown := preflight.Check{Name: "cross-account backup enabled", Status: preflight.Unknown, API: preflight.APIDescribeGlobalSettings,
		Detail: "run `orgbackup doctor` with management account credentials", Fix: "aws backup update-global-settings"}

	var out bytes.Buffer
	writeChecks(&out, []preflight.Check{ok, missing, unknown})
	assert.Equal(t, `ok       organization with all features (organizations:DescribeOrganization: FeatureSet ALL)
missing  resource-based delegation policy (organizations:DescribeResourcePolicy: the organization has no resource policy)
         fix: aws organizations put-resource-policy
unknown  cross-account backup enabled (backup:DescribeGlobalSettings: run `+"`orgbackup doctor`"+` with management account credentials)
         fix: aws backup update-global-settings
1 ok, 1 missing, 1 unknown
`, out.String())

	assert.Equal(t, 0, exitStatus([]preflight.Check{ok}))
	assert.Equal(t, 1, exitStatus([]preflight.Check{ok, missing, unknown}))
	assert.Equal(t, 3, exitStatus([]preflight.Check{ok, unknown}))
}

// TestDoctorPrintsTheDelegationNote: the statements that are not
// OrgBackup's are an ok check whose detail carries the note, without a fix
// line, and leave the exit status alone.
func TestDoctorPrintsTheDelegationNote(t *testing.T) {
	note := preflight.Check{Name: preflight.ForeignStatementsCheck, Status: preflight.OK, API: preflight.APIDescribeResourcePolicy,
		Detail: "DelegatingNecessaryDescribeListActions: " + preflight.ForeignStatementsNote, Fix: preflight.ForeignStatementsNote}
	var out bytes.Buffer
	writeChecks(&out, []preflight.Check{note})
	assert.Equal(t, "ok       statements of the delegation policy that are not OrgBackup's (organizations:DescribeResourcePolicy: "+
		"DelegatingNecessaryDescribeListActions: OrgPrerequisites would replace these statements: set manageDelegationPolicy false "+
		"and merge delegationPolicy into the policy yourself, or keep them out)\n1 ok, 0 missing, 0 unknown\n", out.String())
	assert.Equal(t, 0, exitStatus([]preflight.Check{note}))
}
