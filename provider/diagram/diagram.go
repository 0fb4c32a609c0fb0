// Package diagram draws what one OrgBackup configuration creates as
// Mermaid flowcharts, one per deployment, in a Markdown document GitHub
// shows as pictures: the target OUs and their member accounts, the member
// backup vault, the central intermediate vault, the locked standard vaults
// and, when there are any, the logically air-gapped vaults, with the event
// bus, the ingest, restore and reconciler state machines and the alerts of
// every region. It reads a central.Result only: pure and deterministic.
package diagram

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Markdown is the document render writes as diagram.md: a heading and a
// Mermaid flowchart per deployment, deployments in key order, regions in
// the configuration's order (the primary first).
func Markdown(result central.Result) string {
	var b strings.Builder
	b.WriteString("# What OrgBackup creates\n\n")
	b.WriteString("One diagram per deployment, drawn from the planned resources: solid arrows are the copies of a\n" +
		"recovery point, dotted arrows the events and the workflows acting on it. Each region is a box; the names are\n" +
		"the resources' physical names.\n")
	for _, key := range result.Config.DeploymentKeys() {
		fmt.Fprintf(&b, "\n## Deployment %s\n\n```mermaid\n%s```\n", markdownText(key), Flowchart(result, key))
	}
	return b.String()
}

