// Command write makes the diagrams render does not: <out>/escaping/diagram.md,
// the configuration's diagram with names full of the characters a label
// must escape, so that the diagram tier checks the escaping under Mermaid's
// own parser beside what render writes. With -page it puts the
// configuration's first deployment's flowchart after the page's
// diagram.ReferenceMarker instead (docs/diagram.md holds the reference
// example's; TestPagesShowTheReferenceDiagram keeps it current).
//
//	go run ./tests/diagram/write -out .cache/diagram examples/config/reference.yaml
//	go run ./tests/diagram/write -page docs/diagram.md examples/config/reference.yaml
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/diagram"
)

// hostile holds every character Mermaid or HTML reads as markup.
const hostile = `say "hi" [x] {y} (z) <b>bold</b> & #35; ` + "`tick`" + ` |pipe| end`

func main() {
	out := flag.String("out", "", "the directory to write into")
	page := flag.String("page", "", "a Markdown page to put the first deployment's flowchart into")
	flag.Parse()
	if (*out == "") == (*page == "") || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: write -out DIR CONFIG.yaml | write -page PAGE.md CONFIG.yaml")
		os.Exit(2)
	}
	path := flag.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	f, err := config.Load(data)
	if err != nil {
		fail(fmt.Errorf("%s: %w", path, err))
	}
	result, err := central.Build(f.Config, f.Context)
	if err != nil {
		fail(fmt.Errorf("%s: %w", path, err))
	}
	if *page != "" {
		embed(*page, result)
		return
	}
	write(*out, "escaping", diagram.Markdown(withHostileNames(result)))
}

// withHostileNames is r with hostile text in every alarm name and target OU.
func withHostileNames(r central.Result) central.Result {
	deployments := map[string]config.Deployment{}
	for key, d := range r.Config.Deployments {
		d.BackupTargets = append([]string{hostile}, d.BackupTargets...)
		deployments[key] = d
	}
	r.Config.Deployments = deployments
	summaries := map[string]central.Summary{}
	for key, s := range r.Deployments {
		regions := map[string]central.RegionSummary{}
		for region, rs := range s.Regions {
			rs.AlarmNames = append([]string{hostile}, rs.AlarmNames...)
			rs.EventBusName = hostile
			regions[region] = rs
		}
		s.Regions = regions
		summaries[key] = s
	}
	r.Deployments = summaries
	return r
}

func embed(page string, result central.Result) {
	text, err := os.ReadFile(page)
	if err != nil {
		fail(err)
	}
	keys := result.Config.DeploymentKeys()
	if len(keys) == 0 {
		fail(fmt.Errorf("no deployment"))
	}
	embedded, ok := diagram.Embed(string(text), diagram.Flowchart(result, keys[0]))
	if !ok {
		fail(fmt.Errorf("%s: no %s", page, diagram.ReferenceMarker))
	}
	if err := os.WriteFile(page, []byte(embedded), 0o644); err != nil {
		fail(err)
	}
}

func write(out, name, markdown string) {
	dir := filepath.Join(out, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "diagram.md"), []byte(markdown), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "write:", err)
	os.Exit(1)
}
