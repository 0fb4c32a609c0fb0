package cost

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// Summary is one line for render's summary: the monthly fixed total.
func (r Report) Summary() string {
	return fmt.Sprintf("monthly fixed cost: $%.2f (%s list prices of %s; usage and per-GB copies extra, see cost.md)",
		r.FixedUSD, r.PriceRegion, r.PriceDate)
}

// JSON is the report as indented JSON (cost.json): groups sorted by
// deployment and Region, lines in a fixed order.
func (r Report) JSON() string {
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		panic(err) // the report holds strings, numbers and slices
	}
	return string(out) + "\n"
}

func usd(v float64) string { return fmt.Sprintf("$%.2f", v) }

func region(g Group) string {
	if g.Region == "" {
		return "account-wide"
	}
	return g.Region
}

func deployment(g Group) string {
	if g.Deployment == "" {
		return "(shared)"
	}
	return g.Deployment
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Markdown is the report as cost.md.
func (r Report) Markdown() string {
	var b strings.Builder
	a := r.Assumptions
	fmt.Fprintf(&b, "# Estimated monthly cost\n\n")
	fmt.Fprintf(&b, "Prices: %s list prices of %s (see docs/cost.md). A month is %d hours.\n\n", r.PriceRegion, r.PriceDate, HoursPerMonth)
	fmt.Fprintf(&b, "| | monthly |\n|---|---:|\n")
	fmt.Fprintf(&b, "| **fixed** (planned resources) | **%s** |\n", usd(r.FixedUSD))
	fmt.Fprintf(&b, "| usage at the stated volumes | %s |\n", usd(r.UsageUSD))
	fmt.Fprintf(&b, "| copies at the stated sizes | %s |\n\n", usd(r.CopiesUSD))
	fmt.Fprintf(&b, "Assumptions: %s per deployment; %d recovery points in the reconciler's window; "+
		"%d key rotations; %g GB logs per log group; %g events forwarded; sizes (GB): member %g, intermediate %g, "+
		"standard %g, air-gapped %g, cold %g, copied %g, cross-Region %g, member locked %g.\n\n",
		config.Count(a.MemberAccounts, "member account"), a.RecoveryPointsInWindow, a.KeyRotations, a.LogGBPerGroup, a.EventsPerMonth,
		a.MemberVaultGB, a.IntermediateVaultGB, a.StandardVaultGB, a.LAGVaultGB, a.ColdGB, a.CopiedGB, a.CrossRegionGB,
		a.MemberLockedVaultGB)
	if len(r.Unpriced) > 0 {
		fmt.Fprintf(&b, "**Not priced** (no price line): %s\n\n", strings.Join(r.Unpriced, ", "))
	}
	for _, g := range r.Groups {
		fmt.Fprintf(&b, "## %s — %s\n\n", deployment(g), region(g))
		fmt.Fprintf(&b, "Fixed %s, usage %s, copies %s.\n\n", usd(g.FixedUSD), usd(g.UsageUSD), usd(g.CopiesUSD))
		fmt.Fprintf(&b, "| item | kind | quantity | unit | unit price | monthly | formula |\n|---|---|---:|---|---:|---:|---|\n")
		for _, l := range append(append([]Line{}, g.Lines...), g.Copies...) {
			price, monthly := fmt.Sprintf("$%g", l.UnitUSD), usd(l.MonthlyUSD)
			switch {
			case !l.Priced:
				price, monthly = "not found", "—"
			case l.Kind == Free:
				price = "free"
			}
			fmt.Fprintf(&b, "| %s | %s | %.4g | %s | %s | %s | %s |\n", cell(l.Item), l.Kind, l.Quantity, cell(l.Unit),
				price, monthly, cell(l.Formula))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## Price table (%s, %s)\n\n| key | service | item | price | source |\n|---|---|---|---|---|\n", r.PriceDate, r.PriceRegion)
	for _, p := range r.Prices {
		price := fmt.Sprintf("$%g per %s", p.USD, p.Unit)
		switch {
		case p.Free:
			price = "free: " + p.Reason
		case p.NotFound:
			price = p.Reason
		}
		src := p.Source
		if p.Via != "" {
			src += " (figure via " + p.Via + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", p.Key, p.Service, cell(p.Item), cell(price), src)
	}
	return b.String()
}
