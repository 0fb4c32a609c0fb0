package cost

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/member"
)

// Assumptions are the user's volumes and sizes. Sizes and volumes apply to
// each deployment and Region alike; DefaultAssumptions leaves every size
// at 0 so the fixed costs stand alone.
type Assumptions struct {
	// MemberAccounts is the number of member accounts each deployment backs
	// up (default 1): the per-account lines are multiplied by it.
	MemberAccounts int `json:"memberAccounts"`
	// RecoveryPointsInWindow is the number of recovery points each
	// reconciler run finds in the intermediate vault's look-back window
	// (statemachine.LookbackDays, 14 days) (default 100).
	RecoveryPointsInWindow int `json:"recoveryPointsInWindow"`
	// KeyRotations is how many automatic rotations the keys have had
	// (default 0, the first year): each adds $1 a month per key.
	KeyRotations int `json:"keyRotations"`
	// LogGBPerGroup is the GB each log group (event bus, ingest, restore)
	// ingests a month (default 0).
	LogGBPerGroup float64 `json:"logGBPerGroup"`
	// EventsPerMonth is the AWS Backup events the member accounts forward
	// to a deployment's central bus in a Region each month (default 0).
	EventsPerMonth float64 `json:"eventsPerMonth"`
	// Copy sizes, in GB stored (GB-month) or transferred each month.
	MemberVaultGB       float64 `json:"memberVaultGB"`
	IntermediateVaultGB float64 `json:"intermediateVaultGB"`
	StandardVaultGB     float64 `json:"standardVaultGB"`
	LAGVaultGB          float64 `json:"lagVaultGB"`
	ColdGB              float64 `json:"coldGB"`
	CopiedGB            float64 `json:"copiedGB"`
	CrossRegionGB       float64 `json:"crossRegionGB"`
	// MemberLockedVaultGB is the GB-month, all member accounts together,
	// of the in-account copies in the member locked vault
	// (inAccountLockedCopies): the backups AWS refuses to copy to the
	// backup account, those of the types AWS Backup does not fully manage
	// on AWS managed keys or unshared customer managed keys (default 0).
	MemberLockedVaultGB float64 `json:"memberLockedVaultGB"`
	// AuditedResources is the number of resources in the scope of an
	// audited deployment's member framework in each member account and
	// Region: each is evaluated daily by every periodic control (default 0).
	AuditedResources float64 `json:"auditedResources"`
	// RecoveryPointsPerMonth is the recovery points an audited deployment's
	// plans make each month in each member account and Region (default 0).
	RecoveryPointsPerMonth float64 `json:"recoveryPointsPerMonth"`
	// ReportGB is the GB-month of an audited deployment's reports in its
	// locked bucket (default 0).
	ReportGB float64 `json:"reportGB"`
}

// DefaultAssumptions are the documented defaults.
func DefaultAssumptions() Assumptions {
	return Assumptions{MemberAccounts: 1, RecoveryPointsInWindow: 100}
}

// The reconciler's state transitions per run, counted on
// statemachine.Reconcile's definition: the start, listing, Map, page
// choice, summary, outcome choice and end of an execution (7), two per
// page of 100 recovery points (the listing and the page choice), and four
// per recovery point already copied (the Map iteration's copy-job listing,
// its choice, the outcome and the end of the iteration). A recovery point
// that needs a copy takes more (about 8); the estimate prices the common
// case.
const (
	ReconcilerTransitionsPerRun           = 7
	ReconcilerTransitionsPerPage          = 2
	ReconcilerTransitionsPerRecoveryPoint = 4
	recoveryPointsPerPage                 = 100
)

// Line kinds.
const (
	Fixed = "fixed" // the planned resources, every month
	Usage = "usage" // at the stated volumes
	Free  = "free"  // resources without a charge of their own
)

// Line is one priced (or free, or unpriced) line of a group.
type Line struct {
	Item       string  `json:"item"`
	Kind       string  `json:"kind"`
	Quantity   float64 `json:"quantity"`
	Unit       string  `json:"unit"`
	Price      string  `json:"price"` // the price table key
	UnitUSD    float64 `json:"unitUSD"`
	MonthlyUSD float64 `json:"monthlyUSD"`
	// Priced is false for a NotFound price: MonthlyUSD is 0 and no total
	// counts the line.
	Priced  bool   `json:"priced"`
	Formula string `json:"formula"`
}

