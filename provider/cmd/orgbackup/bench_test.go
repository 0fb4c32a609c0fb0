package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// grownConfig is examples/config/reference.yaml with n more tags, plans
// (in its deployment), rules (in its plan) or deployments: the shapes a
// configuration grows in. Past AWS's limits (50 tags, 10 rules a plan, 10
// policies an OU) they are refused, after the whole file is read and
// validated: that is the work that must stay linear.
func grownConfig(tb testing.TB, kind string, n int) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../../examples/config/reference.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	base := string(data)
	var more strings.Builder
	switch kind {
	case "tags":
		more.WriteString("tags:\n")
		for i := range n {
			fmt.Fprintf(&more, "  key%d: value%d\n", i, i)
		}
		return []byte(base + more.String())
	case "plans":
		for i := range n {
			fmt.Fprintf(&more, "      p%d:\n        rules:\n          - {scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}\n", i)
		}
		return []byte(strings.Replace(base, "    plans:\n", "    plans:\n"+more.String(), 1))
	case "rules":
		for i := range n {
			fmt.Fprintf(&more, "          - {name: r%d, scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}\n", i)
		}
		return []byte(strings.Replace(base, "        rules:\n", "        rules:\n"+more.String(), 1))
	case "deployments":
		for i := range n {
			fmt.Fprintf(&more, "  d%d:\n    backupTargets: [ou-abcd-%08d]\n    minRetentionDays: 7\n    maxRetentionDays: 90\n"+
				"    backupTagKey: BackupPlan\n    plans:\n      p:\n        rules:\n"+
				"          - {scheduleExpression: 'cron(0 3 ? * * *)', deleteAfterDays: 7}\n", i, i)
		}
		return []byte(strings.Replace(base, "deployments:\n", "deployments:\n"+more.String(), 1))
	}
	tb.Fatalf("unknown kind %q", kind)
	return nil
}

// BenchmarkLoadAndBuild reads and plans configurations of growing size:
// ns/op and B/op doubling with n is linear work. yaml.v3's check for
// repeated keys, when it decoded into Go maps, compared every key of a
// mapping with every other (16k tags 1.1 s, 32k 3.0 s); Load now walks the
// node tree and checks them with a map.
func BenchmarkLoadAndBuild(b *testing.B) {
	for _, kind := range []string{"tags", "plans", "rules", "deployments"} {
		for _, n := range []int{1000, 2000, 4000, 8000} {
			if kind == "deployments" {
				n /= 10 // each deployment plans about 100 resources
			}
			data := grownConfig(b, kind, n)
			b.Run(fmt.Sprintf("%s=%d", kind, n), func(b *testing.B) {
				for b.Loop() {
					file, err := config.Load(data)
					if err != nil {
						continue
					}
					_, _ = central.Build(file.Config, file.Context)
				}
			})
		}
	}
}
