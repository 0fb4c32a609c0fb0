package cost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The figure docs/cost.md gives for lag-pitr's audit reports: 10 member
// accounts, each with 100 resources in the framework's scope and 3,570
// recovery points a month in each of the 2 Regions (a daily, a weekly and
// a monthly backup of each resource).
func TestAuditReportsEstimateOfLagPitr(t *testing.T) {
	a := DefaultAssumptions()
	a.MemberAccounts, a.AuditedResources, a.RecoveryPointsPerMonth = 10, 100, 3570
	r := Estimate(build(t, "../../examples/config/lag-pitr.yaml"), a)
	find := func(region, prefix string) []Line {
		var out []Line
		for _, g := range r.Groups {
			if g.Region != region {
				continue
			}
			for _, l := range g.Lines {
				if strings.HasPrefix(l.Item, prefix) {
					out = append(out, l)
				}
			}
		}
		return out
	}
	member := find(MemberGroup, "Backup Audit Manager control evaluations")
	require.Len(t, member, 1)
	// (5 daily controls × 100 resources × 730/24 days + 1 recovery point
	// control × 3,570) × 10 accounts × 2 Regions.
	assert.InDelta(t, (5*100*730.0/24+3570)*10*2, member[0].Quantity, 0.01)
	assert.False(t, member[0].Priced)
	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		central := find(region, "Backup Audit Manager control evaluations of the central copies")
		require.Len(t, central, 1, region)
		// 2 recovery point controls × 3,570 × 10 accounts × 2 copies.
		assert.InDelta(t, 2*3570*10*2, central[0].Quantity, 0.01)
		items := find(region, "AWS Config configuration items of the central copies")
		require.Len(t, items, 1)
		assert.InDelta(t, 3570*10*2*2*0.003, items[0].MonthlyUSD, 0.001)
	}
	items := find(MemberGroup, "AWS Config configuration items")
	require.Len(t, items, 1)
	assert.InDelta(t, 3570*2*10*2*0.003, items[0].MonthlyUSD, 0.001)
	reports := find("eu-west-2", "audit reports")
	require.Len(t, reports, 1)
	assert.Empty(t, find("eu-west-1", "audit reports"), "one bucket, in the primary region")
}