// Group is the estimate of one deployment in one Region ("" for the
// account-wide resources; "member account" for each member account).
type Group struct {
	Deployment string  `json:"deployment"`
	Region     string  `json:"region"`
	Lines      []Line  `json:"lines"`
	Copies     []Line  `json:"copies,omitempty"`
	FixedUSD   float64 `json:"fixedUSD"`
	UsageUSD   float64 `json:"usageUSD"`
	CopiesUSD  float64 `json:"copiesUSD"`
}

// Report is the estimate of one built configuration.
type Report struct {
	PriceDate   string      `json:"priceDate"`
	PriceRegion string      `json:"priceRegion"`
	Assumptions Assumptions `json:"assumptions"`
	Groups      []Group     `json:"groups"`
	FixedUSD    float64     `json:"fixedUSD"`
	UsageUSD    float64     `json:"usageUSD"`
	CopiesUSD   float64     `json:"copiesUSD"`
	// Unpriced are the planned resource types without a price line; a
	// complete table leaves it empty.
	Unpriced []string `json:"unpriced,omitempty"`
	Prices   []Price  `json:"prices"`
}

// MemberGroup is the Region of the per-member-account group.
const MemberGroup = "member account"

// Estimate prices result with the table Prices at assumptions.
func Estimate(result central.Result, assumptions Assumptions) Report {
	return EstimateWith(Prices, result, assumptions)
}