// Flowchart is the Mermaid flowchart of deployment key, without the
// Markdown fence; "" when result has no such deployment.
func Flowchart(result central.Result, key string) string {
	d, ok := result.Config.Deployments[key]
	if !ok {
		return ""
	}
	summary := result.Deployments[key]
	names := result.Config.Names(key)
	byRegion := resourcesByRegion(result.Resources, key)
	w := &writer{}
	// Top to bottom, with labels wide enough for a physical name on a line:
	// a page's width holds two regions side by side.
	w.line(0, `%%{init: {"flowchart": {"wrappingWidth": 400}}}%%`)
	w.line(0, "flowchart TB")

	// The organization: the backup policies attached to the target OUs.
	ous := []string{"<b>Target OUs and their member accounts</b>"}
	ous = append(ous, d.BackupTargets...)
	w.node(1, "ous", shapeBox, ous...)
	if len(summary.PolicyNames) > 0 {
		w.node(1, "policy", shapeBox, append([]string{"<b>Organization backup policy</b>"}, summary.PolicyNames...)...)
		w.edge("policy", "ous", dotted, "attached to")
	}
	memberLabel := "Member accounts (StackSet " + names.StackSet() + ")"
	if result.Config.MemberAccountResources == config.MemberAccountStacks {
		memberLabel = "Member accounts (MemberAccount stacks)"
	}
	centralLabel := "Central account"
	if account := summaryAccount(summary); account != "" {
		centralLabel += " " + account
	}

	for i, region := range regions(result.Config, summary) {
		rs := summary.Regions[region]
		res := byRegion[region]
		id := func(kind string) string { return fmt.Sprintf("r%d_%s", i, kind) }
		w.subgraph(1, id("region"), region)

		w.subgraph(2, id("member"), memberLabel)
		w.node(3, id("cmk"), shapeVault, "<b>Member backup vault</b>", names.MemberBackupVault(), "central CMK")
		w.node(3, id("default"), shapeVault, "<b>Member restore vault</b>", names.MemberRestoreVault(), "AWS managed key")
		if cfg := d.MemberLAGVaultConfig(); cfg != "" {
			w.node(3, id("memberlag"), shapeVault, "<b>Member logically air-gapped vault</b>", names.MemberLAGVault(cfg),
				"primary target, locked from creation")
		}
		w.end(2)

		w.subgraph(2, id("central"), centralLabel)
		intermediate := []string{"<b>Intermediate vault</b>", rs.IntermediateVaultName}
		if aliases := physicalNames(res, desired.KMSAlias); len(aliases) > 0 {
			intermediate = append(intermediate, "key "+aliases[0])
		}
		w.node(3, id("intermediate"), shapeVault, intermediate...)
		standard := vaultLines("<b>Locked standard vaults</b>", physicalNames(res, desired.BackupVault, rs.IntermediateVaultName), rs.StandardVaultName)
		w.node(3, id("standard"), shapeVault, standard...)
		lag := append(physicalNames(res, desired.BackupLogicallyAirGapped), physicalNames(res, desired.BackupAirGappedVault)...)
		if len(lag) > 0 {
			w.node(3, id("lag"), shapeVault, vaultLines("<b>Logically air-gapped vaults</b>", lag, rs.LAGVaultName)...)
		}
		w.node(3, id("bus"), shapeBus, "<b>Event bus</b>", rs.EventBusName)
		machines := physicalNames(res, desired.StateMachine)
		w.node(3, id("ingest"), shapeMachine, "<b>Ingest state machine</b>", names.IngestStateMachine())
		w.node(3, id("restore"), shapeMachine, "<b>Restore state machine</b>", names.RestoreStateMachine())
		if slices.Contains(machines, names.ReconcilerStateMachine()) {
			w.node(3, id("reconcile"), shapeMachine, "<b>Reconciler state machine</b>", names.ReconcilerStateMachine())
		}
		if share := physicalNames(res, desired.RAMResourceShare); len(share) > 0 {
			w.node(3, id("share"), shapeBox, "<b>RAM share</b>", share[0])
		}
		hasTopic := rs.AlertTopicARN != ""
		if hasTopic {
			if topics := physicalNames(res, desired.SNSTopic); len(topics) > 0 {
				w.node(3, id("topic"), shapeTopic, "<b>Alert topic</b>", topics[0])
			} else {
				w.node(3, id("topic"), shapeTopic, "<b>Existing alert topic</b>", rs.AlertTopicARN)
			}
		}
		if len(rs.AlarmNames) > 0 {
			w.node(3, id("alarms"), shapeBox, append([]string{"<b>Alarms</b>"}, rs.AlarmNames...)...)
		}
		w.end(2)
		w.end(1)

		// The copy path, then the events and workflows.
		w.edge("ous", id("cmk"), solid, "backup jobs")
		if w.has(id("memberlag")) {
			w.edge("ous", id("memberlag"), solid, "backup jobs (fully managed types)")
			w.edge(id("cmk"), id("memberlag"), solid, "copy of temporary backups")
			w.edge(id("memberlag"), id("intermediate"), solid, "copy (fully managed types)")
		}
		if len(lag) > 0 && d.UsesLAG() {
			w.edge(id("cmk"), id("lag"), solid, "copy (LAG plans, supported types)")
		}
		w.edge(id("cmk"), id("intermediate"), solid, "copy")
		w.edge(id("intermediate"), id("standard"), solid, "copy")
		w.edge(id("cmk"), id("bus"), dotted, "job events")
		w.edge(id("bus"), id("ingest"), dotted, "ingest rule")
		w.edge(id("ingest"), id("standard"), dotted, "starts copy, sets lifecycles")
		w.edge(id("restore"), id("default"), dotted, "restores: locked, intermediate, member vaults")
		if w.has(id("reconcile")) {
			w.edge(id("reconcile"), id("standard"), dotted, "starts missed copies")
		}
		if w.has(id("share")) {
			w.edge(id("share"), id("lag"), dotted, "shares with targets")
		}
		if hasTopic {
			w.edge(id("bus"), id("topic"), dotted, "failed jobs")
			if w.has(id("alarms")) {
				w.edge(id("alarms"), id("topic"), dotted, "alarm")
			}
		}
	}
	w.flushEdges()
	w.line(1, "classDef locked fill:#fde8e8,stroke:#b42318,color:#000")
	w.line(1, "classDef lag fill:#e8f0fe,stroke:#1a56db,color:#000")
	w.line(1, "classDef workflow fill:#f3f4f6,stroke:#4b5563,color:#000")
	for _, group := range []struct{ class, kind string }{{"locked", "standard"}, {"lag", "lag"}, {"lag", "memberlag"}, {"workflow", "ingest"},
		{"workflow", "restore"}, {"workflow", "reconcile"}} {
		var ids []string
		for _, n := range w.ids {
			if strings.HasSuffix(n, "_"+group.kind) {
				ids = append(ids, n)
			}
		}
		if len(ids) > 0 {
			w.line(1, "class "+strings.Join(ids, ",")+" "+group.class)
		}
	}
	return w.String()
}

// regions are the deployment's regions in the configuration's order.
func regions(cfg config.Config, s central.Summary) []string {
	var out []string
	for _, r := range cfg.Regions {
		if _, ok := s.Regions[r]; ok {
			out = append(out, r)
		}
	}
	return out
}

// summaryAccount is the central account id of the deployment's vault ARNs.
func summaryAccount(s central.Summary) string {
	for _, rs := range s.Regions {
		if parts := strings.Split(rs.IntermediateVaultARN, ":"); len(parts) > 4 {
			return parts[4]
		}
	}
	return ""
}

