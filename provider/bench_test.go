package provider

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
)

// benchmarkArgs is an organization of n deployments, each with its own OU,
// 3 plans of 3 rules and 2 regions.
func benchmarkArgs(n int) OrgBackupArgs {
	args := OrgBackupArgs{
		CentralAccountResourceNamePrefix: "backup-",
		MemberAccountResourceNamePrefix:  "org-backup-",
		Regions:                          []string{"eu-west-2", "eu-west-1"},
		Deployments:                      map[string]Deployment{},
	}
	for d := range n {
		plans := map[string]Plan{}
		for p := range 3 {
			var rules []Rule
			for r := range 3 {
				rules = append(rules, Rule{
					Name:               ptr(fmt.Sprintf("rule%d", r)),
					ScheduleExpression: fmt.Sprintf("cron(0 %d ? * * *)", r),
					DeleteAfterDays:    ptr(7 * (r + 1)),
				})
			}
			plans[fmt.Sprintf("plan%d", p)] = Plan{Rules: rules}
		}
		args.Deployments[fmt.Sprintf("d%03d", d)] = Deployment{
			BackupTargets:    []pulumi.StringInput{pulumi.String(fmt.Sprintf("ou-abcd-%08d", d))},
			MinRetentionDays: ptr(7),
			MaxRetentionDays: ptr(90),
			BackupTagKey:     ptr("BackupPlan"),
			Plans:            plans,
		}
	}
	return args
}

// quietMocks answers like mocks but records nothing.
type quietMocks struct{}

func (quietMocks) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return a.Name + "-id", a.Inputs, nil
}

func (quietMocks) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, err := lookupResults(a.Token)
	return resource.NewPropertyMapFromMap(out), err
}

// resourcesOf counts what constructing args registers.
func resourcesOf(b *testing.B, args OrgBackupArgs) int {
	m, _, err := run(args)
	if err != nil {
		b.Fatal(err)
	}
	return len(m.children)
}

// BenchmarkConstruct constructs an OrgBackup under mocks.
func BenchmarkConstruct(b *testing.B) {
	for _, n := range []int{1, 20, 100} {
		args := benchmarkArgs(n)
		resources := resourcesOf(b, args)
		b.Run(fmt.Sprintf("deployments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := pulumi.RunErr(func(ctx *pulumi.Context) error {
					_, err := NewOrgBackup(ctx, "backup", args)
					return err
				}, pulumi.WithMocks("project", "stack", quietMocks{}))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(resources), "resources/op")
		})
	}
}

// BenchmarkFloor registers as many bare resources under the same mocks:
// what any component of that size costs.
func BenchmarkFloor(b *testing.B) {
	for _, n := range []int{1, 20, 100} {
		resources := resourcesOf(b, benchmarkArgs(n))
		b.Run(fmt.Sprintf("deployments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := pulumi.RunErr(func(ctx *pulumi.Context) error {
					for i := range resources {
						var r pulumi.CustomResourceState
						if err := ctx.RegisterResource("aws:s3/bucket:Bucket", fmt.Sprint("r", i), nil, &r); err != nil {
							return err
						}
					}
					return nil
				}, pulumi.WithMocks("project", "stack", quietMocks{}))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(resources), "resources/op")
		})
	}
}

// BenchmarkBuild runs the pure pipeline alone (central.Build), the part of
// construct that registers nothing.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1, 20, 100} {
		cfg := benchmarkArgs(n).toConfig()
		b.Run(fmt.Sprintf("deployments=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := central.Build(cfg, testContext); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
