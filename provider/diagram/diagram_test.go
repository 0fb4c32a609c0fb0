package diagram

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

func build(t *testing.T, name string) central.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "config", name))
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	r, err := central.Build(f.Config, f.Context)
	require.NoError(t, err)
	return r
}

var fence = regexp.MustCompile("(?ms)^```mermaid\n(.*?)^```$")

func flowcharts(t *testing.T, md string) []string {
	t.Helper()
	var out []string
	for _, m := range fence.FindAllStringSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

// nodeLine is the line declaring node id, or "".
func nodeLine(chart, id string) string {
	for _, l := range strings.Split(chart, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, id) && len(l) > len(id) && strings.ContainsAny(l[len(id):len(id)+1], "[({") {
			return l
		}
	}
	return ""
}

func TestReferenceStructure(t *testing.T) {
	md := Markdown(build(t, "reference.yaml"))
	charts := flowcharts(t, md)
	require.Len(t, charts, 1)
	c := charts[0]
	assert.True(t, strings.HasPrefix(c, "%%{init: {\"flowchart\": {\"wrappingWidth\": 400}}}%%\nflowchart TB\n"), c)
	assert.Contains(t, md, "## Deployment website-service\n")

	// one region, one subgraph, holding the member and the central account
	assert.Equal(t, 1, strings.Count(c, `_region["`))
	assert.Contains(t, c, `subgraph r0_region["eu-west-2"]`)
	assert.Contains(t, c, `subgraph r0_member["Member accounts (StackSet orgdeploy-aws-backup-website-service)"]`)
	assert.Contains(t, c, `subgraph r0_central["Central account 111111111111"]`)

	// the physical names on one node per kind
	for id, want := range map[string][]string{
		"ous":             {"ou-abcd-defghijk"},
		"policy":          {"immutable-aws-backup-website-service"},
		"r0_cmk":          {"orgdeploy-aws-backup-website-service-cmk"},
		"r0_default":      {"orgdeploy-aws-backup-website-service-default"},
		"r0_intermediate": {"immutable-aws-backup-website-service-intermediate", "alias/immutable-aws-backup-website-service"},
		"r0_standard":     {"immutable-aws-backup-website-service-standard-7-90 (current)"},
		"r0_bus":          {"immutable-aws-backup-website-service"},
		"r0_ingest":       {"immutable-aws-backup-website-service-backup-ingest"},
		"r0_restore":      {"immutable-aws-backup-website-service-backup-restore"},
		"r0_reconcile":    {"immutable-aws-backup-website-service-backup-reconcile"},
		"r0_topic":        {"immutable-aws-backup-website-service-alerts"},
		"r0_alarms":       {"immutable-aws-backup-website-service-executions-failed", "immutable-aws-backup-website-service-reconciler-heartbeat"},
	} {
		line := nodeLine(c, id)
		require.NotEmpty(t, line, id)
		for _, w := range want {
			assert.Contains(t, line, w, id)
		}
	}
	assert.Equal(t, 1, strings.Count(c, "r0_standard[("), "one node for the standard vaults")

	// no LAG plan, no LAG vault: neither the node nor the copy to it
	assert.NotContains(t, c, "_lag")
	assert.NotContains(t, c, "air-gapped")
	assert.NotContains(t, c, "r0_share")

	// the copy path
	for _, edge := range []string{
		`ous -->|"backup jobs"| r0_cmk`,
		`r0_cmk -->|"copy"| r0_intermediate`,
		`r0_intermediate -->|"copy"| r0_standard`,
		`r0_bus -.->|"ingest rule"| r0_ingest`,
		`r0_bus -.->|"failed jobs"| r0_topic`,
	} {
		assert.Contains(t, c, "    "+edge+"\n")
	}
}

