package policy

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

var fuzzRegions = []string{"eu-west-2", "us-east-1", "eu-west-1", "ap-southeast-2", "ca-west-1", "sa-east-1"}

// fuzzConfig builds a config from fuzzed values: the shape is fixed, every
// name, schedule, number and switch comes from the fuzzer.
func fuzzConfig(deployment, plan, schedule, tagKey string, rules, regions uint8, minDays, maxDays, deleteAfter,
	window int, lag, tag, create, snapshot bool,
) config.Config {
	p := config.Plan{
		RequirePlanNameResourceTag:    &tag,
		UseLogicallyAirGappedVault:    lag,
		CreateContinuousBackups:       create,
		SnapshotFromContinuousBackups: &snapshot,
	}
	if window != 0 {
		p.StartBackupWindowMinutes = &window
	}
	for i := range int(rules % 12) {
		days := deleteAfter + i*7
		p.Rules = append(p.Rules, config.Rule{ScheduleExpression: schedule, DeleteAfterDays: &days})
	}
	d := config.Deployment{
		BackupTargets: []string{"ou-abcd-defghijk"},
		BackupTagKey:  tagKey,
		Plans:         map[string]config.Plan{plan: p, plan + "-copy": p},
	}
	if minDays != 0 {
		d.MinRetentionDays = &minDays
	}
	if maxDays != 0 {
		d.MaxRetentionDays = &maxDays
	}
	return config.Config{
		CentralAccountResourceNamePrefix: "backup-",
		MemberAccountResourceNamePrefix:  "org-",
		Regions:                          fuzzRegions[:int(regions)%len(fuzzRegions)],
		Deployments:                      map[string]config.Deployment{deployment: d},
	}
}

func FuzzDocuments(f *testing.F) {
	f.Add("web", "gold", "cron(0 3 ? * * *)", "BackupPlan", uint8(3), uint8(1), 7, 90, 7, 0, false, true, false, true)
	f.Add("data", "air-gapped", "cron(0 2 ? * MON-FRI *)", "Backup", uint8(10), uint8(5), 7, 365, 7, 60, true, true, true, true)
	f.Add("w", "p", "cron(0/5 3 ? * * *)", "", uint8(0), uint8(0), 0, 0, 0, 30, true, false, false, false)
	f.Add("x_y", "plan.name", "cron(0 3 L * ? 2026,2027)", "aws:x", uint8(11), uint8(2), 400, 90, 36501, 120, true, true, true, false)
	ctx := config.Context{Partition: "aws", AccountID: "111111111111", OrganizationID: "o-abcd1234ef",
		ManagementAccountID: "999999999999", Region: "eu-west-2"}
	f.Fuzz(func(t *testing.T, deployment, plan, schedule, tagKey string, rules, regions uint8,
		minDays, maxDays, deleteAfter, window int, lag, tag, create, snapshot bool,
	) {
		in := fuzzConfig(deployment, plan, schedule, tagKey, rules, regions, minDays, maxDays, deleteAfter, window,
			lag, tag, create, snapshot)
		cfg, err := config.Resolve(in, ctx)
		if err != nil {
			requireProblems(t, err)
			return
		}
		docs, err := Documents(cfg, ctx)
		if err != nil {
			requireProblems(t, err)
			return
		}
		again, err := Documents(cfg, ctx)
		if err != nil || len(again) != len(docs) {
			t.Fatalf("second run differs: %v", err)
		}
		for i, d := range docs {
			if d.Content != again[i].Content || d.Name != again[i].Name {
				t.Fatalf("policy %s is not deterministic", d.Name)
			}
			if len(d.Content) > MaxPolicyCharacters {
				t.Fatalf("policy %s has %d characters", d.Name, len(d.Content))
			}
			if !json.Valid([]byte(d.Content)) {
				t.Fatalf("policy %s is not valid JSON", d.Name)
			}
		}
	})
}

func requireProblems(t *testing.T, err error) {
	t.Helper()
	var ps config.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("error is not a list of problems: %v", err)
	}
	for _, p := range ps {
		if p.Path == "" || p.Message == "" {
			t.Fatalf("problem without path or message: %q", p.String())
		}
	}
}
