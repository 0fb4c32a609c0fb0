package cost

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
)

func build(t *testing.T, path string) central.Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := central.Build(f.Config, f.Context)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func examples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../examples/config/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	return files
}

func price(t *testing.T, key string) float64 {
	t.Helper()
	p, ok := Prices.Line(key)
	if !ok || p.NotFound || p.Free {
		t.Fatalf("no price for %s", key)
	}
	return p.USD
}

// The reference example's fixed monthly cost, by hand: in eu-west-2, the
// deployment's multi-Region key and the alerts key (2 keys); 3 alarms,
// whose metric-math queries retrieve 14 metrics; and the reconciler on
// rate(6 hours) (730 / 6 runs a month), each run 7 + 1 page × 2 + 100
// recovery points × 4 = 409 transitions. Everything else is free.
func TestReferenceTotals(t *testing.T) {
	r := Estimate(build(t, "../../examples/config/reference.yaml"), DefaultAssumptions())
	want := 2*price(t, KMSKeyMonth) +
		14*price(t, AlarmMetricMonth) +
		730.0/6*409/1000*price(t, SFNStandardTransitions)
	if math.Abs(r.FixedUSD-want) > 1e-9 {
		t.Errorf("fixed total %.6f, want %.6f", r.FixedUSD, want)
	}
	if r.UsageUSD != 0 || r.CopiesUSD != 0 {
		t.Errorf("usage %.2f and copies %.2f at 0 GB and 0 events, want 0", r.UsageUSD, r.CopiesUSD)
	}
	if got, wantLine := r.Summary(), "monthly fixed cost: $4.64 "; !strings.HasPrefix(got, wantLine) {
		t.Errorf("summary %q, want it to start %q", got, wantLine)
	}

	// Sizes turn on the per-GB formulas: 100 GB in the member vaults, the
	// intermediate and the locked vault each at the warm rate.
	a := DefaultAssumptions()
	a.MemberVaultGB, a.IntermediateVaultGB, a.StandardVaultGB = 100, 100, 100
	a.LogGBPerGroup = 1
	a.KeyRotations = 1
	sized := Estimate(build(t, "../../examples/config/reference.yaml"), a)
	if want := 300 * price(t, BackupWarmGBMonth); math.Abs(sized.CopiesUSD-want) > 1e-9 {
		t.Errorf("copies %.6f, want %.6f", sized.CopiesUSD, want)
	}
	// 3 log groups × 1 GB ingested, each kept LogRetentionDays.
	stored := 3 * float64(central.LogRetentionDays) * 24 / HoursPerMonth
	if want := 3*price(t, LogsIngestGB) + stored*price(t, LogsStorageGBMonth); math.Abs(sized.UsageUSD-want) > 1e-9 {
		t.Errorf("usage %.6f, want %.6f", sized.UsageUSD, want)
	}
	// Both keys rotate: one rotation adds a backing key each.
	if want := r.FixedUSD + 2*price(t, KMSRotation); math.Abs(sized.FixedUSD-want) > 1e-9 {
		t.Errorf("fixed with a rotation %.6f, want %.6f", sized.FixedUSD, want)
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	for _, f := range examples(t) {
		first := Estimate(build(t, f), DefaultAssumptions())
		for range 5 {
			again := Estimate(build(t, f), DefaultAssumptions())
			if again.Markdown() != first.Markdown() || again.JSON() != first.JSON() || again.Summary() != first.Summary() {
				t.Fatalf("%s: output differs between runs", f)
			}
		}
	}
}

// Every resource type that Build or the member resources plan for every
// example, and every type of the member StackSet template, has a price
// line or a free line with its reason and URL; a new type fails here.
func TestEveryPlannedTypeIsPriced(t *testing.T) {
	check := func(where, typ, key string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("%s: resource type %s has no line in cost.ResourceTypes/TemplateTypes", where, typ)
			return
		}
		p, found := Prices.Line(key)
		switch {
		case !found:
			t.Errorf("%s: %s maps to %q, which is not in the price table", where, typ, key)
		case !strings.HasPrefix(p.Source, "https://"):
			t.Errorf("%s: price line %s has no source URL", where, key)
		case p.Free && p.Reason == "":
			t.Errorf("%s: free line %s gives no reason", where, key)
		case !p.Free && !p.NotFound && p.USD <= 0:
			t.Errorf("%s: line %s has no price", where, key)
		}
	}
	for _, f := range examples(t) {
		r := build(t, f)
		for _, res := range r.Resources {
			key, ok := ResourceTypes[res.Type]
			check(f, res.Type, key, ok)
		}
		for name, s := range r.Deployments {
			for _, res := range member.Resources(s.Member, member.Account{ID: "000000000000", Region: s.Member.Regions[0]}) {
				key, ok := ResourceTypes[res.Type]
				check(f+" member "+name, res.Type, key, ok)
			}
			for _, typ := range TemplateResourceTypes(s.Member) {
				key, ok := TemplateTypes[typ]
				check(f+" template "+name, typ, key, ok)
			}
		}
		if rep := Estimate(r, DefaultAssumptions()); len(rep.Unpriced) > 0 {
			t.Errorf("%s: unpriced %v", f, rep.Unpriced)
		}
	}
	// The catalogue's resource types, too, so a type added there is priced
	// before a plan uses it.
	for _, typ := range []string{desired.OrganizationalUnit, desired.StackReference} {
		key, ok := ResourceTypes[typ]
		check("catalogue", typ, key, ok)
	}
}

func TestPriceLinesAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Prices.Lines {
		if seen[p.Key] {
			t.Errorf("duplicate key %s", p.Key)
		}
		seen[p.Key] = true
		if p.NotFound && !strings.HasPrefix(p.Reason, "price not found: https://") {
			t.Errorf("%s: a missing price says %q, want \"price not found: <url tried>\"", p.Key, p.Reason)
		}
		if p.NotFound && p.USD != 0 {
			t.Errorf("%s: a missing price carries a number", p.Key)
		}
	}
}

func TestAlarmMetrics(t *testing.T) {
	single := desired.MetricAlarmArgs{MetricName: "Errors"}
	metricMath := desired.MetricAlarmArgs{MetricQueries: []desired.MetricAlarmQuery{
		{ID: "a", Metric: &desired.MetricAlarmMetric{MetricName: "A"}},
		{ID: "b", Metric: &desired.MetricAlarmMetric{MetricName: "B"}},
		{ID: "e", Expression: "a+b", ReturnData: true},
	}}
	if AlarmMetrics(single) != 1 || AlarmMetrics(metricMath) != 2 {
		t.Errorf("metrics: single %d, math %d; want 1 and 2", AlarmMetrics(single), AlarmMetrics(metricMath))
	}
}

func TestRunsPerMonth(t *testing.T) {
	for expr, want := range map[string]float64{
		"rate(6 hours)":       730.0 / 6,
		"rate(1 day)":         730.0 / 24,
		"rate(30 minutes)":    730.0 * 2,
		"cron(0 3 * * ? *)":   31 * 730.0 / 744,
		"cron(0 */6 * * ? *)": 124 * 730.0 / 744,
		"cron(0 3 1 * ? *)":   730.0 / 744,
		// AWS's L, # and names (config.CronRuns): the 31st, the first
		// Monday (the 4th), the Sundays of January 2027.
		"cron(0 3 L * ? *)":     730.0 / 744,
		"cron(0 3 ? * MON#1 *)": 730.0 / 744,
		"cron(0 5 ? * SUN *)":   5 * 730.0 / 744,
	} {
		got, ok := RunsPerMonth(expr)
		if !ok || math.Abs(got-want) > 1e-9 {
			t.Errorf("RunsPerMonth(%s) = %v, %v; want %v", expr, got, ok, want)
		}
	}
	for _, expr := range []string{"cron(0 3 * * ? 2027)", "cron(0 3 * *)", "daily"} {
		if _, ok := RunsPerMonth(expr); ok {
			t.Errorf("%s is not understood and must say so", expr)
		}
	}
}