// EstimateWith prices result with table.
func EstimateWith(table Table, result central.Result, a Assumptions) Report {
	if a.MemberAccounts < 0 {
		a.MemberAccounts = 0
	}
	e := estimator{table: table, a: a, unpriced: map[string]bool{}}
	groups := map[[2]string][]desired.Resource{}
	for _, r := range result.Resources {
		k := [2]string{r.Deployment, r.Region}
		groups[k] = append(groups[k], r)
	}
	keys := slices.SortedFunc(maps.Keys(groups), func(x, y [2]string) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	rep := Report{PriceDate: table.Date, PriceRegion: table.Region, Assumptions: a, Prices: table.Lines}
	for _, k := range keys {
		g := e.group(k[0], k[1], groups[k], result)
		rep.Groups = append(rep.Groups, g)
	}
	for _, key := range slices.Sorted(maps.Keys(result.Deployments)) {
		rep.Groups = append(rep.Groups, e.memberGroup(key, result.Config, result.Deployments[key].Member))
	}
	for _, g := range rep.Groups {
		rep.FixedUSD += g.FixedUSD
		rep.UsageUSD += g.UsageUSD
		rep.CopiesUSD += g.CopiesUSD
	}
	rep.Unpriced = slices.Sorted(maps.Keys(e.unpriced))
	return rep
}

type estimator struct {
	table    Table
	a        Assumptions
	unpriced map[string]bool
}

// line builds a line of quantity units at price key.
func (e estimator) line(kind, item, key string, quantity float64, formula string) Line {
	p, ok := e.table.Line(key)
	l := Line{Item: item, Kind: kind, Quantity: quantity, Unit: p.Unit, Price: key, Priced: ok && p.Priced(), Formula: formula}
	if !l.Priced {
		l.Formula = formula + " (" + cmp.Or(p.Reason, "price not found") + ")"
		return l
	}
	if !p.Free {
		l.UnitUSD = p.USD
		l.MonthlyUSD = quantity * p.USD
	}
	return l
}

func (g *Group) add(l Line) {
	g.Lines = append(g.Lines, l)
	switch l.Kind {
	case Fixed:
		g.FixedUSD += l.MonthlyUSD
	case Usage:
		g.UsageUSD += l.MonthlyUSD
	}
}

func (e estimator) group(deployment, region string, rs []desired.Resource, result central.Result) Group {
	g := Group{Deployment: deployment, Region: region}
	free := map[string]int{}
	var keys, rotated, alarms, alarmMetrics, logGroups, machines, frameworks, buckets int
	var logStoredGB float64
	var reconcilerRuns float64
	var reconcilerNote string
	hasLAG := false
	summary := result.Deployments[deployment].Regions[region]
	for _, r := range rs {
		key, ok := ResourceTypes[r.Type]
		if !ok {
			e.unpriced[r.Type] = true
			continue
		}
		switch r.Type {
		case desired.KMSKey:
			keys++
			if k, _ := desired.ArgsOf[desired.KeyArgs](r); k.EnableKeyRotation {
				rotated++
			}
		case desired.KMSReplicaKey:
			keys++
			rotated++ // a replica shares its primary's rotation
		case desired.MetricAlarm:
			alarms++
			args, _ := desired.ArgsOf[desired.MetricAlarmArgs](r)
			alarmMetrics += AlarmMetrics(args)
		case desired.LogGroup:
			logGroups++
			args, _ := desired.ArgsOf[desired.LogGroupArgs](r)
			logStoredGB += e.a.LogGBPerGroup * float64(args.RetentionInDays) * 24 / HoursPerMonth
		case desired.StateMachine:
			machines++
			free[key]++
			if summary.ReconcilerStateMachineARN != "" && strings.HasSuffix(summary.ReconcilerStateMachineARN, ":"+r.PhysicalName) {
				schedule := result.Config.Deployments[deployment].ReconciliationSettings().ScheduleExpression
				runs, ok := RunsPerMonth(schedule)
				if ok {
					reconcilerRuns += runs
				}
				reconcilerNote = schedule
				if !ok {
					reconcilerNote += " (not understood: priced at 0 runs)"
				}
			}
		case desired.BackupLogicallyAirGapped, desired.BackupAirGappedVault:
			hasLAG = true
			free[key]++
		case desired.BackupFramework:
			frameworks++
		case desired.S3Bucket:
			buckets++
		default:
			free[key]++
		}
	}
	if keys > 0 {
		g.add(e.line(Fixed, "KMS keys", KMSKeyMonth, float64(keys), fmt.Sprintf("%d keys × key-month", keys)))
		if e.a.KeyRotations > 0 && rotated > 0 {
			n := rotated * e.a.KeyRotations
			g.add(e.line(Fixed, "KMS rotated backing keys", KMSRotation, float64(n),
				fmt.Sprintf("%d rotating keys × %d rotations", rotated, e.a.KeyRotations)))
		}
	}
	if alarms > 0 {
		g.add(e.line(Fixed, "CloudWatch alarms", AlarmMetricMonth, float64(alarmMetrics),
			fmt.Sprintf("%d alarms watching %d metrics × alarm metric-month", alarms, alarmMetrics)))
	}
	if reconcilerNote != "" {
		rp := e.a.RecoveryPointsInWindow
		pages := max(1, (rp+recoveryPointsPerPage-1)/recoveryPointsPerPage)
		perRun := ReconcilerTransitionsPerRun + pages*ReconcilerTransitionsPerPage + rp*ReconcilerTransitionsPerRecoveryPoint
		transitions := reconcilerRuns * float64(perRun)
		g.add(e.line(Fixed, "reconciler state transitions", SFNStandardTransitions, transitions/1000,
			fmt.Sprintf("%s = %.2f runs × (%d + %d pages × %d + %d recovery points × %d) transitions / 1,000",
				reconcilerNote, reconcilerRuns, ReconcilerTransitionsPerRun, pages, ReconcilerTransitionsPerPage,
				rp, ReconcilerTransitionsPerRecoveryPoint)))
	}
	if logGroups > 0 {
		gb := e.a.LogGBPerGroup * float64(logGroups)
		g.add(e.line(Usage, "log ingestion", LogsIngestGB, gb,
			fmt.Sprintf("%d log groups × %g GB", logGroups, e.a.LogGBPerGroup)))
		g.add(e.line(Usage, "log storage", LogsStorageGBMonth, logStoredGB,
			"GB ingested a month × retention in months, per log group"))
	}
	if frameworks > 0 {
		e.centralAuditLines(&g, result.Config)
	}
	if buckets > 0 {
		e.reportLines(&g)
	}
	if summary.EventBusARN != "" {
		g.add(e.line(Usage, "events delivered from member accounts", EventsCustomMillion, e.a.EventsPerMonth/1e6,
			fmt.Sprintf("%g events / 1M", e.a.EventsPerMonth)))
	}
	if summary.IngestStateMachineARN != "" {
		g.add(e.line(Usage, "ingest EXPRESS executions", SFNExpressRequests, 0, "one execution per forwarded event"))
	}
	for _, key := range slices.Sorted(maps.Keys(free)) {
		p, _ := e.table.Line(key)
		g.add(e.line(Free, p.Service+": "+p.Item, key, float64(free[key]), config.Count(free[key], "resource")+", no charge of their own"))
	}
	if summary.IntermediateVaultARN != "" {
		g.copies(e, "intermediate vault (warm)", BackupWarmGBMonth, e.a.IntermediateVaultGB)
		g.copies(e, "locked standard vault (warm)", BackupWarmGBMonth, e.a.StandardVaultGB)
		if hasLAG {
			g.copies(e, "logically air-gapped vault", BackupLAGGBMonth, e.a.LAGVaultGB)
		}
		g.copies(e, "cold storage", BackupColdGBMonth, e.a.ColdGB)
		g.copies(e, "member → intermediate copies (same Region)", BackupCrossAccountGB, e.a.CopiedGB)
		g.copies(e, "cross-Region copies", BackupCrossRegionGB, e.a.CrossRegionGB)
	}
	return g
}

func (g *Group) copies(e estimator, item, key string, gb float64) {
	l := e.line(Usage, item, key, gb, rateFormula(e.table, key, gb))
	g.Copies = append(g.Copies, l)
	g.CopiesUSD += l.MonthlyUSD
}

// memberGroup is what each member account of deployment key holds,
// multiplied by the number of member accounts.
func (e estimator) memberGroup(key string, cfg config.Config, in member.Input) Group {
	g := Group{Deployment: key, Region: MemberGroup}
	if len(in.Regions) == 0 {
		return g
	}
	n := float64(e.a.MemberAccounts)
	free := map[string]int{}
	for _, r := range member.Resources(in, member.Account{ID: "000000000000", Region: in.Regions[0]}) {
		k, ok := ResourceTypes[r.Type]
		if !ok {
			e.unpriced[r.Type] = true
			continue
		}
		if r.Type != desired.BackupFramework { // priced below, per evaluation
			free[k]++
		}
	}
	if in.AuditFramework != nil {
		e.memberAuditLines(&g, *in.AuditFramework, len(in.Regions))
	}
	if cfg.MemberAccountResources == config.StackSet {
		for _, t := range TemplateResourceTypes(in) {
			if _, ok := TemplateTypes[t]; !ok {
				e.unpriced[t] = true
			}
		}
		g.add(e.line(Usage, "vault manager Lambda (runs on StackSet operations only; idle otherwise)",
			LambdaRequestsMillion, 0, "requests / 1M; no charge while idle"))
	}
	for _, k := range slices.Sorted(maps.Keys(free)) {
		p, _ := e.table.Line(k)
		g.add(e.line(Free, p.Service+": "+p.Item, k, float64(free[k])*n,
			config.Count(free[k], "resource")+" × "+config.Count(e.a.MemberAccounts, "account")+", no charge of their own"))
	}
	l := e.line(Usage, "member vault (warm), all accounts", BackupWarmGBMonth, e.a.MemberVaultGB,
		rateFormula(e.table, BackupWarmGBMonth, e.a.MemberVaultGB))
	g.Copies = append(g.Copies, l)
	g.CopiesUSD += l.MonthlyUSD
	if cfg.Deployments[key].UsesMemberLockedVault() {
		// The locked vault itself is one of the free vaults above; its
		// in-account copies are stored at the warm rate, and a copy within
		// one account and Region has no transfer charge.
		l := e.line(Usage, "member locked vault (warm): in-account copies of the backups AWS refuses to copy to "+
			"the backup account, all accounts", BackupWarmGBMonth, e.a.MemberLockedVaultGB,
			rateFormula(e.table, BackupWarmGBMonth, e.a.MemberLockedVaultGB))
		g.Copies = append(g.Copies, l)
		g.CopiesUSD += l.MonthlyUSD
		g.Copies = append(g.Copies, e.line(Free, "in-account copies into the member locked vault (same account "+
			"and Region)", BackupSameRegionCopy, 0, "no transfer charge"))
	}
	return g
}

// TemplateResourceTypes are the resource types of the member StackSet
// template of in, sorted.
func TemplateResourceTypes(in member.Input) []string {
	var t struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal([]byte(member.Template(in)), &t); err != nil {
		panic(err) // member.Template marshals a map
	}
	set := map[string]bool{}
	for _, r := range t.Resources {
		set[r.Type] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// AlarmMetrics is the number of metrics an alarm is charged for: one for
// an alarm on a metric, and each metric a metric-math alarm retrieves.
func AlarmMetrics(a desired.MetricAlarmArgs) int {
	if len(a.MetricQueries) == 0 {
		return 1
	}
	n := 0
	for _, q := range a.MetricQueries {
		if q.Metric != nil {
			n++
		}
	}
	return n
}

// rateFormula is "GB × rate" for a per-GB line.
func rateFormula(table Table, key string, gb float64) string {
	p, _ := table.Line(key)
	if p.NotFound {
		return fmt.Sprintf("%g GB × rate per %s", gb, p.Unit)
	}
	return fmt.Sprintf("%g GB × $%g per %s", gb, p.USD, p.Unit)
}