func TestLAGPITRStructure(t *testing.T) {
	c := flowcharts(t, Markdown(build(t, "lag-pitr.yaml")))
	require.Len(t, c, 1)
	chart := c[0]

	// the two regions, the primary first, each a subgraph with its own vaults
	first, second := strings.Index(chart, `subgraph r0_region["eu-west-2"]`), strings.Index(chart, `subgraph r1_region["eu-west-1"]`)
	require.GreaterOrEqual(t, first, 0)
	require.Greater(t, second, first)
	for _, r := range []string{"r0", "r1"} {
		member := nodeLine(chart, r+"_memberlag")
		assert.Contains(t, member, "org-aws-backup-ca-prod-lag-7-35", "the member accounts' air-gapped vault")
		assert.Contains(t, chart, "    "+r+`_cmk -->|"copy of temporary backups"| `+r+"_memberlag\n")
		lag := nodeLine(chart, r+"_lag")
		require.NotEmpty(t, lag, r)
		assert.Contains(t, lag, "Logically air-gapped vaults")
		assert.Contains(t, lag, "aws-backup-ca-prod-lag-7-35 (current)")
		assert.Contains(t, lag, "aws-backup-ca-prod-lag-7-12 (retained)")
		std := nodeLine(chart, r+"_standard")
		assert.Contains(t, std, "aws-backup-ca-prod-standard-7-35 (current)")
		assert.Contains(t, std, "aws-backup-ca-prod-standard-7-12 (retained)")
		assert.Less(t, strings.Index(std, "7-35 (current)"), strings.Index(std, "7-12 (retained)"), "the current vault first")
		assert.Contains(t, chart, "    "+r+`_cmk -->|"copy (LAG plans, supported types)"| `+r+"_lag\n")
		assert.Contains(t, chart, "    "+r+`_share -.->|"shares with targets"| `+r+"_lag\n")
		assert.Contains(t, nodeLine(chart, r+"_topic"), "aws-backup-ca-prod-alerts")
	}
	assert.Contains(t, nodeLine(chart, "ous"), "ou-abcd-11111111<br/>ou-abcd-22222222")
	assert.Contains(t, nodeLine(chart, "policy"), "aws-backup-ca-prod<br/>aws-backup-ca-prod.2")
	assert.NotContains(t, nodeLine(chart, "policy"), "guard", "the guard is a service control policy, not a backup policy")
	assert.Equal(t, 2, strings.Count(chart, "_lag[("), "one LAG node per region")
}

func TestMemberStacksAndExistingTopic(t *testing.T) {
	md := Markdown(build(t, "member-stacks.yaml"))
	charts := flowcharts(t, md)
	require.Len(t, charts, 2)
	// deployments in key order
	assert.Less(t, strings.Index(md, "## Deployment analytics"), strings.Index(md, "## Deployment payments"))
	analytics, payments := charts[0], charts[1]
	assert.Contains(t, analytics, `["Member accounts (MemberAccount stacks)"]`)
	assert.Contains(t, nodeLine(analytics, "r0_topic"), "Existing alert topic</b><br/>arn:aws:sns:eu-west-2:111111111111:platform-alerts")
	assert.NotContains(t, analytics, "_lag")
	assert.NotEmpty(t, nodeLine(payments, "r0_lag"))
	assert.Empty(t, nodeLine(payments, "r0_share"), "restores are not shared")
}

func TestDeterministic(t *testing.T) {
	for _, name := range []string{"reference.yaml", "lag-pitr.yaml", "member-stacks.yaml", "reference-lag.yaml"} {
		want := Markdown(build(t, name))
		for range 5 {
			assert.Equal(t, want, Markdown(build(t, name)), name)
		}
	}
}

// label is a quoted node, subgraph or edge label.
var label = regexp.MustCompile(`(\[|\(|\{|\||\[\[|\[\(|\(\[|\{\{)"(.*?)"(\]|\)|\}|\||\]\]|\)\]|\]\)|\}\})`)