// The README states the reference example's fixed monthly cost: it must be
// the estimate's, so a price or a resource that changes it updates the README.
func TestREADMEStatesTheReferenceFixedCost(t *testing.T) {
	r := Estimate(build(t, "../../examples/config/reference.yaml"), DefaultAssumptions())
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("**$%.2f a month**", r.FixedUSD)
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not state the reference example's fixed cost %s", want)
	}
}

// The member locked vault (inAccountLockedCopies, default true) is a free
// vault; its in-account copies cost the warm rate at MemberLockedVaultGB,
// and a copy within one account and Region no transfer. Without it, the
// estimate has neither line.
func TestMemberLockedVaultCopies(t *testing.T) {
	lines := func(r Report) (locked, transfer []Line) {
		for _, g := range r.Groups {
			for _, l := range g.Copies {
				switch {
				case l.Price == BackupSameRegionCopy:
					transfer = append(transfer, l)
				case strings.HasPrefix(l.Item, "member locked vault"):
					locked = append(locked, l)
				}
			}
		}
		return locked, transfer
	}
	a := DefaultAssumptions()
	a.MemberLockedVaultGB = 200
	on := Estimate(build(t, "../../examples/config/reference.yaml"), a)
	locked, transfer := lines(on)
	if len(locked) != 1 || len(transfer) != 1 {
		t.Fatalf("locked vault lines %d and transfer lines %d, want 1 each", len(locked), len(transfer))
	}
	if want := 200 * price(t, BackupWarmGBMonth); math.Abs(locked[0].MonthlyUSD-want) > 1e-9 ||
		math.Abs(on.CopiesUSD-want) > 1e-9 {
		t.Errorf("locked vault copies %.6f (total %.6f), want %.6f", locked[0].MonthlyUSD, on.CopiesUSD, want)
	}
	if l := transfer[0]; l.Kind != Free || !l.Priced || l.MonthlyUSD != 0 {
		t.Errorf("the in-account copy's transfer is %+v, want free", l)
	}
	if p, _ := Prices.Line(BackupSameRegionCopy); !p.Free || p.Source != awsBackupPricing {
		t.Errorf("%s: %+v, want a free line citing %s", BackupSameRegionCopy, p, awsBackupPricing)
	}
	if !strings.Contains(on.Markdown(), "member locked 200.") {
		t.Error("cost.md states the member locked vault's size")
	}

	data, err := os.ReadFile("../../examples/config/reference.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	off := false
	for k, d := range f.Config.Deployments {
		d.InAccountLockedCopies = &off
		f.Config.Deployments[k] = d
	}
	built, err := central.Build(f.Config, f.Context)
	if err != nil {
		t.Fatal(err)
	}
	without := Estimate(built, a)
	if locked, transfer := lines(without); len(locked)+len(transfer) != 0 || without.CopiesUSD != 0 {
		t.Errorf("without inAccountLockedCopies: %d locked vault lines, %d transfer lines, copies %.2f; want none",
			len(locked), len(transfer), without.CopiesUSD)
	}
}

// docs/cost.md shows the reference example's estimate as render writes it
// (its headings two levels down): a resource or price that changes the
// estimate changes the page.
func TestCostPageShowsTheReferenceEstimate(t *testing.T) {
	r := Estimate(build(t, "../../examples/config/reference.yaml"), DefaultAssumptions())
	page, err := os.ReadFile("../../docs/cost.md")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, line := range strings.SplitAfter(r.Markdown(), "\n") {
		if strings.HasPrefix(line, "#") {
			line = "##" + line
		}
		want.WriteString(line)
	}
	if !strings.Contains(string(page), want.String()) {
		t.Error("docs/cost.md's reference estimate is not the one render writes for examples/config/reference.yaml")
	}
}
