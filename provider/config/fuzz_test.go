package config

import (
	"errors"
	"testing"
)

// FuzzValidate feeds arbitrary YAML or JSON to the input reader and the
// validation: they never panic, and every problem names its path.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(`{"centralAccountResourceNamePrefix": "backup-", "memberAccountResourceNamePrefix": "org-",
  "deployments": {"web": {"backupTargets": ["ou-abcd-defghijk"], "plans": {"gold": {"rules": [
    {"scheduleExpression": "cron(0 3 ? * * *)", "deleteAfterDays": 7}]}}}}}`))
	f.Add([]byte("deployments:\n  web:\n    backupTargets: [r-abcd]\n    minRetentionDays: 400\n    maxRetentionDays: 7\n" +
		"    plans:\n      p:\n        useLogicallyAirGappedVault: true\n        rules:\n" +
		"          - {scheduleExpression: 'cron(0/5 * * * ? *)', startBackupWindowMinutes: 30}\n"))
	f.Add([]byte("regions: [eu-west-2, eu-west-2, xx-1]\nmemberAccountResources: Other\ntags: {'aws:x': y}\n"))
	ctx := Context{Partition: "aws", AccountID: "111111111111", OrganizationID: "o-abcd1234ef",
		ManagementAccountID: "999999999999", Region: "eu-west-2"}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Load(data)
		if err != nil {
			return
		}
		if _, err := Resolve(file.Config, ctx); err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("not a list of problems: %v", err)
			}
			for _, p := range ps {
				if p.Path == "" || p.Message == "" {
					t.Fatalf("problem without path or message: %q", p.String())
				}
			}
		}
	})
}