func resourcesByRegion(rs []desired.Resource, key string) map[string][]desired.Resource {
	out := map[string][]desired.Resource{}
	for _, r := range rs {
		if r.Deployment == key {
			out[r.Region] = append(out[r.Region], r)
		}
	}
	return out
}

// physicalNames are the physical names of the resources of type typ, in
// plan order, but the excluded ones.
func physicalNames(rs []desired.Resource, typ string, exclude ...string) []string {
	var out []string
	for _, r := range rs {
		if r.Type == typ && r.PhysicalName != "" && !slices.Contains(exclude, r.PhysicalName) && !slices.Contains(out, r.PhysicalName) {
			out = append(out, r.PhysicalName)
		}
	}
	return out
}

// vaultLines is a vault node's label: its title, then the current vault
// and the retained ones.
func vaultLines(title string, vaults []string, current string) []string {
	out := []string{title}
	for _, v := range vaults {
		if v == current {
			out = append(out, v+" (current)")
		}
	}
	for _, v := range vaults {
		if v != current {
			out = append(out, v+" (retained)")
		}
	}
	return out
}

type shape struct{ open, close string }

var (
	shapeBox     = shape{"[", "]"}
	shapeVault   = shape{"[(", ")]"}
	shapeMachine = shape{"[[", "]]"}
	shapeBus     = shape{"{{", "}}"}
	shapeTopic   = shape{"([", "])"}
)

const (
	solid  = "-->"
	dotted = "-.->"
)

// writer collects a flowchart's lines; edges come after every node so
// that no edge creates a node outside its subgraph.
type writer struct {
	b     strings.Builder
	ids   []string
	edges []string
}

func (w *writer) String() string { return w.b.String() }

func (w *writer) line(indent int, s string) {
	w.b.WriteString(strings.Repeat("    ", indent) + s + "\n")
}

func (w *writer) has(id string) bool { return slices.Contains(w.ids, id) }

// node writes a node whose label is lines; the first line may hold the
// <b> markup this package writes, every other line is escaped.
func (w *writer) node(indent int, id string, s shape, lines ...string) {
	w.ids = append(w.ids, id)
	label := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 && strings.HasPrefix(l, "<b>") && strings.HasSuffix(l, "</b>") {
			label[i] = "<b>" + Escape(strings.TrimSuffix(strings.TrimPrefix(l, "<b>"), "</b>")) + "</b>"
			continue
		}
		label[i] = Escape(l)
	}
	w.line(indent, id+s.open+`"`+strings.Join(label, "<br/>")+`"`+s.close)
}

func (w *writer) subgraph(indent int, id, title string) {
	w.line(indent, "subgraph "+id+`["`+Escape(title)+`"]`)
}

func (w *writer) end(indent int) { w.line(indent, "end") }

func (w *writer) edge(from, to, arrow, label string) {
	w.edges = append(w.edges, from+" "+arrow+`|"`+Escape(label)+`"|`+" "+to)
}

func (w *writer) flushEdges() {
	for _, e := range w.edges {
		w.line(1, e)
	}
}

// Escape makes s safe inside a quoted Mermaid label: the characters that
// end the label or that Mermaid or HTML read as markup become Mermaid's
// numeric entity codes (#34; for a double quote), so they show as
// themselves.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"', '#', '&', '<', '>', '`':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownText is s as plain Markdown heading text.
func markdownText(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "<", "&lt;", ">", "&gt;", "#", "\\#", "\n", " ")
	return r.Replace(s)
}

// ReferenceMarker marks, in a Markdown page, where the reference example's
// diagram goes: the ```mermaid block right after it is Embed's.
const ReferenceMarker = "<!-- diagram:reference -->"

// Embed returns page with chart as the Mermaid block after the first
// ReferenceMarker: the block there is replaced, or inserted when there is
// none. It reports false when page has no marker.
func Embed(page, chart string) (string, bool) {
	i := strings.Index(page, ReferenceMarker)
	if i < 0 {
		return page, false
	}
	head, rest := page[:i+len(ReferenceMarker)], page[i+len(ReferenceMarker):]
	block := "\n\n```mermaid\n" + chart + "```\n"
	trimmed := strings.TrimLeft(rest, "\n")
	if body, ok := strings.CutPrefix(trimmed, "```mermaid\n"); ok {
		if end := strings.Index(body, "\n```\n"); end >= 0 {
			return head + block + body[end+len("\n```\n"):], true
		}
		if strings.HasSuffix(body, "\n```") {
			return head + block, true
		}
	}
	return head + block + "\n" + trimmed, true
}
