package events

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden alert messages under testdata/alerts")

// samples is the events tier's table of AWS's documented sample events and
// their variants, each with its documentation URL.
const samples = "../../tests/events/testdata/events"

// web are the central vaults of a deployment with air-gapped vaults, in
// the events tier's accounts.
var web = CentralCopies{
	Intermediate: "arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate",
	Standard:     []string{"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-90"},
	LAG:          []string{"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"},
}

func TestFailedJobs(t *testing.T) {
	assert.JSONEq(t, `{
		"source": ["aws.backup"],
		"$or": [
			{"detail-type": ["Backup Job State Change"],
			 "detail": {"state": ["ABORTED", "EXPIRED", "FAILED", "PARTIAL"]}},
			{"detail-type": ["Copy Job State Change"],
			 "detail": {"state": ["ABORTED", "EXPIRED", "PARTIAL"]}},
			{"detail-type": ["Copy Job State Change"],
			 "detail": {"state": ["FAILED"], "destinationBackupVaultArn": [{"anything-but": [
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"]}]}},
			{"detail-type": ["Copy Job State Change"],
			 "detail": {"state": ["FAILED"], "sourceBackupVaultArn": [
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-90",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"]}},
			{"detail-type": ["Backup Job State Change"],
			 "detail": {"state": ["COMPLETED"], "statusMessage": [{"anything-but": [""]}]}}
		]
	}`, FailedJobs(web).JSON())
	assert.Equal(t, FailedJobs(web).JSON(), FailedJobs(web).JSON())
}

// The ingest takes the FAILED copies into the central copy targets from
// any vault but the central ones, which FailedJobs leaves out: the two
// patterns name the same vaults with the same operators.
func TestIngestedCopies(t *testing.T) {
	assert.JSONEq(t, `{
		"source": ["aws.backup"],
		"detail-type": ["Copy Job State Change"],
		"detail": {"$or": [
			{"state": ["COMPLETED"], "sourceBackupVaultArn": [{"wildcard": "arn:*:backup:*:*:backup-vault:org-backup-web-cmk"}],
			 "destinationBackupVaultArn": ["arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate"]},
			{"state": ["COMPLETED"], "sourceBackupVaultArn": ["arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate"],
			 "destinationBackupVaultArn": ["arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-90"]},
			{"state": ["COMPLETED"], "sourceBackupVaultArn": [{"wildcard": "arn:*:backup:*:*:backup-vault:org-backup-web-cmk"}],
			 "destinationBackupVaultArn": ["arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"]},
			{"state": ["FAILED"], "sourceBackupVaultArn": [{"anything-but": [
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-standard-7-90",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"]}],
			 "destinationBackupVaultArn": [
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-intermediate",
				"arn:aws:backup:eu-west-2:111111111111:backup-vault:backup-web-lag-7-90"]}
		]}
	}`, IngestedCopies([]string{"org-backup-web-cmk"}, web).JSON())
	noLAG := CentralCopies{Intermediate: web.Intermediate, Standard: web.Standard}
	assert.NotContains(t, IngestedCopies([]string{"org-backup-web-cmk"}, noLAG).JSON(), "lag")
	assert.NotContains(t, FailedJobs(noLAG).JSON(), "lag")
}

// The member forwarders send the copies into the member locked vault, so
// a failed one alerts.
func TestBackupJobsForwardLockedVaultCopies(t *testing.T) {
	with := BackupJobs([]string{"org-backup-web-cmk"}, web.Vaults(), "org-backup-web-locked-7-90").JSON()
	assert.Contains(t, with, `{"destinationBackupVaultArn":[{"wildcard":"arn:*:backup:*:*:backup-vault:org-backup-web-locked-7-90"}]}`)
	assert.Equal(t, BackupJobs([]string{"org-backup-web-cmk"}, web.Vaults()).JSON(),
		BackupJobs([]string{"org-backup-web-cmk"}, web.Vaults(), "").JSON(), "no locked vault: as before")
}

var placeholder = regexp.MustCompile(`<([^<>]*)>`)