func TestLabelsHoldNoRawQuotes(t *testing.T) {
	r := build(t, "lag-pitr.yaml")
	hostile := `a "quoted" [name] {x} (y) <b>bold</b> & #35; ` + "`t`" + ` |p| end`
	for key, s := range r.Deployments {
		for region, rs := range s.Regions {
			rs.AlarmNames = append([]string{hostile}, rs.AlarmNames...)
			rs.EventBusName = hostile
			s.Regions[region] = rs
		}
		r.Deployments[key] = s
	}
	chart := Flowchart(r, "ca-prod")
	for _, l := range strings.Split(chart, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "class") || l == "end" || l == "flowchart TB" || strings.HasPrefix(l, "%%") {
			continue
		}
		// every quote of a line opens or closes a label
		stripped := label.ReplaceAllString(l, "")
		assert.NotContains(t, stripped, `"`, l)
		for _, m := range label.FindAllStringSubmatch(l, -1) {
			text := strings.NewReplacer("<b>", "", "</b>", "", "<br/>", "").Replace(m[2])
			assert.NotContains(t, text, "<", l)
			assert.NotContains(t, text, "`", l)
		}
	}
	assert.Contains(t, chart, `a #34;quoted#34; [name] {x} (y) #60;b#62;bold#60;/b#62; #38; #35;35; #96;t#96; |p| end`)
}

func TestEscape(t *testing.T) {
	assert.Equal(t, "plain-name_1.2/x", Escape("plain-name_1.2/x"))
	assert.Equal(t, "#34;#35;#38;#60;#62;#96;", Escape("\"#&<>`"))
	assert.Equal(t, "a b", Escape("a\nb"))
}

func TestUnknownDeployment(t *testing.T) {
	assert.Empty(t, Flowchart(build(t, "reference.yaml"), "nope"))
}

// TestPagesShowTheReferenceDiagram: docs/diagram.md, and every other page
// of the documentation with a diagram after diagram.ReferenceMarker, shows
// the reference example's current diagram.
func TestPagesShowTheReferenceDiagram(t *testing.T) {
	r := build(t, "reference.yaml")
	chart := Flowchart(r, r.Config.DeploymentKeys()[0])
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	require.NoError(t, err)
	pages = append(pages, filepath.Join("..", "..", "README.md"))
	checked := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		text := string(data)
		i := strings.Index(text, ReferenceMarker)
		if i < 0 {
			continue
		}
		hasBlock := strings.HasPrefix(strings.TrimLeft(text[i+len(ReferenceMarker):], "\n"), "```mermaid\n")
		if !hasBlock && filepath.Base(page) != "diagram.md" {
			t.Logf("%s: %s without a diagram yet", page, ReferenceMarker)
			continue
		}
		embedded, _ := Embed(text, chart)
		rel, _ := filepath.Rel(filepath.Join("..", ".."), page)
		assert.Equal(t, embedded, text, "%s: the reference diagram is not current: go run ./tests/diagram/write -page %s examples/config/reference.yaml", rel, rel)
		checked++
	}
	assert.GreaterOrEqual(t, checked, 1, "docs/diagram.md shows the reference diagram")
}

func TestEmbed(t *testing.T) {
	chart := "flowchart TB\n    a --> b\n"
	want := "x\n" + ReferenceMarker + "\n\n```mermaid\n" + chart + "```\n\nafter\n"
	got, ok := Embed("x\n"+ReferenceMarker+"\n\nafter\n", chart)
	assert.True(t, ok)
	assert.Equal(t, want, got, "inserted")
	again, _ := Embed(got, chart)
	assert.Equal(t, want, again, "idempotent")
	replaced, _ := Embed("x\n"+ReferenceMarker+"\n\n```mermaid\nflowchart LR\n    old --> c\n```\n\nafter\n", chart)
	assert.Equal(t, want, replaced, "replaced")
	_, ok = Embed("no marker", chart)
	assert.False(t, ok)
}