// The rules of https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html:
// at most 100 variables, none named like a predefined aws.events.* variable;
// "<" and ">" only around a variable, since they cannot be escaped; a
// plain-text template with one quoted string per line.
func TestTransformersFollowEventBridgeRules(t *testing.T) {
	for name, tr := range map[string]Transformer{"JobAlert": JobAlert()} {
		t.Run(name, func(t *testing.T) {
			assert.LessOrEqual(t, len(tr.InputPaths), MaxInputPaths)
			used := map[string]bool{}
			for _, m := range placeholder.FindAllStringSubmatch(tr.InputTemplate, -1) {
				used[m[1]] = true
				assert.Contains(t, tr.InputPaths, m[1], "every placeholder is a variable")
			}
			for variable, path := range tr.InputPaths {
				assert.True(t, used[variable], "variable %s is used", variable)
				assert.False(t, strings.HasPrefix(variable, "aws.events"), "%s is reserved", variable)
				assert.Regexp(t, `^\$(\.[A-Za-z0-9_-]+)+$`, path, "dot notation")
			}
			bare := placeholder.ReplaceAllString(tr.InputTemplate, "")
			assert.NotContains(t, bare, "<")
			assert.NotContains(t, bare, ">")
			for _, line := range strings.Split(tr.InputTemplate, "\n") {
				assert.Regexp(t, `^"[^"]*"$`, line, "one quoted string per line")
			}
		})
	}
}

// sample is one file of the events tier's table.
type sample struct {
	Documentation string         `json:"documentation"`
	Event         map[string]any `json:"event"`
}

// TestAlertMessages renders every job sample event with its transformer and compares the message with testdata/alerts (-update
// rewrites them).
func TestAlertMessages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(samples, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	rendered := 0
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var s sample
		require.NoError(t, json.Unmarshal(data, &s))
		var tr Transformer
		var must []string
		detail, _ := s.Event["detail"].(map[string]any)
		switch s.Event["detail-type"] {
		case backupJobEvent, copyJobEvent:
			tr = JobAlert()
			must = []string{str(detail["state"]), str(detail["backupJobId"]) + str(detail["copyJobId"])}
		default:
			// Restore jobs raise no alert (FailedJobs); the state machines'
			// executions raise alarms, not messages of a rule.
			continue
		}
		rendered++
		t.Run(name, func(t *testing.T) {
			msg := transform(tr, s.Event)
			for _, part := range append(must, str(s.Event["account"]), str(s.Event["region"])) {
				assert.Contains(t, msg, part, "from %s", s.Documentation)
			}
			assert.Contains(t, msg, "Investigate")
			if m, ok := detail["statusMessage"].(string); ok {
				assert.Contains(t, msg, "Status message: "+m)
			}
			golden := filepath.Join("testdata", "alerts", name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(msg+"\n"), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./provider/events -run TestAlertMessages -update")
			assert.Equal(t, string(want), msg+"\n")
		})
	}
	assert.Greater(t, rendered, 20)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// transform is EventBridge's documented input transformation of a
// plain-text template
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html):
// each <variable> is replaced by the value its JSON path selects, a string
// as its text (not escaped) and any other value as JSON; a path the event
// lacks creates no variable, so its placeholder renders empty.
func transform(tr Transformer, event map[string]any) string {
	values := map[string]string{}
	for variable, path := range tr.InputPaths {
		var node any = event
		for _, key := range strings.Split(strings.TrimPrefix(path, "$."), ".") {
			object, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			if node, ok = object[key]; !ok {
				break
			}
		}
		if node == nil {
			continue
		}
		if s, ok := node.(string); ok {
			values[variable] = s
		} else {
			out, _ := json.Marshal(node)
			values[variable] = string(out)
		}
	}
	return placeholder.ReplaceAllStringFunc(tr.InputTemplate, func(p string) string {
		return values[p[1:len(p)-1]]
	})
}

func TestTransformSubstitutesAsDocumented(t *testing.T) {
	// The documentation's example: an EC2 event, its paths and "Simple string" template.
	event := map[string]any{"detail": map[string]any{"instance-id": "i-0123456789", "state": "RUNNING"}}
	tr := Transformer{
		InputPaths:    map[string]string{"instance": "$.detail.instance-id", "state": "$.detail.state", "gone": "$.detail.gone"},
		InputTemplate: `"instance <instance> is in <state><gone>"`,
	}
	assert.Equal(t, `"instance i-0123456789 is in RUNNING"`, transform(tr, event))
}
